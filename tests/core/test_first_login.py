"""A new staff member can set up MFA: the invitation link proves their address (issue 7, item 4)."""

from __future__ import annotations

import re

from allauth.account.models import EmailAddress
from django.core import mail

from buurtinbloei.models import Role, User
from tests.conftest import client_for, reauthenticated_client_for
from tests.factories import PASSWORD

NEW_PASSWORD = "een-nieuw-lang-wachtwoord"


def accept_invitation(client, user: User) -> None:
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    page = client.get(link[1], follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link[1]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def invite(beheerder: User, user: User) -> None:
    client_for(beheerder).post(
        "/beheer/buurtinbloei/user/",
        {"action": "send_invitation", "_selected_action": [user.pk]},
    )


def test_using_the_invitation_link_verifies_the_address(personas, client):
    invited = User.objects.create_user("genodigde@example.org", None)
    invite(personas.beheerder, invited)
    accept_invitation(client, invited)
    assert EmailAddress.objects.get(user=invited, email="genodigde@example.org").verified


def test_after_the_invitation_the_new_colleague_can_activate_totp(personas, client, settings):
    invited = User.objects.create_user("genodigde@example.org", None)
    invite(personas.beheerder, invited)
    settings.MFA_REQUIRED = True
    accept_invitation(client, invited)
    client.post("/accounts/login/", {"login": invited.email, "password": NEW_PASSWORD})
    client.get("/accounts/email/")  # looking at one's addresses must not undo anything
    page = client.get("/accounts/2fa/totp/activate/")
    client.post(page.url, {"password": NEW_PASSWORD})  # allauth asks for the password again
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200  # not sent away with "verify your e-mail address first"


def test_an_account_a_beheerder_creates_has_a_verified_address(personas):
    reauthenticated_client_for(personas.beheerder).post(
        "/beheer/buurtinbloei/user/add/",
        {"email": "Nieuw@Example.org", "role": Role.VERBINDER, "usable_password": "false"},
    )
    created = User.objects.get(email="nieuw@example.org")
    address = EmailAddress.objects.get(user=created)
    assert (address.email, address.verified, address.primary) == ("nieuw@example.org", True, True)


def test_a_beheerder_changing_the_address_replaces_the_old_one(personas):
    verbinder = personas.verbinder
    EmailAddress.objects.create(user=verbinder, email=verbinder.email, verified=True, primary=True)
    client = reauthenticated_client_for(personas.beheerder)
    response = client.post(
        f"/beheer/buurtinbloei/user/{verbinder.pk}/change/",
        {
            "email": "nieuw.adres@example.org",
            "first_name": verbinder.first_name,
            "last_name": verbinder.last_name,
            "role": verbinder.role,
            "wijkteams": [personas.own_wijkteam.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert list(EmailAddress.objects.filter(user=verbinder).values_list("email", "verified")) == [
        ("nieuw.adres@example.org", True)
    ]
    assert (
        client_for(None)
        .post("/accounts/login/", {"login": "nieuw.adres@example.org", "password": PASSWORD})
        .status_code
        == 302
    )
