"""Smoke test of the production set-up (issue 14): `make smoke-production`, and in CI.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anything python bench/smoke_production.py

Does what a deployment does, on a fresh PostgreSQL database of its own next to DATABASE_URL's
(dropped at the end, also after a failure or Ctrl+C): migrate, createcachetable,
collectstatic, ``check --deploy --fail-level WARNING``; then starts gunicorn with
gunicorn.conf.py and production settings (DEBUG=false, MFA_REQUIRED=true, BEHIND_TLS_PROXY=true,
fresh SECRET_KEY and MFA_ENCRYPTION_KEY) and checks over HTTP what a municipality's IT
department would check behind its TLS proxy. Prints one line per check; exit status 1 when
any fails.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import signal
import sys
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.prodserver import HOST, Client, ServerError, login, manage, production

STAFF_EMAIL = "smoke-coordinator@example.org"

CREATE_STAFF = """
from buurtinbloei.models import User
from buurtinbloei.permissions import Role
User.objects.create_user(email={email!r}, password={password!r}, role=Role.COORDINATOR)
"""


class Checks:
    def __init__(self) -> None:
        self.failed: list[str] = []

    def check(self, what: str, ok: bool, detail: str = "") -> bool:
        print(f"{'ok  ' if ok else 'FAIL'}  {what}{'' if ok else f'  ({detail})'}", flush=True)
        if not ok:
            self.failed.append(what)
        return ok


def run_checks(port: int, env: dict[str, str], log_text, password: str) -> Checks:
    c = Checks()
    web = Client(port, forwarded_for="203.0.113.10")

    status, _body, _ = web.get("/healthz")
    c.check("/healthz answers 200", status == 200, f"status {status}")

    status, page, headers = web.get("/")
    c.check("the landing page answers 200", status == 200, f"status {status}")
    csp = headers.get("Content-Security-Policy", "")
    c.check("it has a Content-Security-Policy", "default-src 'none'" in csp, csp or "missing")
    hsts = headers.get("Strict-Transport-Security", "")
    c.check("it has HSTS for a year", "max-age=31536000" in hsts, hsts or "missing")

    static = re.search(rb'(/static/[^"?]+\.[0-9a-f]{12}\.css)"', page)
    if c.check("the page links a hashed static file", static is not None, "no hashed CSS link"):
        path = static.group(1).decode()
        status, _body, headers = web.get(path)
        cache = headers.get("Cache-Control", "")
        c.check(
            f"{path} is served with long cache headers",
            status == 200 and "immutable" in cache and "max-age=315360000" in cache,
            f"status {status}, Cache-Control {cache!r}",
        )

    status, page, _ = web.get("/aanmelden/?wil=hulp")
    c.check(
        "the sign-up form answers 200",
        status == 200 and b'name="csrfmiddlewaretoken"' in page,
        f"status {status}",
    )

    staff = Client(port, forwarded_for="203.0.113.11")
    status, location = login(staff, STAFF_EMAIL, password)
    c.check(
        "a staff member can log in",
        status == 302 and location != "/accounts/login/" and "sessionid" in staff.cookies,
        f"status {status}, Location {location!r}",
    )
    status, _body, headers = staff.get("/")
    to_mfa = headers.get("Location", "")
    c.check(
        "MFA on: after login they are sent to set up an authenticator app",
        status == 302 and to_mfa.startswith("/accounts/2fa/totp/activate"),
        f"status {status}, Location {to_mfa!r}",
    )
    status, _body, headers = staff.get("/inwoners/")
    c.check(
        "MFA on: a staff page is out of reach without it",
        status == 302 and headers.get("Location", "").startswith("/accounts/2fa/"),
        f"status {status}, Location {headers.get('Location')!r}",
    )

    plain = Client(port, https=False)
    status, _body, headers = plain.get("/aanmelden/")
    location = headers.get("Location", "")
    c.check(
        "a request that did not come through TLS is redirected to https",
        status == 301 and location.startswith("https://"),
        f"status {status}, Location {location!r}",
    )

    status, page, _ = web.get("/bestaat-niet/")
    text = page.decode(errors="replace")
    c.check(
        "an unknown URL gives the friendly 404 without debug output",
        status == 404
        and "Deze pagina bestaat niet" in text
        and "Traceback" not in text
        and "URLconf" not in text,
        f"status {status}",
    )

    secret = f"0612{secrets.randbelow(10**6):06d}"
    web.get(f"/aanmelden/?wil=hulp&q={secret}")
    web.get(f"/inwoners/?q={secret}")
    access = [line for line in log_text().splitlines() if '"GET /' in line]
    c.check(
        "the access log has the requests, without their query strings",
        any('"GET /aanmelden/ HTTP/1.1" 200' in line for line in access)
        and not any(secret in line or "?" in line for line in access),
        f"{len(access)} access lines; a line with a query string or none at all",
    )
    return c


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--workers", type=int, default=2, help="WEB_CONCURRENCY (default 2)")
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        print("smoke_production needs DATABASE_URL=postgres://... (a database server)")
        return 2
    # systemd, CI or Ctrl+C: stop gunicorn and drop the database on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    name = urllib.parse.urlsplit(args.database_url).path.lstrip("/") or "buurtinbloei"
    password = secrets.token_urlsafe(16)

    def before(env: dict[str, str]) -> None:
        print(manage(env, "check", "--deploy", "--fail-level", "WARNING").strip())
        print("ok    manage.py check --deploy --fail-level WARNING")
        manage(env, "shell", "-c", CREATE_STAFF.format(email=STAFF_EMAIL, password=password))

    try:
        with production(
            args.database_url, f"{name}_smoke_{os.getpid()}", workers=args.workers, before=before
        ) as (servers, _url, env):
            server = servers[0]
            print(f"gunicorn -c gunicorn.conf.py answers on {HOST}:{server.port}")
            checks = run_checks(server.port, env, server.log_text, password)
            if checks.failed:
                print("\n--- gunicorn's log ---\n" + server.log_text()[-4000:])
    except ServerError as error:
        print(f"FAIL  {error}")
        return 1
    print(f"\n{'FAILED: ' + ', '.join(checks.failed) if checks.failed else 'all checks passed'}")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
