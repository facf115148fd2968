"""Every free-text field of the staff forms stores plain text (issue 7, item 9): control
characters and right-to-left overrides, which make a name display as something else, are
dropped by the one ``clean_text``, as the public form does."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from talents.models import Conversation, Resident, ResidentTalent, Talent
from tests.conftest import client_for

from .staff import own_buurt, own_resident

#: "Anna" followed by a right-to-left override, a NUL byte and a reversed "exe.gpj".
HOSTILE = "Anna\u202e\x00gpj.exe"
PLAIN = "Annagpj.exe"


def test_a_new_residents_name_loses_overrides_and_nul_bytes(personas):
    response = client_for(personas.verbinder).post(
        reverse("talents:resident-create"),
        {
            "first_name": HOSTILE,
            "last_name": "de\u2066 Vries",
            "languages": "Nederlands\x07",
            "status": "new",
            "buurt": own_buurt(personas).pk,
        },
    )
    assert response.status_code == 302
    resident = Resident.objects.get()
    assert (resident.first_name, resident.last_name, resident.languages) == (
        PLAIN,
        "de Vries",
        "Nederlands",
    )


def test_an_edited_name_loses_overrides_and_nul_bytes(personas):
    resident = own_resident(personas)
    response = client_for(personas.verbinder).post(
        reverse("talents:resident-edit", kwargs={"pk": resident.pk}),
        {
            "first_name": HOSTILE,
            "status": "new",
            "buurt": resident.buurt_id,
            "version": resident.version,
        },
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.first_name == PLAIN


def test_a_conversation_keeps_its_line_breaks_but_not_its_control_characters(personas):
    resident = own_resident(personas)
    response = client_for(personas.verbinder).post(
        reverse("talents:conversation-create", kwargs={"pk": resident.pk}),
        {
            "date": timezone.localdate().isoformat(),
            "kind": "talent",
            "summary": "Eerste regel\r\nTweede\u202e regel\x00",
            "wishes": "",
            "asks": "",
            "next_step": "Bellen\u202e\x1b",
            "follow_up_on": "",
        },
    )
    assert response.status_code in {200, 302}
    conversation = Conversation.objects.get()
    assert conversation.summary == "Eerste regel\nTweede regel"
    assert conversation.next_step == "Bellen"


def test_a_street_capture_stores_plain_text(personas):
    response = client_for(personas.verbinder).post(
        reverse("talents:street-capture"),
        {
            "first_name": HOSTILE,
            "phone": "0612345678",
            "buurt": own_buurt(personas).pk,
            "gives": "0",
            "talent": "Hulp\u202e bij\x00 formulieren",
            "note": "Bij de\u2067 bakfiets\x00\nMorgen terug",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    resident = Resident.objects.get()
    assert resident.first_name == PLAIN
    conversation = Conversation.objects.get(resident=resident)
    assert conversation.summary == "Bij de bakfiets\nMorgen terug"
    assert conversation.asks == "Hulp bij formulieren"


def test_a_talent_note_and_a_new_talent_store_plain_text(personas):
    resident = own_resident(personas)
    response = client_for(personas.verbinder).post(
        reverse("talents:resident-talents", kwargs={"pk": resident.pk}),
        {
            "new_talent": "Fietsen\u202e maken\x00",
            "offered": "on",
            "note": "Heeft\u202e gereedschap\x00",
        },
    )
    assert response.status_code == 302
    link = ResidentTalent.objects.get(resident=resident)
    assert link.note == "Heeft gereedschap"
    assert link.talent == Talent.objects.get(name="Fietsen maken")
