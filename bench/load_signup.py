"""Load test of the public sign-up against the production server (issue 14): `make load`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anything python bench/load_signup.py \\
        [--clients 50] [--duration 30] [--workers N] [--json var/load/signup.json]

Starts gunicorn with gunicorn.conf.py and production settings on a fresh PostgreSQL database
of its own (dropped afterwards), or uses a running one (``--port``, with ``--database-url``
naming its database). Only 127.0.0.1 is ever contacted.

Every client is a different person: its own cookie jar, its own address in
``X-Forwarded-For`` (the server runs as behind the TLS proxy, ``BEHIND_TLS_PROXY=true``,
``TRUSTED_PROXY_COUNT=1``). Each client loops: GET the form, then POST a valid sign-up with a
unique marker in "Waar zou je hulp of gezelschap bij willen?". The server runs with
``SIGNUP_MIN_SECONDS=0`` (a program fills the form in faster than the 3-second minimum for
people); ``SIGNUP_RATE_LIMIT`` stays at its default, 5 per hour per address, so every client
gets five sign-ups through and is refused after that.

Afterwards it checks: every accepted post's marker is in the database exactly once and there
is nothing else of this run; every refusal was a 429 with the friendly Dutch page (what was
typed, WIJeindhoven's number); each client got exactly its limit through (no more, none lost);
no 5xx and nothing else. It prints throughput (accepted sign-ups/s, requests/s) and
p50/p95/max latency for GET and POST; exit status 1 when an invariant does not hold.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import signal
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.prodserver import Client, ServerError, hidden_inputs, production, query

FORM = "/aanmelden/?wil=hulp"
POST = "/aanmelden/"
#: The default SIGNUP_RATE_LIMIT, "5/h": what each client may get through per hour window.
LIMIT, PERIOD = 5, 3600
REFUSAL_TEXTS = ("net al veel aanmeldingen verstuurd", "bel WIJeindhoven: 040-1234567")


@dataclass
class ClientRecord:
    address: str
    gets: list[float] = field(default_factory=list)
    posts: list[float] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    refused: int = 0
    refused_before_limit: int = 0
    problems: list[str] = field(default_factory=list)
    server_errors: int = 0


@dataclass
class Result:
    clients: int
    seconds: float
    workers: str
    accepted: int = 0
    refused: int = 0
    server_errors: int = 0
    requests: int = 0
    problems: list[str] = field(default_factory=list)
    latency_ms: dict = field(default_factory=dict)
    accepted_per_s: float = 0.0
    requests_per_s: float = 0.0
    #: How many of the rate limit's hour windows the run touched (1 unless it crossed the hour).
    windows: int = 1

    @property
    def ok(self) -> bool:
        return not self.problems and self.server_errors == 0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[index]


def one_client(port: int, record: ClientRecord, run: str, n: int, stop_at: float, at_least: int):
    """One client's loop (a thread); anything that goes wrong is written down, never lost."""
    client = Client(port, forwarded_for=record.address)
    try:
        _loop(client, record, run, n, stop_at, at_least)
    except Exception as error:  # a refused connection, a timeout: a problem of the run
        record.problems.append(f"{record.address}: {error!r}")
    finally:
        client.close()


def _loop(client: Client, record: ClientRecord, run: str, n: int, stop_at: float, at_least: int):
    posts = 0
    while time.monotonic() < stop_at or posts < at_least:
        started = time.perf_counter()
        status, page, _ = client.get(FORM)
        record.gets.append(time.perf_counter() - started)
        if status != 200:
            record.server_errors += status >= 500
            record.problems.append(f"{record.address}: GET {FORM} answered {status}")
            return
        marker = f"{run}-{n}-{posts}"
        fields = {
            **hidden_inputs(page, POST),
            "first_name": f"Belasting{n}",
            "email": f"load-{n}@example.org",
            "buurt": "onbekend",
            "help_wanted": marker,
            "consent": "on",
            "website": "",
        }
        started = time.perf_counter()
        status, page, headers = client.post(POST, fields)
        record.posts.append(time.perf_counter() - started)
        posts += 1
        text = page.decode(errors="replace")
        if status == 302 and headers.get("Location") == "/aanmelden/bedankt/":
            record.accepted.append(marker)
        elif status == 429 and all(part in text for part in REFUSAL_TEXTS) and marker in text:
            record.refused += 1
            record.refused_before_limit += len(record.accepted) < LIMIT
        else:
            record.server_errors += status >= 500
            record.problems.append(f"{record.address}: POST answered {status} ({marker})")
            return


def run_load(
    port: int,
    url: str,
    *,
    clients: int,
    duration: float,
    at_least: int = 0,
    workers: str = "?",
    fresh: bool = False,
) -> Result:
    """``fresh``: the database held nothing before, so every row in it must be this run's."""
    run = f"load-{secrets.token_hex(4)}"
    # A different address per client, in a block of its own for each run (TEST-NET-less
    # private space, never routed anywhere: only the header carries it).
    block = secrets.randbelow(200) + 20
    records = [ClientRecord(f"10.{block}.{n // 250}.{n % 250 + 1}") for n in range(clients)]
    window_first = int(time.time() // PERIOD)
    began = time.perf_counter()
    stop_at = time.monotonic() + duration
    threads = [
        threading.Thread(target=one_client, args=(port, r, run, n, stop_at, at_least))
        for n, r in enumerate(records)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    windows = int(time.time() // PERIOD) - window_first + 1

    result = Result(clients=clients, seconds=seconds, workers=workers, windows=windows)
    for r in records:
        result.problems += r.problems
        result.server_errors += r.server_errors
        result.accepted += len(r.accepted)
        result.refused += r.refused
        posts = len(r.posts)
        # Exactly the limit through (per hour window the run touched), none refused before it.
        if not (min(posts, LIMIT) <= len(r.accepted) <= LIMIT * windows):
            result.problems.append(f"{r.address}: {len(r.accepted)} of {posts} posts accepted")
        if r.refused_before_limit and windows == 1:
            result.problems.append(f"{r.address}: refused before {LIMIT} were accepted")
    result.requests = sum(len(r.gets) + len(r.posts) for r in records)

    sent = Counter(marker for r in records for marker in r.accepted)
    stored = Counter(
        row[0]
        for row in query(
            url,
            "SELECT help_wanted FROM talents_signup WHERE help_wanted LIKE %s",
            (f"{run}-%",),
        )
    )
    if stored != sent:
        missing = sent - stored
        extra = stored - sent
        result.problems.append(
            f"database: {sum(missing.values())} accepted sign-ups missing, "
            f"{sum(extra.values())} stored that were not accepted or stored twice"
        )

    if fresh:
        total = query(url, "SELECT count(*) FROM talents_signup")[0][0]
        if total != sum(sent.values()):
            result.problems.append(f"database: {total} sign-ups, {sum(sent.values())} accepted")

    gets = [x for r in records for x in r.gets]
    posts = [x for r in records for x in r.posts]
    for name, values in (("GET", gets), ("POST", posts)):
        result.latency_ms[name] = {
            "n": len(values),
            "p50": round(percentile(values, 50) * 1000, 1),
            "p95": round(percentile(values, 95) * 1000, 1),
            "max": round(max(values, default=0) * 1000, 1),
        }
    result.accepted_per_s = round(result.accepted / seconds, 2)
    result.requests_per_s = round(result.requests / seconds, 2)
    return result


def report(result: Result) -> str:
    lines = [
        f"{result.clients} clients for {result.seconds:.1f} s, gunicorn workers: {result.workers}",
        f"requests: {result.requests} ({result.requests_per_s}/s)",
        f"sign-ups accepted: {result.accepted} ({result.accepted_per_s}/s), "
        f"refused with 429: {result.refused}, 5xx: {result.server_errors}",
    ]
    for name, figures in result.latency_ms.items():
        lines.append(
            f"{name:4} n={figures['n']:5}  p50 {figures['p50']:7.1f} ms  "
            f"p95 {figures['p95']:7.1f} ms  max {figures['max']:7.1f} ms"
        )
    lines += [f"PROBLEM: {problem}" for problem in result.problems[:20]]
    lines.append("invariants hold" if result.ok else "INVARIANTS FAILED")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds (default 30)")
    parser.add_argument(
        "--at-least", type=int, default=0, help="each client posts at least this many times"
    )
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY (default: from the cores)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--port", type=int, help="use the server running on 127.0.0.1:PORT")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.clients > 500 or args.duration > 600:
        parser.error("at most 500 clients for at most 600 seconds")
    return args


def load(args: argparse.Namespace) -> Result:
    if args.port:
        return run_load(
            args.port, args.database_url, clients=args.clients, duration=args.duration,
            at_least=args.at_least,
        )  # fmt: skip
    name = urllib.parse.urlsplit(args.database_url).path.lstrip("/") or "buurtinbloei"
    with production(
        args.database_url,
        f"{name}_load_{os.getpid()}",
        workers=args.workers,
        # A program fills the form in at once; SIGNUP_RATE_LIMIT keeps its default (5/h).
        SIGNUP_MIN_SECONDS="0",
    ) as (servers, url, _env):
        workers = str(args.workers or f"{2 * os.cpu_count() + 1} (2 x {os.cpu_count()} cores + 1)")
        return run_load(
            servers[0].port, url, clients=args.clients, duration=args.duration,
            at_least=args.at_least, workers=workers, fresh=True,
        )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        print("load_signup needs DATABASE_URL=postgres://... (a database server)")
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        result = load(args)
    except ServerError as error:
        print(f"FAIL  {error}")
        return 1
    print(report(result))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(asdict(result), indent=2))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
