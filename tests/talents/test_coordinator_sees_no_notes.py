"""Coordinators see lists, never what was said (DESIGN.md, roles; issue 7, item 7): no talent
note and no conversation note reaches them, on any page or fragment."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from talents.models import Talent
from tests.conftest import client_for
from tests.factories import ConversationFactory, ResidentTalentFactory, SignUpFactory

from .staff import HTMX, own_resident

NOTES = ("Talentnotitie-Zilver", "Samenvatting-Goud", "Wens-Brons", "Vraag-Koper", "Stap-Tin")


@pytest.fixture
def resident(personas):
    resident = own_resident(personas, first_name="Quirine")
    ResidentTalentFactory(resident=resident, talent=Talent.objects.get(name="Koken"), note=NOTES[0])
    ConversationFactory(
        resident=resident,
        verbinder=personas.verbinder,
        summary=NOTES[1],
        wishes=NOTES[2],
        asks=NOTES[3],
        next_step=NOTES[4],
        follow_up_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    return resident


def assert_no_notes(response) -> None:
    body = response.content.decode()
    for note in NOTES:
        assert note not in body, note


def test_the_wijkteams_verbinder_reads_every_note(personas, resident):
    body = client_for(personas.verbinder).get(resident.get_absolute_url()).content.decode()
    assert all(note in body for note in NOTES)


def test_a_coordinator_reads_the_resident_page_without_any_note(personas, resident):
    response = client_for(personas.coordinator).get(resident.get_absolute_url())
    assert response.status_code == 200
    assert "Koken" in response.content.decode()
    assert_no_notes(response)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx fragment"])
def test_a_coordinator_gets_no_talents_fragment(personas, resident, headers):
    url = reverse("talents:resident-talents", kwargs={"pk": resident.pk})
    response = client_for(personas.coordinator).get(url, **headers)
    assert response.status_code == 403
    assert_no_notes(response)


@pytest.mark.parametrize(
    "params", [{}, {"side": "asks"}, {"side": "offers"}, {"q": "Quirine"}], ids=lambda p: str(p)
)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx fragment"])
def test_the_resident_list_shows_a_coordinator_no_notes(personas, resident, params, headers):
    response = client_for(personas.coordinator).get(
        reverse("talents:resident-list"), params, **headers
    )
    assert response.status_code == 200
    assert "Quirine" in response.content.decode()
    assert_no_notes(response)


def test_notes_are_no_search_oracle_for_a_coordinator(personas, resident):
    response = client_for(personas.coordinator).get(
        reverse("talents:resident-list"), {"q": NOTES[0]}
    )
    assert "Quirine" not in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["talents:resident-edit", "talents:conversation-create"],
)
def test_pages_with_notes_or_forms_answer_a_coordinator_403(personas, resident, name):
    response = client_for(personas.coordinator).get(reverse(name, kwargs={"pk": resident.pk}))
    assert response.status_code == 403
    assert_no_notes(response)


def test_the_follow_ups_panel_and_the_sign_ups_are_not_for_a_coordinator(personas, resident):
    client = client_for(personas.coordinator)
    signup = SignUpFactory(buurt=resident.buurt, help_wanted="Hulpvraag-Platina")
    assert client.get(reverse("talents:follow-ups-panel"), **HTMX).status_code == 403
    assert client.get(reverse("talents:inbox-detail", kwargs={"pk": signup.pk})).status_code == 403
    inbox = client.get(reverse("talents:inbox"), {"status": "all"}).content.decode()
    assert "Hulpvraag-Platina" not in inbox
    assert client.get("/").status_code == 200
    assert_no_notes(client.get("/"))
