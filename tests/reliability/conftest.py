"""Two production servers (gunicorn, gunicorn.conf.py, DEBUG=false) on one fresh database.

Started once per test run and shared by the load and scale-out tests: migrating and
collecting the static files is the slow part. Both processes get the same environment, as
two app servers behind one proxy would (the same SECRET_KEY above all). MFA_REQUIRED=false,
so that a test can log a staff member in with a password only; SIGNUP_MIN_SECONDS=0, as a
program fills the sign-up form in at once. Everything else is production's default.
"""

from __future__ import annotations

import os
import secrets
import urllib.parse
from dataclasses import dataclass

import pytest

from bench.prodserver import Server, manage, production

from . import BASE_DATABASE_URL

STAFF_EMAIL = "schaal-coordinator@example.org"
CREATE_STAFF = """
from buurtinbloei.models import User
from buurtinbloei.permissions import Role
User.objects.create_user(email={email!r}, password={password!r}, role=Role.COORDINATOR,
                         first_name="Schaal")
"""


@dataclass
class Pair:
    a: Server
    b: Server
    url: str
    staff_email: str
    staff_password: str


@pytest.fixture(scope="session")
def pair():
    name = urllib.parse.urlsplit(BASE_DATABASE_URL).path.lstrip("/") or "buurtinbloei"
    password = secrets.token_urlsafe(16)

    def before(env: dict[str, str]) -> None:
        manage(env, "shell", "-c", CREATE_STAFF.format(email=STAFF_EMAIL, password=password))

    with production(
        BASE_DATABASE_URL,
        f"{name}_rel_{os.getpid()}",
        servers=2,
        workers=2,
        before=before,
        MFA_REQUIRED="false",
        SIGNUP_MIN_SECONDS="0",
    ) as (servers, url, _env):
        yield Pair(servers[0], servers[1], url, STAFF_EMAIL, password)
