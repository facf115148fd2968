"""The quick street capture: resident and street conversation in one go, on a phone."""

from __future__ import annotations

import re

from django.urls import reverse

from buurtinbloei.privacy import PRIVACY_STATEMENT_VERSION
from talents.models import (
    ConsentRecord,
    Conversation,
    ConversationKind,
    Resident,
    ResidentSource,
    ResidentStatus,
    ResidentTalent,
)
from tests.conftest import client_for
from tests.queries import assert_queries_flat

from .staff import audit_actions, other_buurt, other_resident, own_buurt, own_resident

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
            "consent": "on",
            "gives": "1",
            "note": "Bij de bakfiets",
        },
        follow=True,
    )
    assert "Samira</a> is opgeslagen" in response.content.decode()
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
    assert audit_actions(resident) == ["resident.create", "resident.consent"]
    assert audit_actions(conversation) == ["conversation.create"]


def test_a_wish_to_receive_is_stored_as_an_ask(personas):
    client_for(personas.verbinder).post(
        URL,
        {
            "first_name": "Kees",
            "email": "kees@example.org",
            "talent": "Iemand om mee te wandelen",
            "consent": "on",
            "gives": "0",
        },
    )
    conversation = Conversation.objects.get()
    assert conversation.asks == "Iemand om mee te wandelen"
    assert not conversation.talents.exists()


def test_it_needs_a_phone_number_or_email_and_keeps_what_was_typed(personas):
    response = client_for(personas.verbinder).post(
        URL, {"first_name": "Samira", "talent": "koken", "consent": "on", "gives": "1"}
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
            "consent": "on",
            "gives": "1",
        },
    )
    assert response.status_code == 200
    assert not Resident.objects.exists()


def test_malformed_input_never_gives_a_500(personas):
    client = client_for(personas.verbinder)
    for data in (
        {"first_name": "x" * 5000, "phone": "0612345678", "consent": "on", "gives": "1"},
        {"first_name": "A", "phone": "\x00", "consent": "on", "gives": "1"},
        {"first_name": "A", "phone": "0612345678", "consent": "on", "gives": "misschien"},
        {"first_name": "A", "email": "a@" + "b" * 400 + ".nl", "consent": "on", "gives": "1"},
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


# --- Issue 8: consent read aloud, likely duplicates, a link to who was saved ----------------


def henk(personas, **changes) -> dict:
    data = {
        "first_name": "Henk",
        "buurt": own_buurt(personas).pk,
        "phone": "06 12345678",
        "talent": "Koken",
        "gives": "1",
        "consent": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_it_records_the_consent_read_aloud_with_the_privacy_version_and_channel(personas):
    client_for(personas.verbinder).post(URL, henk(personas))
    consent = ConsentRecord.objects.get()
    assert consent.resident == Resident.objects.get()
    assert consent.text_version == PRIVACY_STATEMENT_VERSION
    assert consent.channel == ConsentRecord.Channel.STREET
    assert consent.get_channel_display() == "op straat (voorgelezen door een verbinder)"
    assert consent.recorded_by == personas.verbinder


def test_without_consent_nothing_is_stored_and_the_text_to_read_aloud_is_on_the_page(personas):
    response = client_for(personas.verbinder).post(URL, henk(personas, consent=None))
    body = response.content.decode()
    assert "Lees dit voor:" in body
    assert "Zonder toestemming slaan we niets op." in body
    assert not Resident.objects.exists() and not ConsentRecord.objects.exists()


def test_the_saved_message_links_to_the_resident_and_to_fill_in_the_rest_later(personas):
    response = client_for(personas.verbinder).post(URL, henk(personas), follow=True)
    resident = Resident.objects.get()
    body = response.content.decode()
    assert f'<a class="utrecht-link" href="{resident.get_absolute_url()}">Henk</a>' in body
    edit = reverse("talents:resident-edit", kwargs={"pk": resident.pk})
    assert f'<a class="utrecht-link" href="{edit}">Vul later de rest aan.</a>' in body


def test_the_same_phone_number_shows_the_known_resident_before_creating_another(personas):
    known = own_resident(personas, first_name="Hendrik", phone="+31612345678")
    response = client_for(personas.verbinder).post(URL, henk(personas, buurt=None))
    body = response.content.decode()
    assert "Kennen we deze persoon al?" in body
    assert "Hendrik" in body and "zelfde telefoonnummer" in body
    assert "06-12345678" in body
    assert f'name="same_as" value="{known.pk}"' in body
    assert 'value="Henk"' in body  # what was typed stays
    assert Resident.objects.count() == 1


def test_the_same_first_name_in_the_same_buurt_is_a_likely_duplicate_too(personas):
    own_resident(personas, first_name="henk", phone="", email="henk@example.org")
    body = (
        client_for(personas.verbinder).post(URL, henk(personas, phone="0687654321")).content
    ).decode()
    assert "zelfde voornaam en buurt" in body
    assert Resident.objects.count() == 1


def test_this_is_the_same_person_adds_the_conversation_and_consent_to_the_known_one(personas):
    known = own_resident(personas, first_name="Henk", phone="", email="henk@example.org")
    response = client_for(personas.verbinder).post(
        URL, henk(personas, same_as=str(known.pk)), follow=True
    )
    assert Resident.objects.count() == 1
    known.refresh_from_db()
    assert known.phone == "+31612345678"  # what was missing is filled in
    assert known.email == "henk@example.org"
    assert Conversation.objects.get().resident == known
    assert ConsentRecord.objects.get().resident == known
    assert known.get_absolute_url() in response.content.decode()


def test_a_new_person_on_purpose_is_created_despite_the_look_alike(personas):
    own_resident(personas, first_name="Henk", phone="+31612345678")
    client_for(personas.verbinder).post(URL, henk(personas, decision="new"))
    assert Resident.objects.filter(first_name="Henk").count() == 2


def test_same_as_a_resident_of_another_wijkteam_is_not_found(personas):
    stranger = other_resident(personas, first_name="Henk")
    response = client_for(personas.verbinder).post(URL, henk(personas, same_as=str(stranger.pk)))
    assert response.status_code == 404
    assert not Conversation.objects.exists()


def test_a_double_tap_on_the_street_form_stores_one_resident(personas):
    client = client_for(personas.verbinder)
    token = re.search(r'name="token" value="([^"]+)"', client.get(URL).content.decode())[1]
    client.post(URL, henk(personas, token=token))
    second = client.post(URL, henk(personas, token=token), follow=True)
    assert Resident.objects.count() == 1 and Conversation.objects.count() == 1
    # The second tap says it was saved, not "Kennen we deze persoon al?" about the first.
    body = second.content.decode()
    assert "Henk</a> is opgeslagen" in body and "Kennen we deze persoon al?" not in body
