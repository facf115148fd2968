"""axe-core finds no accessibility violations on the student-house pages (issue 15): the list,
the page with its members, the forms (also with errors), the contact's confirmation page and a
match with a house (the same check as test_accessibility.py)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from matches.models import MatchKind
from networks.models import HouseConfirmation, academic_year_of
from networks.services_houses import confirm_token
from tests.factories import (
    HouseMemberFactory,
    MatchFactory,
    ResidentFactory,
    StudentHouseFactory,
    TalentFactory,
)
from tests.networks.support import own_buurt

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def save_empty(page: Page) -> None:
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".utrecht-form-field-error-message").first).to_be_visible()


def confirm_without_a_name(page: Page) -> None:
    page.get_by_label("Studie").first.fill("Wiskunde")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_text("Vul ook de voornaam in.", exact=True)).to_be_visible()


PAGES = [
    pytest.param("verbinder", "/studentenhuizen/", None, id="house-list"),
    pytest.param("verbinder", "/studentenhuizen/nieuw/", None, id="house-create"),
    pytest.param("verbinder", "/studentenhuizen/nieuw/", save_empty, id="house-create-errors"),
    pytest.param("verbinder", "/studentenhuizen/{house}/", None, id="house-detail"),
    pytest.param("coordinator", "/studentenhuizen/{house}/", None, id="house-detail-coordinator"),
    pytest.param("verbinder", "/studentenhuizen/{house}/bewerken/", None, id="house-edit"),
    pytest.param("verbinder", "/matches/{match}/", None, id="house-match"),
    pytest.param(None, "/studentenhuis/bevestigen/{token}/", None, id="house-confirm"),
    pytest.param(
        None, "/studentenhuis/bevestigen/{token}/", confirm_without_a_name, id="confirm-errors"
    ),
    pytest.param(None, "/studentenhuis/bevestigen/geen-token/", None, id="confirm-unknown"),
]


@pytest.fixture
def houses(personas) -> dict[str, object]:
    buurt = own_buurt()
    talent = TalentFactory(name="Hulp met computer", common=True)
    house = StudentHouseFactory(name="Huize Kraakpand", buurt=buurt, talents=[talent])
    lotte = HouseMemberFactory(house=house, first_name="Lotte")
    HouseMemberFactory(house=house, first_name="Daan", active=False, inactive_since="2026-08-01")
    confirmation = HouseConfirmation.objects.create(
        house=house,
        academic_year=academic_year_of(timezone.localdate()),
        asked_at=timezone.now(),
        sent_to=house.contact_email,
    )
    match = MatchFactory(
        kind=MatchKind.HOUSE_RESIDENT,
        resident_a=ResidentFactory(first_name="Mien", buurt=buurt),
        resident_b=None,
        house_b=house,
        wijkteam_b_id=None,
        talent=talent,
        verbinder=personas.verbinder,
    )
    match.house_members.set([lotte])
    return {"house": house.pk, "match": match.pk, "token": confirm_token(confirmation)}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize(("persona", "path", "action"), PAGES)
def test_axe_finds_no_violations_on_the_house_pages(
    page: Page, live_server, personas, houses, axe, persona, path, action
):
    path = path.format(**houses)
    if persona is not None:
        login(page, live_server, getattr(personas, persona))
    page.goto(f"{live_server.url}{path}", wait_until="networkidle")
    if action is not None:
        action(page)
        page.wait_for_load_state("networkidle")
    results = axe.run(page)
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} violation(s) on {path}:\n"
        + results.generate_report()
    )
