"""Staff sessions and passwords: a new key at login, idle and absolute limits, logout on the
server, MFA for every role and after a password reset, passwords, no account enumeration."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from buurtinbloei import sessions
from buurtinbloei.models import AuditEvent
from buurtinbloei.permissions import Role
from tests.core.test_mfa import current_code
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def log_in(client: Client, user, password: str = PASSWORD):
    return client.post("/accounts/login/", {"login": user.email, "password": password})


def session_key(client: Client) -> str:
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


# --- The session key, logout ----------------------------------------------------------------


def test_logging_in_gives_a_new_session_key(client, personas):
    session = client.session  # an anonymous session, as a visitor has one before logging in
    session["iets"] = "van voor het inloggen"
    session.save()
    before = session_key(client)
    log_in(client, personas.verbinder)
    assert client.session["_auth_user_id"] == str(personas.verbinder.pk)
    assert session_key(client) != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logging_in_with_a_second_factor_gives_a_new_key_after_the_code(client, personas):
    secret = generate_totp_secret()
    TOTP.activate(personas.verbinder, secret)
    session = client.session
    session.save()
    before = session_key(client)
    assert log_in(client, personas.verbinder).url == "/accounts/2fa/authenticate/"
    halfway = session_key(client)
    client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert client.session["_auth_user_id"] == str(personas.verbinder.pk)
    assert session_key(client) not in (before, halfway)


def test_after_logout_the_old_session_cookie_no_longer_works(client, personas):
    log_in(client, personas.verbinder)
    old_key = session_key(client)
    assert client.get("/inwoners/").status_code == 200
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=old_key).exists()
    thief = Client()
    thief.cookies[django_settings.SESSION_COOKIE_NAME] = old_key
    response = thief.get("/inwoners/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


# --- Idle timeout and absolute lifetime -----------------------------------------------------


class Clock:
    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock():
    clock = Clock()
    with mock.patch.object(sessions, "now", clock):
        yield clock


def test_the_defaults_are_thirty_minutes_idle_and_ten_hours_in_all():
    assert django_settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert django_settings.SESSION_ABSOLUTE_LIFETIME == 10 * 60 * 60


def test_a_session_ends_after_the_idle_time_on_the_server(client, personas, clock):
    log_in(client, personas.verbinder)
    key = session_key(client)
    clock.t += 29 * 60
    assert client.get("/inwoners/").status_code == 200
    clock.t += 29 * 60  # 58 minutes after login, but never 30 minutes idle
    assert client.get("/inwoners/").status_code == 200
    clock.t += 31 * 60
    response = client.get("/inwoners/?q=jan")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/inwoners/%3Fq%3Djan"
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/inwoners/").status_code == 302
    event = AuditEvent.objects.get(action="session_expired")
    assert event.actor == personas.verbinder and event.details == {"reason": "idle"}


def test_the_idle_time_is_configurable(client, personas, clock, settings):
    settings.SESSION_IDLE_TIMEOUT = 5 * 60
    log_in(client, personas.verbinder)
    clock.t += 6 * 60
    assert client.get("/inwoners/").status_code == 302


def test_a_session_ends_ten_hours_after_login_however_busy(client, personas, clock):
    log_in(client, personas.verbinder)
    for _ in range(40):  # a request every 15 minutes for ten hours
        clock.t += 15 * 60
        assert client.get("/inwoners/").status_code == 200
    clock.t += 15 * 60
    assert client.get("/inwoners/").status_code == 302
    assert AuditEvent.objects.get(action="session_expired").details == {"reason": "lifetime"}


def test_an_htmx_request_of_an_expired_session_loads_the_login_page(client, personas, clock):
    log_in(client, personas.verbinder)
    clock.t += 31 * 60
    response = client.get("/inwoners/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/accounts/login/")


# --- MFA for every role, also after a password reset ----------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_with_mfa_required_every_staff_role_must_set_up_an_authenticator(
    client, db, settings, role
):
    settings.MFA_REQUIRED = True
    user = UserFactory(role=role, email=f"{role}@example.org")
    log_in(client, user)
    for path in ("/", "/beheer/", "/privacy/logboek/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url == "/accounts/2fa/totp/activate/"


def test_production_mode_requires_mfa_without_being_told(tmp_path):
    from cryptography.fernet import Fernet

    from tests.core.test_settings import run_manage

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.MFA_REQUIRED, settings.DEBUG)",
        SECRET_KEY="a-long-random-production-secret-key-" + "x" * 40,
        MFA_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="buurtinbloei.example.org",
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True False"


def test_a_password_reset_does_not_bypass_the_second_factor(client, personas):
    secret = generate_totp_secret()
    TOTP.activate(personas.verbinder, secret)
    client.post("/accounts/password/reset/", {"email": personas.verbinder.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    page = client.get(link[1], follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link[1]
    new = "een nieuwe zin voor na het vergeten"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    personas.verbinder.refresh_from_db()
    assert personas.verbinder.check_password(new)
    assert "_auth_user_id" not in client.session  # the reset does not log in by itself
    assert log_in(client, personas.verbinder, new).url == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get("/inwoners/").status_code == 302


# --- Passwords ------------------------------------------------------------------------------


def test_a_long_passphrase_without_capitals_digits_or_signs_is_accepted(personas):
    passphrase = "de fiets staat bij de bakker om de hoek"
    assert len(passphrase) >= 38
    validate_password(passphrase + "!!", personas.verbinder)  # 40 characters
    validate_password("x" * 2 + " kopje thee met de buren", personas.verbinder)


@pytest.mark.parametrize(
    "password",
    [
        "wachtwoord1234",
        "Wachtw00rd!2024",
        "P@ssw0rd12345",
        "Eindhoven2026!",
        "korter11",
        "123456789012",
    ],
)
def test_common_short_and_dressed_up_passwords_are_refused(personas, password):
    with pytest.raises(ValidationError):
        validate_password(password, personas.verbinder)


def test_a_weak_password_is_refused_when_it_is_chosen(client, personas):
    client.force_login(personas.verbinder)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "wachtwoord1234", "password2": "wachtwoord1234"},
    )
    assert response.status_code == 200
    personas.verbinder.refresh_from_db()
    assert personas.verbinder.check_password(PASSWORD)


# --- No account enumeration -----------------------------------------------------------------


def _errors(response) -> str:
    return " ".join(str(e) for e in response.context["form"].non_field_errors())


def test_the_login_says_the_same_for_an_unknown_address_and_a_wrong_password(client, personas):
    unknown = client.post("/accounts/login/", {"login": "niemand@example.org", "password": "fout"})
    wrong = client.post("/accounts/login/", {"login": personas.verbinder.email, "password": "fout"})
    assert unknown.status_code == wrong.status_code == 200
    assert _errors(unknown) and _errors(unknown) == _errors(wrong)


def test_the_password_reset_answers_the_same_for_known_and_unknown_addresses(client, personas):
    known = client.post("/accounts/password/reset/", {"email": personas.verbinder.email})
    unknown = client.post("/accounts/password/reset/", {"email": "niemand@example.org"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert known.url == "/accounts/password/reset/done/"


# --- The Django admin signs in through allauth only -----------------------------------------


def test_the_admin_login_sends_to_the_allauth_login(client, db):
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    response = client.get("/beheer/")
    assert response.status_code == 302 and "login" in response.url
    assert client.get(response.url).url.startswith("/accounts/login/")


def test_posting_a_password_to_the_admin_login_logs_nobody_in(client, personas):
    client.post("/beheer/login/", {"username": personas.beheerder.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
