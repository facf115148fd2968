"""The quick street capture: resident and street conversation in one go, on a phone."""

from __future__ import annotations

from django.urls import reverse

from talents.models import (
    Conversation,
    ConversationKind,
    Resident,
    ResidentSource,
    ResidentStatus,
    ResidentTalent,
)
from tests.conftest import client_for
from tests.queries import assert_queries_flat

from .staff import audit_actions, other_buurt, own_buurt

URL = reverse("talents:street-capture")


def test_the_page_is_made_for_a_phone(personas):
    body = client_for(personas.verbinder).get(URL).content.decode()
    assert 'inputmode="tel"' in body and 'type="tel"' in body
    assert 'inputmode="email"' in body
    assert 'autocomplete="off"' in body
    assert '<datalist id="talent-namen">' in body
    assert "bib-form--touch" in body


def test_it_creates_the_resident_and_the_street_conversation_together(personas):
    response = client_for(personas.verbinder).post(
        URL,
        {
            "first_name": "Samira",
            "buurt": own_buurt(personas).pk,
            "phone": "06-12345678",
            "talent": "koken",
            "gives": "1",
            "note": "Bij de bakfiets",
        },
        follow=True,
    )
    assert "Samira is opgeslagen" in response.content.decode()
    resident = Resident.objects.get()
    assert resident.source == ResidentSource.STREET
    assert resident.status == ResidentStatus.IN_CONVERSATION
    assert resident.phone == "+31612345678"
    assert resident.responsible_verbinder == personas.verbinder
    conversation = Conversation.objects.get()
    assert conversation.kind == ConversationKind.STREET
    assert conversation.summary == "Bij de bakfiets"
    assert list(conversation.talents.values_list("name", flat=True)) == ["Koken"]
    assert ResidentTalent.objects.get(resident=resident).offered
    assert audit_actions(resident) == ["resident.create"]
    assert audit_actions(conversation) == ["conversation.create"]


def test_a_wish_to_receive_is_stored_as_an_ask(personas):
    client_for(personas.verbinder).post(
        URL,
        {
            "first_name": "Kees",
            "email": "kees@example.org",
            "talent": "Iemand om mee te wandelen",
            "gives": "0",
        },
    )
    conversation = Conversation.objects.get()
    assert conversation.asks == "Iemand om mee te wandelen"
    assert not conversation.talents.exists()


def test_it_needs_a_phone_number_or_email_and_keeps_what_was_typed(personas):
    response = client_for(personas.verbinder).post(
        URL, {"first_name": "Samira", "talent": "koken", "gives": "1"}
    )
    body = response.content.decode()
    assert "Vul een telefoonnummer of e-mailadres in." in body
    assert 'value="Samira"' in body
    assert not Resident.objects.exists()


def test_another_wijkteams_buurt_is_not_a_choice(personas):
    response = client_for(personas.verbinder).post(
        URL,
        {
            "first_name": "Samira",
            "phone": "0612345678",
            "buurt": other_buurt(personas).pk,
            "gives": "1",
        },
    )
    assert response.status_code == 200
    assert not Resident.objects.exists()


def test_malformed_input_never_gives_a_500(personas):
    client = client_for(personas.verbinder)
    for data in (
        {"first_name": "x" * 5000, "phone": "0612345678", "gives": "1"},
        {"first_name": "A", "phone": "\x00", "gives": "1"},
        {"first_name": "A", "phone": "0612345678", "gives": "misschien"},
        {"first_name": "A", "email": "a@" + "b" * 400 + ".nl", "gives": "1"},
    ):
        assert client.post(URL, data).status_code == 200
    assert not Resident.objects.exists()


def test_coordinators_and_partners_may_not_use_it(personas):
    assert client_for(personas.coordinator).get(URL).status_code == 403
    assert client_for(personas.partner).get(URL).status_code == 403


def test_the_page_uses_a_flat_number_of_queries(personas):
    from tests.factories import TalentFactory

    def add_rows(n):
        TalentFactory.create_batch(n)

    assert_queries_flat(client_for(personas.verbinder), URL, add_rows)
