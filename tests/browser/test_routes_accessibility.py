"""axe-core finds no accessibility violations on the landing-route pages, for the person who
sees them (the same check as test_accessibility.py, with a route)."""

from __future__ import annotations

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from networks.models import PartnerMembership
from routes.models import Party, PathwayCheckIn
from routes.services import link_create, link_token
from tests.factories import OrganisationFactory
from tests.networks.support import own_buurt
from tests.routes.support import ALL, make_route

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def send_the_form_empty(button: str):
    def send(page: Page) -> None:
        page.get_by_role("button", name=button).click()
        expect(page.get_by_role("alert")).to_be_visible()

    return send


def withdraw_a_consent(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^Intrekken\s*: maatje, interesses$")).click()
    expect(page.get_by_text("Toestemming ingetrokken.")).to_be_visible()


def clear_the_goals_and_save(page: Page) -> None:
    page.get_by_label("Doelen, in de eigen woorden van de inwoner").fill("")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_role("alert")).to_be_visible()


# (who looks, path, status, what they do there before axe looks); {route}, {resident},
# {token} come from the route_data fixture.
PAGES = [
    pytest.param("verbinder", "/landingsroutes/", 200, None, id="route-list"),
    pytest.param(
        "verbinder", "/inwoners/{resident}/landingsroute/nieuw/", 200, None, id="route-create"
    ),
    pytest.param(
        "verbinder",
        "/inwoners/{resident}/landingsroute/nieuw/",
        200,
        send_the_form_empty("Landingsroute starten"),
        id="route-create-errors",
    ),
    pytest.param("verbinder", "/landingsroutes/{route}/", 200, None, id="route-detail"),
    pytest.param(
        "verbinder", "/landingsroutes/{route}/", 200, withdraw_a_consent, id="route-withdrawn"
    ),
    pytest.param("verbinder", "/landingsroutes/{route}/bewerken/", 200, None, id="route-edit"),
    pytest.param(
        "verbinder",
        "/landingsroutes/{route}/bewerken/",
        200,
        clear_the_goals_and_save,
        id="route-edit-errors",
    ),
    pytest.param("verbinder", "/panelen/landingsroutes/", 200, None, id="route-panel"),
    pytest.param("verbinder", "/", 200, None, id="dashboard-with-alert"),
    pytest.param(
        "verbinder", "/inwoners/{resident}/landingsroutes/", 200, None, id="route-section"
    ),
    pytest.param("verbinder", "/inwoners/{resident}/", 200, None, id="resident-with-route"),
    pytest.param("coordinator", "/landingsroutes/cijfers/", 200, None, id="route-counts"),
    pytest.param("partner", "/landingsroutes/begeleiding/", 200, None, id="counsellor-list"),
    pytest.param(
        "partner", "/landingsroutes/{route}/begeleiding/", 200, None, id="counsellor-route"
    ),
    pytest.param(
        "other_verbinder", "/landingsroutes/{route}/gedeeld/", 200, None, id="shared-route"
    ),
    pytest.param(None, "/landingsroute/{token}/", 200, None, id="buddy-page"),
    pytest.param(None, "/landingsroute/onbekend:x/", 404, None, id="link-unknown"),
]


@pytest.fixture
def route_data(personas) -> dict:
    organisation = OrganisationFactory(name="Ambulant GGZ-team Test", buurt=own_buurt())
    PartnerMembership.objects.create(user=personas.partner, organisation=organisation)
    route = make_route(
        personas,
        consents=ALL,
        counsellor_user=personas.partner,
        start=datetime.date.today() - datetime.timedelta(weeks=3),
    )
    PathwayCheckIn.objects.filter(route=route, week=2).update(
        done_at="2026-01-01T10:00Z", result="going_well", note="Kort gebeld."
    )
    # A second route missed its week-2 check-in: the panel's alert.
    make_route(personas, start=datetime.date.today() - datetime.timedelta(weeks=4))
    link = link_create(route=route, party=Party.BUDDY, by=personas.verbinder)
    return {"route": route.pk, "resident": route.resident_id, "token": link_token(link)}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize(("persona", "path", "status", "action"), PAGES)
def test_axe_finds_no_violations_on_the_page(
    page: Page, live_server, personas, route_data, axe, persona, path, status, action
):
    path = path.format(**route_data)
    if persona is not None:
        login(page, live_server, getattr(personas, persona))
    response = page.goto(f"{live_server.url}{path}", wait_until="networkidle")
    assert response is not None and response.status == status
    if action is not None:
        action(page)
        page.wait_for_load_state("networkidle")
    results = axe.run(page)
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} violation(s) on {path}:\n"
        + results.generate_report()
    )
