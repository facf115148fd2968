"""A double tap on "Opslaan" saves once: every staff form that creates something carries a
one-time token (buurtinbloei/once.py), and the second submit of the same form finds the first."""

from __future__ import annotations

import datetime
import re
import uuid

from django.urls import reverse
from django.utils import timezone

from buurtinbloei.models import SubmittedForm
from talents.models import Conversation, Resident, Talent
from tests.conftest import client_for

from .staff import HTMX, own_buurt, own_resident


def token_in(body: str) -> str:
    match = re.search(r'name="token" value="([0-9a-f-]{36})"', body)
    assert match, "the form has no one-time token"
    return match[1]


def conversation(**changes) -> dict:
    data = {
        "date": timezone.localdate().isoformat(),
        "kind": "talent",
        "summary": "Gesprek aan de keukentafel",
        "new_talents": "Bijen houden",
    }
    data.update(changes)
    return data


def test_the_same_conversation_form_sent_twice_saves_one_conversation(personas):
    resident = own_resident(personas)
    client = client_for(personas.verbinder)
    url = reverse("talents:conversation-create", kwargs={"pk": resident.pk})
    token = token_in(client.get(resident.get_absolute_url()).content.decode())

    first = client.post(url, conversation(token=token))
    second = client.post(url, conversation(token=token))

    assert Conversation.objects.filter(resident=resident).count() == 1
    assert Talent.objects.filter(name="Bijen houden").count() == 1
    # The second answers as the first did: the verbinder sees it saved, not an error.
    assert (
        first["Location"]
        == second["Location"]
        == resident.get_absolute_url() + ("#gesprek-opgeslagen")
    )


def test_the_same_conversation_sent_twice_with_htmx_saves_once_and_confirms_both_times(personas):
    resident = own_resident(personas)
    client = client_for(personas.verbinder)
    url = reverse("talents:conversation-create", kwargs={"pk": resident.pk})
    token = str(uuid.uuid4())
    bodies = [client.post(url, conversation(token=token), **HTMX).content.decode() for _ in "12"]
    assert Conversation.objects.filter(resident=resident).count() == 1
    for body in bodies:
        assert "Gesprek opgeslagen." in body
        assert body.count("Gesprek aan de keukentafel") == 1


def test_two_different_forms_save_two_conversations(personas):
    resident = own_resident(personas)
    client = client_for(personas.verbinder)
    url = reverse("talents:conversation-create", kwargs={"pk": resident.pk})
    for _ in "12":
        client.post(url, conversation(token=str(uuid.uuid4())))
    assert Conversation.objects.filter(resident=resident).count() == 2


def test_a_form_with_errors_keeps_its_token_so_the_corrected_one_still_saves_once(personas):
    resident = own_resident(personas)
    client = client_for(personas.verbinder)
    url = reverse("talents:conversation-create", kwargs={"pk": resident.pk})
    token = str(uuid.uuid4())
    failed = client.post(url, conversation(token=token, kind=""), **HTMX).content.decode()
    assert token_in(failed) == token
    assert not Conversation.objects.exists()
    client.post(url, conversation(token=token))
    client.post(url, conversation(token=token))
    assert Conversation.objects.count() == 1


def test_after_a_save_the_form_comes_back_with_a_new_token(personas):
    resident = own_resident(personas)
    client = client_for(personas.verbinder)
    url = reverse("talents:conversation-create", kwargs={"pk": resident.pk})
    token = str(uuid.uuid4())
    body = client.post(url, conversation(token=token), **HTMX).content.decode()
    assert token_in(body) != token


def test_another_verbinder_cannot_claim_or_learn_from_someone_elses_token(personas):
    resident = own_resident(personas)
    colleague = type(personas.verbinder).objects.create_user(
        "collega@example.org", first_name="Collega"
    )
    colleague.wijkteams.add(personas.own_wijkteam)
    url = reverse("talents:conversation-create", kwargs={"pk": resident.pk})
    token = str(uuid.uuid4())
    client_for(personas.verbinder).post(url, conversation(token=token))
    client_for(colleague).post(url, conversation(token=token, summary="Iets anders"))
    # Tokens are random: a second person with the same one is not a double tap; it saves nothing
    # twice and reveals nothing, and the first save stays the only one.
    assert list(Conversation.objects.values_list("summary", flat=True)) == [
        "Gesprek aan de keukentafel"
    ]


def test_the_same_new_resident_form_sent_twice_makes_one_resident(personas):
    client = client_for(personas.verbinder)
    url = reverse("talents:resident-create")
    token = token_in(client.get(url).content.decode())
    data = {
        "first_name": "Henk",
        "buurt": own_buurt(personas).pk,
        "status": "new",
        "phone": "0612345678",
        "token": token,
    }
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert Resident.objects.filter(first_name="Henk").count() == 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert "Henk is toegevoegd." in second.content.decode()


def test_tokens_are_forgotten_after_a_day(personas):
    resident = own_resident(personas)
    client = client_for(personas.verbinder)
    url = reverse("talents:conversation-create", kwargs={"pk": resident.pk})
    client.post(url, conversation(token=str(uuid.uuid4())))
    SubmittedForm.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    client.post(url, conversation(token=str(uuid.uuid4())))
    assert SubmittedForm.objects.count() == 1
