"""A match's life as a verbinder clicks through it in Chromium (issue 11).

A verbinder opens a proposed match, records that both sides said yes (the contact details
appear), plans the introduction, starts the match, and finds it on both residents' pages.
The steps run with htmx (no page load in between); the same forms work without JavaScript
(tests/matches/test_matches.py posts them plainly).
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from matches.models import CheckIn, Match, MatchStatus
from tests.factories import MatchFactory, ResidentFactory, TalentFactory
from tests.networks.support import own_buurt

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set on window before the steps: it survives htmx swaps, never a page load.
SET_MARKER = "window.bibNoReload = true"
MARKER = "window.bibNoReload === true"


def test_a_verbinder_takes_a_match_from_proposal_to_start(page: Page, live_server, personas):
    buurt = own_buurt()
    fatima = ResidentFactory(
        first_name="Fatima", last_name="El Amrani", phone="+31612345678", buurt=buurt
    )
    henk = ResidentFactory(first_name="Henk", last_name="de Vries", buurt=buurt)
    match = MatchFactory(
        resident_a=fatima,
        resident_b=henk,
        talent=TalentFactory(name="Koken"),
        verbinder=personas.verbinder,
    )

    login(page, live_server, personas.verbinder)
    page.goto(f"{live_server.url}{match.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("inwoner met inwoner")
    expect(page.get_by_text("06-12345678")).to_have_count(0)
    page.evaluate(SET_MARKER)

    # Both sides said yes: the contact details appear.
    page.get_by_role("button", name="Beide kanten zeiden ja").click()
    expect(page.get_by_role("status").filter(has_text="beide kanten zeiden ja")).to_be_visible()
    expect(page.get_by_role("link", name="06-12345678")).to_be_visible()

    # The introduction, next week.
    intro = timezone.localdate() + datetime.timedelta(days=7)
    page.locator("summary", has_text="Kennismaking plannen").click()
    page.get_by_label("Datum van de kennismaking").fill(intro.isoformat())
    page.get_by_role("button", name="Kennismaking plannen").click()
    expect(page.locator("#match-status")).to_have_text("kennismaking gepland")

    # The start, today.
    page.locator("summary", has_text="Match starten").click()
    page.get_by_label("Gestart op").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Match starten").click()
    expect(page.locator("#match-status")).to_have_text("gestart")
    expect(page.get_by_role("heading", name="Check-ins")).to_be_visible()
    assert page.evaluate(MARKER), "a step reloaded the page instead of swapping the body"

    match.refresh_from_db()
    assert match.status == MatchStatus.STARTED and match.started_on == timezone.localdate()
    assert CheckIn.objects.filter(match=match).count() == 2

    # The match is on both residents' pages (the section loads with htmx).
    for resident in (fatima, henk):
        page.goto(f"{live_server.url}{resident.get_absolute_url()}", wait_until="networkidle")
        section = page.get_by_role("region", name="Matches")
        expect(section).to_contain_text("Fatima & Henk")
        expect(section).to_contain_text("gestart")
    assert Match.objects.count() == 1
