"""The resident page shows the latest conversations; "eerdere gesprekken" loads the older ones."""

from __future__ import annotations

import datetime

from django.urls import reverse

from talents.selectors import TIMELINE_PAGE
from tests.conftest import client_for
from tests.factories import ConversationFactory
from tests.queries import assert_queries_flat

from .staff import HTMX, audit_actions, other_resident, own_resident


def with_conversations(resident, n: int) -> list:
    """n conversations, one a day, the newest first in the returned list."""
    start = datetime.date(2026, 1, 1)
    made = [
        ConversationFactory(
            resident=resident, date=start + datetime.timedelta(days=i), summary=f"Gesprek {i}"
        )
        for i in range(n)
    ]
    return made[::-1]


def earlier_url(resident, start: int) -> str:
    return reverse("talents:resident-conversations", kwargs={"pk": resident.pk}) + (
        f"?vanaf={start}"
    )


def test_the_resident_page_shows_the_latest_conversations_and_a_link_to_earlier_ones(personas):
    resident = own_resident(personas)
    conversations = with_conversations(resident, TIMELINE_PAGE + 5)
    response = client_for(personas.verbinder).get(resident.get_absolute_url())
    shown = [c.pk for c in response.context["conversations"]]
    assert shown == [c.pk for c in conversations[:TIMELINE_PAGE]]
    body = response.content.decode()
    assert "Eerdere gesprekken" in body
    assert f'hx-get="{earlier_url(resident, TIMELINE_PAGE)}"' in body


def test_a_short_timeline_has_no_link_to_earlier_conversations(personas):
    resident = own_resident(personas)
    with_conversations(resident, 3)
    body = client_for(personas.verbinder).get(resident.get_absolute_url()).content.decode()
    assert "Eerdere gesprekken" not in body


def test_with_htmx_it_answers_the_next_conversations_as_a_fragment(personas):
    resident = own_resident(personas)
    with_conversations(resident, TIMELINE_PAGE + 5)
    response = client_for(personas.verbinder).get(earlier_url(resident, TIMELINE_PAGE), **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    shown = {f">Gesprek {i}<" in body for i in range(5)}
    assert shown == {True} and ">Gesprek 5<" not in body
    assert "Gesprek 0" in body and "Eerdere gesprekken" not in body
    assert "resident.view" in audit_actions(resident)


def test_without_javascript_it_is_a_page_of_its_own(personas):
    resident = own_resident(personas, first_name="Fatima")
    with_conversations(resident, TIMELINE_PAGE + 1)
    body = client_for(personas.verbinder).get(earlier_url(resident, TIMELINE_PAGE)).content
    assert b"<html" in body and b"Eerdere gesprekken met Fatima" in body


def test_a_coordinator_sees_that_they_took_place_but_not_what_was_said(personas):
    resident = own_resident(personas)
    with_conversations(resident, TIMELINE_PAGE + 2)
    response = client_for(personas.coordinator).get(earlier_url(resident, TIMELINE_PAGE), **HTMX)
    assert response.status_code == 200
    assert "Gesprek 0" not in response.content.decode()


def test_a_verbinder_of_another_wijkteam_gets_404(personas):
    resident = other_resident(personas)
    assert client_for(personas.verbinder).get(earlier_url(resident, 0)).status_code == 404


def test_a_tampered_start_is_ignored(personas):
    resident = own_resident(personas)
    with_conversations(resident, 2)
    client = client_for(personas.verbinder)
    for start in ("-1", "abc", "99999999999999"):
        assert client.get(earlier_url(resident, 0) + start, **HTMX).status_code == 200


def test_the_fragment_uses_a_flat_number_of_queries(personas):
    resident = own_resident(personas)
    ConversationFactory(resident=resident)  # something before the page boundary
    client = client_for(personas.verbinder)
    assert_queries_flat(
        client,
        earlier_url(resident, 1),
        lambda n: [ConversationFactory(resident=resident) for _ in range(n)],
        large=TIMELINE_PAGE,
        **HTMX,
    )
