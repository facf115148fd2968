"""An unreachable mail server never turns a page into a server error; the failure is logged."""

from __future__ import annotations

import logging

import pytest
from django.test import override_settings

from buurtinbloei.models import User
from tests.conftest import client_for

UNREACHABLE = override_settings(EMAIL_BACKEND="tests.failing_mail.EmailBackend")


@UNREACHABLE
@pytest.mark.parametrize("known", [True, False], ids=["known address", "unknown address"])
def test_a_password_reset_with_the_mail_server_down_looks_like_success(
    client, personas, caplog, known
):
    email = personas.verbinder.email if known else "onbekend@example.org"
    with caplog.at_level(logging.ERROR, logger="buurtinbloei.accounts"):
        response = client.post("/accounts/password/reset/", {"email": email})
    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/done/"
    assert any("could not be sent" in record.getMessage() for record in caplog.records)
    # The log names the kind of mail, never the address it was meant for.
    assert email not in caplog.text


@UNREACHABLE
def test_the_invitation_action_says_when_a_mail_could_not_be_sent(personas):
    invited = User.objects.create_user("genodigde@example.org", None)
    response = client_for(personas.beheerder).post(
        "/beheer/buurtinbloei/user/",
        {"action": "send_invitation", "_selected_action": [invited.pk]},
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "1 uitnodiging kon niet worden verstuurd" in text
    assert "0 uitnodigingen verstuurd" in text
