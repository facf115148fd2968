"""The production server, started as a deployment would: for the smoke test, the load test
and the scale-out tests (issue 14).

A fresh PostgreSQL database of its own (created, migrated, dropped at the end), static files
collected into a temporary VAR_DIR, and gunicorn started with ``gunicorn.conf.py`` and
production settings (``DEBUG=false``), bound to 127.0.0.1 only. The environment is built from
scratch rather than copied, so nothing of the calling process (a test run's settings, say)
leaks into the server. The HTTP client is the standard library's, one cookie jar per client,
and it speaks as the TLS proxy would: ``X-Forwarded-Proto: https`` and the client's address in
``X-Forwarded-For``.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

from cryptography.fernet import Fernet

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
GUNICORN_CONFIG = BASE_DIR / "gunicorn.conf.py"
LOGIN = "/accounts/login/"


class ServerError(Exception):
    pass


# --- the database ---------------------------------------------------------------------------


def database_url(base_url: str, name: str) -> str:
    """``base_url`` with another database name (same server, user and options)."""
    parts = urllib.parse.urlsplit(base_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def _admin_connection(url: str):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=urllib.parse.unquote(parts.username or "postgres"),
        password=urllib.parse.unquote(parts.password or "") or None,
        dbname="postgres",
        autocommit=True,
    )


def create_database(url: str) -> None:
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with _admin_connection(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with _admin_connection(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """Read the server's database directly (not through Django: the caller may be a test run
    whose Django points at another database)."""
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(sql, params).fetchall()


# --- settings and manage.py -----------------------------------------------------------------


def production_env(url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    """Production settings as /etc/buurtinbloei/env would give them, plus ``extra``."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TZ") if name in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="buurtinbloei.settings",
        PYTHONDONTWRITEBYTECODE="1",
        DATABASE_URL=url,
        VAR_DIR=str(var_dir),
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        MFA_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        ALLOWED_HOSTS=HOST,
        MFA_REQUIRED="true",
        BEHIND_TLS_PROXY="true",
        TRUSTED_PROXY_COUNT="1",
        SITE_URL="https://buurtinbloei.example.org",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        WIJ_PHONE="040 123 4567",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ServerError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout + result.stderr


def prepare(env: dict[str, str]) -> None:
    """What a deploy runs before the new version takes traffic (README, deploy/)."""
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--no-input", "-v0")


# --- gunicorn -------------------------------------------------------------------------------


def free_port() -> int:
    """A free port of 127.0.0.1; from ``PRODSERVER_PORTS`` (e.g. ``8611-8629``) when set, for
    a machine where each user has a range of their own."""
    first, _, last = os.environ.get("PRODSERVER_PORTS", "").partition("-")
    candidates = range(int(first), int(last or first) + 1) if first else [0]
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind((HOST, port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise ServerError(f"no free port in PRODSERVER_PORTS={os.environ['PRODSERVER_PORTS']}")


class Server:
    """gunicorn with gunicorn.conf.py; its output (access log included) goes to ``log``."""

    def __init__(self, env: dict[str, str], log: Path, port: int | None = None, workers=None):
        self.port = port or free_port()
        self.log = log
        self.env = dict(env, GUNICORN_BIND=f"{HOST}:{self.port}")
        if workers:
            self.env["WEB_CONCURRENCY"] = str(workers)
        self.process: subprocess.Popen | None = None
        self.stopping = False

    def start(self, wait: float = 60) -> Server:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
        command += ["-c", str(GUNICORN_CONFIG), "buurtinbloei.wsgi"]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=BASE_DIR, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"gunicorn stopped at start-up:\n{self.log_text()[-3000:]}")
            try:
                if Client(self.port).get("/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise ServerError(f"gunicorn did not answer /healthz within {wait:.0f} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.terminate()
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def terminate(self) -> None:
        """A graceful stop, as systemd does (SIGTERM); :meth:`stop` waits for it."""
        if self.process is not None and self.process.poll() is None and not self.stopping:
            self.stopping = True
            self.process.send_signal(signal.SIGTERM)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@contextlib.contextmanager
def production(
    base_url: str,
    name: str,
    *,
    servers: int = 1,
    workers=None,
    before: Callable[[dict[str, str]], None] | None = None,
    **extra: str,
) -> Iterator[tuple[list[Server], str, dict[str, str]]]:
    """A fresh database ``name`` next to ``base_url``'s, prepared, with ``servers`` gunicorn
    processes on it; everything is stopped and dropped afterwards, also after a failure.
    ``before(env)`` runs once the database is ready, before gunicorn starts."""
    url = database_url(base_url, name)
    var_dir = Path(tempfile.mkdtemp(prefix=f"{name}-"))
    env = production_env(url, var_dir, **extra)
    started: list[Server] = []
    create_database(url)
    try:
        prepare(env)
        if before is not None:
            before(env)
        for n in range(servers):
            started.append(Server(env, var_dir / f"gunicorn-{n}.log", workers=workers).start())
        yield started, url, env
    finally:
        for server in started:  # all at once, then wait for each
            server.terminate()
        for server in started:
            server.stop()
        drop_database(url)
        shutil.rmtree(var_dir, ignore_errors=True)


# --- the client -----------------------------------------------------------------------------


class Client:
    """One client: its own cookies and address, speaking through the (imagined) TLS proxy.

    ``forwarded_for`` is the client's address as the proxy would append it; ``https`` sends
    ``X-Forwarded-Proto: https`` (set it False to see what a plain-HTTP request gets).
    """

    def __init__(
        self,
        port: int,
        forwarded_for: str | None = None,
        https: bool = True,
        host: str = "",
        tls: bool = False,
    ):
        self.port = port
        # tls: speak TLS itself, to the proxy (its certificate is not checked: a test's own).
        self.tls = tls
        # The Host header: a proxy in front of several servers passes the public name to all.
        self.host = host or f"{HOST}:{port}"
        self.forwarded_for = forwarded_for
        self.https = https
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    @property
    def origin(self) -> str:
        return f"{'https' if self.https or self.tls else 'http'}://{self.host}"

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = {"Host": self.host, **(headers or {})}
        if self.https:
            headers["X-Forwarded-Proto"] = "https"
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None and self.tls:
                context = ssl._create_unverified_context()
                self.connection = http.client.HTTPSConnection(
                    HOST, self.port, timeout=120, context=context
                )
            elif self.connection is None:
                self.connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # The server closed a kept-alive connection: reconnect once.
                self.close()
                if attempt == 2:
                    raise
        if response.will_close:
            self.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data, response.headers

    def get(self, path: str, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path: str, fields: dict | list, headers=None):
        """A form post with the CSRF token of the page last read (``csrftoken`` cookie)."""
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            # Django checks Origin (and on HTTPS the Referer) against the host.
            "Origin": self.origin,
            "Referer": f"{self.origin}{path}",
            **(headers or {}),
        }
        return self.request("POST", path, body=body, headers=headers)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def hidden_inputs(page: bytes, action: str) -> dict[str, str]:
    """The hidden inputs (CSRF token, one-time token, start time) of the page's form that posts
    to ``action``; the other forms (the language switch) have hidden inputs of their own."""
    found = {}
    forms = re.findall(rb"<form[^>]*>.*?</form>", page, flags=re.DOTALL)
    for form in forms:
        if not re.search(rb'action="' + re.escape(action.encode()) + rb'"', form[:500]):
            continue
        for tag in re.findall(rb"<input[^>]*>", form):
            if b'type="hidden"' not in tag:
                continue
            name = re.search(rb'name="([^"]+)"', tag)
            value = re.search(rb'value="([^"]*)"', tag)
            if name:
                found[name.group(1).decode()] = value.group(1).decode() if value else ""
    return found


def login(client: Client, email: str, password: str):
    """Log in through allauth's form; returns the final answer's status and Location."""
    status, page, _ = client.get(LOGIN)
    if status != 200:
        raise ServerError(f"{LOGIN} answered {status}")
    fields = {"login": email, "password": password, **hidden_inputs(page, LOGIN)}
    status, _body, headers = client.post(LOGIN, fields)
    return status, headers.get("Location", "")
