"""A database outage against the real stack: gunicorn with the production settings, PostgreSQL
behind a TCP proxy the test cuts and restores (issue 14).

While the proxy refuses connections (and after it dropped the open ones), every page answers
within 2 seconds with the friendly 503 page, static files still come, and a sign-up that was
sent keeps what was typed. Within 5 seconds of the database coming back every page works
again, without restarting gunicorn, and the kept sign-up sent again is stored exactly once.

The database settings under test are the ones the environment gives (``DB_POOL=true`` measures
psycopg's pool); ``OUTAGE_SECONDS`` holds the outage longer, with requests coming in all the
while, as on a real day. The measured times are printed (``pytest -s``).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from talents.models import SignUp

# django_db makes pytest-django create the migrated test database this test copies; transaction
# keeps no transaction open on it, so it can serve as a template.
pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="the outage test needs PostgreSQL (DATABASE_URL=postgres://...)",
    ),
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
APP_PORT = int(os.environ.get("OUTAGE_APP_PORT", "8601"))
PROXY_PORT = int(os.environ.get("OUTAGE_PROXY_PORT", "8602"))
OUTAGE_SECONDS = float(os.environ.get("OUTAGE_SECONDS", "3"))
SECRET_KEY = "reliability-test-only-not-a-secret"
MFA_KEY = "dGVzdHMtb25seS1ub3QtYS1zZWNyZXQtMzItYnl0ZXM="
WAIT_LIMIT = 2.0
RECOVERY_LIMIT = 5.0  # the limits; a measurement of a rejected setting may raise this one
RECOVERY_LIMIT = float(os.environ.get("OUTAGE_RECOVERY_LIMIT", RECOVERY_LIMIT))
#: What a page answers while the database is away: the friendly 503 page, except for the pages
#: that need no database at all (an anonymous visitor's landing page and the login form, static
#: files): they keep working.
OUTAGE_STATUS = {"landing": 200, "login": 200, "static file": 200}


class Proxy:
    """A TCP proxy in threads: ``cut()`` drops the open connections and refuses new ones (as a
    stopped PostgreSQL does), ``restore()`` listens again on the same port."""

    def __init__(self, port: int, target: tuple[str, int]) -> None:
        self.port, self.target = port, target
        self.lock = threading.Lock()
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.server: socket.socket | None = None

    def restore(self) -> None:
        self.server = socket.create_server(("127.0.0.1", self.port), backlog=64)
        threading.Thread(target=self._accept, args=(self.server,), daemon=True).start()

    def cut(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            _close(server)
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for sock in pair:
                _close(sock)

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _address = server.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            upstream.settimeout(None)
            with self.lock:
                self.pairs.append((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        _close(source)
        _close(sink)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in accept() or recv()
    sock.close()


class Answer:
    def __init__(self, status: int, headers: dict, body: str, seconds: float) -> None:
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds


def fetch(path: str, *, data: dict | list | None = None, cookies: dict | None = None) -> Answer:
    """One request as the TLS proxy passes it on; a page that hangs fails after 10 seconds."""
    headers = {"Host": f"127.0.0.1:{APP_PORT}", "X-Forwarded-Proto": "https"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if data is not None:
        body = urlencode(data, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = f"https://127.0.0.1:{APP_PORT}"
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=10)
    try:
        conn.request("POST" if data is not None else "GET", path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
    finally:
        conn.close()
    return Answer(response.status, dict(response.getheaders()), text, time.monotonic() - started)


def hidden_inputs(page: str) -> list[tuple[str, str]]:
    found = re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', page)
    return [(unescape(name), unescape(value)) for name, value in found]


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


SETUP = """
import time
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from buurtinbloei.models import Role, User
call_command("createcachetable")
user = User.objects.create_user("coordinator.outage@example.org", None, role=Role.COORDINATOR)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session["bib_login_at"] = session["bib_seen_at"] = time.time()
session.create()
print(session.session_key)
"""


@pytest.fixture
def reliability_db(django_db_blocker):
    """A copy of the migrated test database, made and dropped by this test."""
    params = connection.get_connection_params()
    template = connection.settings_dict["NAME"]
    name = f"{template}_outage"
    admin = {
        "host": params.get("host") or "127.0.0.1",
        "port": int(params.get("port") or 5432),
        "user": params.get("user"),
        "password": params.get("password"),
        "dbname": "postgres",
        "autocommit": True,
    }
    with django_db_blocker.unblock():
        connection.close()  # a template may have no other sessions
        if getattr(connection, "pool", None) is not None:
            connection.close_pool()
    began = time.monotonic()
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        for attempt in range(10):
            try:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                break
            except psycopg.errors.ObjectInUse:  # a session closing just now
                if attempt == 9:
                    raise
                if attempt >= 2:
                    # Still busy: a connection left over by an earlier test of this run (a
                    # background thread's, say). Nothing else uses the test database: end them.
                    conn.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = %s AND pid <> pg_backend_pid()",
                        [template],
                    )
                time.sleep(0.5)
    print(f"\nSet-up: database copied in {time.monotonic() - began:.1f} s")
    try:
        yield {**admin, "dbname": name}
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def app(reliability_db, tmp_path):
    """gunicorn with the production settings, its database through the proxy."""
    db = reliability_db
    proxy = Proxy(PROXY_PORT, (db["host"], db["port"]))
    proxy.restore()
    auth = db["user"] + (f":{db['password']}" if db["password"] else "")
    through_proxy = f"postgres://{auth}@127.0.0.1:{PROXY_PORT}/{db['dbname']}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "TEST_DATABASE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="buurtinbloei.settings",
        DEBUG="false",
        SECRET_KEY=SECRET_KEY,
        MFA_ENCRYPTION_KEY=MFA_KEY,
        MFA_REQUIRED="false",
        ALLOWED_HOSTS="127.0.0.1",
        BEHIND_TLS_PROXY="true",
        DATABASE_URL=through_proxy,
        VAR_DIR=str(tmp_path),
        SIGNUP_RATE_LIMIT="100/m",
        SIGNUP_MIN_SECONDS="0",
        WIJ_PHONE="040 123 4567",
        ADMIN_EMAILS="",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    began = time.monotonic()
    static = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env
    )
    session_key = manage(env, "shell", "-c", SETUP).strip().splitlines()[-1]
    print(f"Set-up: cache table and session in {time.monotonic() - began:.1f} s")
    assert static.wait(timeout=60) == 0
    print(f"Set-up: static files collected after {time.monotonic() - began:.1f} s")
    began = time.monotonic()
    log = (tmp_path / "gunicorn.log").open("w")
    gunicorn = [sys.executable, "-m", "gunicorn", "buurtinbloei.wsgi", "-w", "2"]
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and gunicorn)
        [*gunicorn, "--timeout", "30", "-b", f"127.0.0.1:{APP_PORT}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if fetch("/healthz").status == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        print(f"Set-up: gunicorn answering after {time.monotonic() - began:.1f} s")
        yield proxy, session_key, db
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        proxy.cut()
        if os.environ.get("OUTAGE_SHOW_LOG"):
            print((tmp_path / "gunicorn.log").read_text()[-20000:])


def test_pages_answer_503_during_an_outage_and_work_again_after_it(app):
    proxy, session_key, db = app
    staff = {"sessionid": session_key}
    landing = fetch("/")
    assert landing.status == 200
    stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]+\.css)"', landing.body)
    assert stylesheet, "no hashed stylesheet on the landing page"
    pages = {
        "landing": ("/", None),
        "sign-up": ("/aanmelden/?wil=geven", None),
        "login": ("/accounts/login/", None),
        "staff page": ("/wijkteams/", staff),
        "healthz": ("/healthz", None),
        "static file": (stylesheet[1], None),
    }
    form = fetch("/aanmelden/?wil=geven")
    assert form.status == 200
    csrf_cookie = re.search(r"csrftoken=([^;]+)", form.headers["Set-Cookie"])
    assert csrf_cookie, form.headers
    csrf_cookie = csrf_cookie[1]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)[1]
    # The form's own one-time token and signed start time (signed with the app's SECRET_KEY).
    token = re.search(r'name="token" value="([^"]+)"', form.body)[1]
    started = re.search(r'name="started" value="([^"]+)"', form.body)[1]
    name = f"Outage{uuid.uuid4().hex[:6]}"
    signup = {
        "csrfmiddlewaretoken": csrf,
        "wants_to_give": "on",
        "first_name": name,
        "phone": "06-12345678",
        "buurt": "onbekend",
        "talents_other": "Soep koken voor de buren",
        "consent": "on",
        "website": "",
        "started": started,
        "token": token,
    }
    for _round in range(2):  # both workers hold a connection when the database goes
        for path, cookies in pages.values():
            assert fetch(path, cookies=cookies).status == 200, path

    proxy.cut()
    print(f"\nOutage ({os.environ.get('DB_POOL', 'false')=}, {OUTAGE_SECONDS=}):")
    answers = {
        (label, attempt): fetch(path, cookies=cookies)
        for label, (path, cookies) in pages.items()
        for attempt in (1, 2)  # the two workers
    }
    for (label, attempt), answer in answers.items():
        print(f"  {label:12} try {attempt}: {answer.status} in {answer.seconds:.3f} s")
    for (label, _attempt), answer in answers.items():
        assert answer.seconds < WAIT_LIMIT, (label, answer.seconds)
        assert answer.status == OUTAGE_STATUS.get(label, 503), (label, answer.body[:300])
        if label == "healthz":
            assert '"reason": "database"' in answer.body
        elif answer.status == 503:
            assert "Even niet bereikbaar" in answer.body
            assert answer.headers.get("Retry-After")

    resident = {"csrftoken": csrf_cookie}
    sent = fetch("/aanmelden/", data=signup, cookies=resident)
    print(f"  {'sign-up POST':12}: {sent.status} in {sent.seconds:.3f} s")
    assert sent.seconds < WAIT_LIMIT
    assert sent.status == 503
    assert "Het is niet gelukt. Probeer het later nog eens, of bel 040-1234567." in sent.body
    assert name in sent.body
    assert "Soep koken voor de buren" in sent.body
    kept = hidden_inputs(sent.body)
    assert ("token", token) in kept
    assert ("csrfmiddlewaretoken", csrf) in kept

    # A longer outage, with people trying all the while.
    until = time.monotonic() + OUTAGE_SECONDS
    slowest = 0.0
    while time.monotonic() < until:
        for path, cookies in pages.values():
            slowest = max(slowest, fetch(path, cookies=cookies).seconds)
        time.sleep(0.2)
    print(f"  slowest answer while the outage lasted {OUTAGE_SECONDS:.0f} s: {slowest:.3f} s")
    assert slowest < WAIT_LIMIT

    proxy.restore()
    back = time.monotonic()
    rounds = 0
    while True:
        rounds += 1
        answers = {
            (label, attempt): fetch(path, cookies=cookies)
            for label, (path, cookies) in pages.items()
            for attempt in (1, 2)
        }
        if all(answer.status == 200 for answer in answers.values()):
            break
        waiting = [label for label, answer in answers.items() if answer.status != 200]
        assert time.monotonic() - back < RECOVERY_LIMIT, f"still not back: {waiting}"
        time.sleep(0.1)
    recovered = time.monotonic() - back
    print(f"  everything 200 again {recovered:.3f} s after the database came back ({rounds=})")
    for (label, attempt), answer in answers.items():
        print(f"    {label:12} try {attempt}: {answer.status} in {answer.seconds:.3f} s")
    assert "Even niet bereikbaar" not in answers["staff page", 1].body

    first = fetch("/aanmelden/", data=kept, cookies=resident)
    again = fetch("/aanmelden/", data=kept, cookies=resident)
    assert first.status == again.status == 302, (first.status, first.body[-3000:])
    with psycopg.connect(**{**db, "autocommit": True}) as conn:
        stored = conn.execute(
            f"SELECT count(*) FROM {SignUp._meta.db_table} WHERE first_name = %s",  # noqa: S608
            [name],
        ).fetchone()[0]
    assert stored == 1
