"""axe-core finds no accessibility violations on the networks pages, for the person who sees
them (the same check as test_accessibility.py, with network data)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from networks.models import BuurtFigures
from tests.factories import (
    ActivityFactory,
    CoreTeamFactory,
    CoreTeamMemberFactory,
    OntwikkelplaatsFactory,
    PartnerContactFactory,
    PartnerFactory,
    TalentFactory,
)
from tests.networks.support import own_buurt

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit_empty(page: Page) -> None:
    page.get_by_role("button", name="Verstuur").click()
    expect(page.get_by_role("heading", name="Kijk nog even naar deze punten")).to_be_visible()


# (who looks, path, what they do there before axe looks). {team}, {organisation}, {place},
# {partner}, {buurt} and {wijk} are filled in from the network fixture.
PAGES = [
    pytest.param("verbinder", "/organisaties/", None, id="organisation-list"),
    pytest.param("verbinder", "/organisaties/nieuw/", None, id="organisation-create"),
    pytest.param("verbinder", "/organisaties/{organisation}/", None, id="organisation-detail"),
    pytest.param("verbinder", "/organisaties/{organisation}/bewerken/", None, id="org-edit"),
    pytest.param("verbinder", "/organisaties/{organisation}/partner/", None, id="partner-add"),
    pytest.param("verbinder", "/partners/", None, id="partner-list"),
    pytest.param("verbinder", "/partners/{partner}/contact/", None, id="partner-contact"),
    pytest.param("verbinder", "/ontwikkelplaatsen/", None, id="place-list"),
    pytest.param("verbinder", "/ontwikkelplaatsen/nieuw/", None, id="place-create"),
    pytest.param("verbinder", "/ontwikkelplaatsen/{place}/", None, id="place-detail"),
    pytest.param("verbinder", "/kernteams/", None, id="coreteam-list"),
    pytest.param("verbinder", "/kernteams/nieuw/", None, id="coreteam-create"),
    pytest.param("verbinder", "/kernteams/{team}/", None, id="coreteam-detail"),
    pytest.param("verbinder", "/kernteams/{team}/leden/", None, id="member-add"),
    pytest.param("verbinder", "/kernteams/{team}/activiteiten/", None, id="activity-add"),
    pytest.param("verbinder", "/kernteams/{team}/fase/", None, id="coreteam-change"),
    pytest.param("verbinder", "/buurten/", None, id="buurt-index"),
    pytest.param("verbinder", "/buurten/{buurt}/", None, id="buurt-profile"),
    pytest.param("coordinator", "/buurten/{buurt}/", None, id="buurt-profile-coordinator"),
    pytest.param("verbinder", "/wijken/{wijk}/", None, id="wijk-profile"),
    pytest.param("verbinder", "/panelen/netwerken/", None, id="network-panel"),
    pytest.param(None, "/aanmelden/organisatie/", None, id="organisation-signup"),
    pytest.param(None, "/aanmelden/organisatie/", submit_empty, id="organisation-signup-errors"),
    pytest.param(None, "/aanmelden/organisatie/bedankt/", None, id="organisation-signup-thanks"),
]


@pytest.fixture
def network(personas) -> dict[str, int]:
    buurt = own_buurt()
    TalentFactory(name="Koken", common=True)
    place = OntwikkelplaatsFactory(
        organisation__buurt=buurt, organisation__name="Buurtkamer De Linde", places=3
    )
    partner = PartnerFactory(organisation=place.organisation, role="poh")
    PartnerContactFactory(partner=partner, agreement="Maandelijks bellen")
    team = CoreTeamFactory(name="Samen Sterk", buurt=buurt, coach=personas.verbinder)
    CoreTeamMemberFactory.create_batch(4, core_team=team)
    CoreTeamMemberFactory(core_team=team, active=False)
    ActivityFactory(core_team=team, title="Buurtbarbecue", partners=[place.organisation])
    BuurtFigures.objects.create(buurt=buurt, inhabitants=2400, age_65_plus=500)
    return {
        "organisation": place.organisation_id,
        "place": place.pk,
        "partner": partner.pk,
        "team": team.pk,
        "buurt": buurt.pk,
        "wijk": buurt.wijk_id,
    }


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize(("persona", "path", "action"), PAGES)
def test_axe_finds_no_violations_on_the_page(
    page: Page, live_server, personas, network, axe, persona, path, action
):
    path = path.format(**network)
    if persona is not None:
        login(page, live_server, getattr(personas, persona))

    response = page.goto(f"{live_server.url}{path}", wait_until="networkidle")

    assert response is not None and response.status == 200
    if action is not None:
        action(page)
        page.wait_for_load_state("networkidle")
    results = axe.run(page)
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} violation(s) on {path}:\n"
        + results.generate_report()
    )
