"""A student house matched to a request, as a verbinder clicks through it in Chromium (issue 15):
the request's suggestions list the house with its reasons, one tap proposes the match, and on
the match page the verbinder ticks the members who went."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from matches.models import Match, MatchKind
from tests.factories import (
    HouseMemberFactory,
    RequestFactory,
    ResidentFactory,
    StudentHouseFactory,
    TalentFactory,
)
from tests.networks.support import own_buurt

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_verbinder_matches_a_house_and_records_who_went(page: Page, live_server, personas):
    buurt = own_buurt()
    shopping = TalentFactory(name="Boodschappen doen voor een ander")
    request = RequestFactory(
        resident=ResidentFactory(first_name="Mien", buurt=buurt), talent=shopping
    )
    house = StudentHouseFactory(name="Huize Kraakpand", buurt=buurt, talents=[shopping])
    HouseMemberFactory(house=house, first_name="Lotte", study="Bouwkunde")
    HouseMemberFactory(house=house, first_name="Daan", study="Data Science")

    login(page, live_server, personas.verbinder)
    page.goto(f"{live_server.url}{request.get_absolute_url()}")
    suggestion = page.locator("li", has_text="Huize Kraakpand")
    expect(suggestion).to_contain_text("biedt als huis Boodschappen doen voor een ander aan")
    expect(suggestion).to_contain_text("zelfde buurt")
    suggestion.get_by_role("button", name="Maak een match").click()
    page.get_by_role("link", name="Bekijk de match").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("inwoner met studentenhuis")
    expect(page.get_by_role("link", name="Huize Kraakpand")).to_be_visible()
    page.get_by_label("Lotte (Bouwkunde)").check()
    page.get_by_role("button", name="Huisgenoten opslaan").click()

    expect(page.get_by_text("Vastgelegd wie van het huis gingen.")).to_be_visible()
    section = page.locator("#house-members")
    expect(section.locator("li")).to_have_text(["Lotte (Bouwkunde)"])
    match = Match.objects.get()
    assert match.kind == MatchKind.HOUSE_RESIDENT and match.house_b == house
    assert [m.first_name for m in match.house_members.all()] == ["Lotte"]


@pytest.mark.parametrize("width", [360, 768])
def test_section_headings_stay_smaller_than_the_title_on_a_phone(
    page: Page, live_server, personas, width
):
    house = StudentHouseFactory(name="Huize Kraakpand", buurt=own_buurt())
    HouseMemberFactory(house=house, first_name="Lotte", study="Bouwkunde")
    page.set_viewport_size({"width": width, "height": 800})
    login(page, live_server, personas.verbinder)
    page.goto(f"{live_server.url}/studentenhuizen/{house.pk}/")
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('main h1, main h2')]"
        ".map(h => [h.tagName, parseFloat(getComputedStyle(h).fontSize)])"
    )
    title = max(size for tag, size in sizes if tag == "H1")
    sections = [size for tag, size in sizes if tag == "H2"]
    assert sections, sizes
    assert max(sections) < title, sizes
