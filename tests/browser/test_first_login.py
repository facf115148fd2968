"""A new colleague's first login in production mode: invitation, password, authenticator, home."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from playwright.sync_api import Page, expect

from buurtinbloei.models import User
from tests.conftest import client_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "mijn-eigen-lange-wachtwoord"


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_an_invited_colleague_chooses_a_password_sets_up_totp_and_reaches_home(
    page: Page, live_server, personas, settings
):
    settings.MFA_REQUIRED = True  # production mode: nothing without an authenticator app
    TOTP.activate(personas.beheerder, generate_totp_secret())  # the beheerder has theirs
    invited = User.objects.create_user("nieuwe.collega@example.org", None, first_name="Noor")
    invited.wijkteams.set([personas.own_wijkteam])
    response = client_for(personas.beheerder).post(
        "/beheer/buurtinbloei/user/",
        {"action": "send_invitation", "_selected_action": [invited.pk]},
    )
    assert response.status_code == 302
    [invitation] = mail.outbox
    path = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", invitation.body)[1]

    # The link from the mail: choose a password.
    page.goto(f"{live_server.url}{path}")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nieuw wachtwoord (bevestigen)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord wijzigen").click()

    # Log in with it; the app sends a new colleague to set up an authenticator app first.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(invited.email)
    page.get_by_label("Wachtwoord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{live_server.url}/")
    # allauth asks for the password once more before a change to the account's security.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_label("Wachtwoord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))

    # Set up the authenticator app with the secret shown on the page.
    secret = page.get_by_label("Authenticator geheim").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activeer").click()
    expect(page).not_to_have_url(re.compile(r"/totp/activate/"))
    assert Authenticator.objects.filter(user=invited, type="totp").exists()

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Goedendag, Noor")
    page.wait_for_load_state("networkidle")
