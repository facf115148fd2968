"""Staff login with MFA (allauth.mfa, TOTP and recovery codes), and its enforcement."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

from tests.factories import PASSWORD


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(client, user):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


def test_with_mfa_required_a_verbinder_must_set_up_an_authenticator_first(
    client, personas, settings
):
    settings.MFA_REQUIRED = True
    log_in(client, personas.verbinder)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/totp/activate/"
    assert client.get("/wijkteams/").url == "/accounts/2fa/totp/activate/"

    # allauth asks for the password once more before a change to the account's security.
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.url.startswith("/accounts/reauthenticate/")
    client.post(page.url, {"password": PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=personas.verbinder, type="totp").exists()
    assert client.get("/").status_code == 200


def test_without_the_setting_no_authenticator_is_asked_for(client, personas, settings):
    settings.MFA_REQUIRED = False
    log_in(client, personas.verbinder)
    assert client.get("/").status_code == 200


def test_a_user_with_totp_needs_the_code_to_finish_logging_in(client, personas):
    secret = generate_totp_secret()
    TOTP.activate(personas.verbinder, secret)
    response = log_in(client, personas.verbinder)
    assert response.url == "/accounts/2fa/authenticate/"
    assert client.get("/").status_code == 200  # the landing page: not logged in yet
    assert b"Goedendag" not in client.get("/").content

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert b"Goedendag" in client.get("/").content


def test_a_recovery_code_also_finishes_logging_in(client, personas):
    TOTP.activate(personas.verbinder, generate_totp_secret())
    codes = RecoveryCodes.activate(personas.verbinder).get_unused_codes()
    log_in(client, personas.verbinder)
    response = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 302
    assert b"Goedendag" in client.get("/").content


def test_repeated_failed_logins_are_rate_limited(client, personas):
    for _ in range(5):
        client.post("/accounts/login/", {"login": personas.verbinder.email, "password": "fout"})
    response = client.post(
        "/accounts/login/", {"login": personas.verbinder.email, "password": PASSWORD}
    )
    # Locked out: even the right password does not log in, and the page says why in Dutch.
    assert "Te veel inlogpogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/accounts/signup/"])
def test_there_is_no_public_staff_sign_up(client, db, path):
    response = client.post(path, {"email": "nieuw@example.org", "password1": "lang-genoeg-123"})
    from buurtinbloei.models import User

    assert not User.objects.filter(email="nieuw@example.org").exists()
    assert response.status_code in {200, 302}
