"""A beheerder creates staff accounts and invites people; they set their own password."""

from __future__ import annotations

import re

from django.core import mail

from buurtinbloei.models import Role, User
from tests.conftest import client_for, reauthenticated_client_for


def test_a_beheerder_creates_a_verbinder_in_the_admin(personas):
    response = reauthenticated_client_for(personas.beheerder).post(
        "/beheer/buurtinbloei/user/add/",
        {
            "email": "Nieuwe.Verbinder@Example.org",
            "first_name": "Noor",
            "last_name": "de Vries",
            "role": Role.VERBINDER,
            "wijkteams": [personas.own_wijkteam.pk],
            "usable_password": "false",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="nieuwe.verbinder@example.org")
    assert user.role == Role.VERBINDER and not user.is_staff
    assert list(user.wijkteams.all()) == [personas.own_wijkteam]
    assert not user.has_usable_password()


def test_the_invitation_action_mails_a_link_to_set_a_password(personas, client):
    invited = User.objects.create_user("genodigde@example.org", None, first_name="Gijs")
    response = client_for(personas.beheerder).post(
        "/beheer/buurtinbloei/user/",
        {"action": "send_invitation", "_selected_action": [invited.pk]},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["genodigde@example.org"]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    page = client.get(link[1], follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link[1]
    client.post(
        form_url,
        {"password1": "een-nieuw-lang-wachtwoord", "password2": "een-nieuw-lang-wachtwoord"},
    )
    invited.refresh_from_db()
    assert invited.check_password("een-nieuw-lang-wachtwoord")


def test_a_forgotten_password_can_be_reset_by_email(personas, client):
    client.post("/accounts/password/reset/", {"email": personas.verbinder.email})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_a_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post("/accounts/password/reset/", {"email": "onbekend@example.org"})
    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/done/"
