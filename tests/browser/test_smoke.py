"""The flows a person clicks through in Chromium: login, language, scoping, small screens."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import OWN_WIJKTEAM

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The footer's language form; its own words change once the English translation exists.
LANGUAGE_SELECT = re.compile(r"^(Taal|Language)$")
LANGUAGE_BUTTON = re.compile(r"^(Kies taal|Choose language)$")


def choose_language(page: Page, language: str) -> None:
    footer = page.get_by_role("contentinfo")
    footer.get_by_label(LANGUAGE_SELECT).select_option(label=language)
    with page.expect_navigation(wait_until="networkidle"):
        footer.get_by_role("button", name=LANGUAGE_BUTTON).click()


def test_a_verbinder_logs_in_sees_their_wijkteam_and_switches_language(
    page: Page, live_server, personas
):
    verbinder = personas.verbinder
    login(page, live_server, verbinder)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Goedendag, {verbinder.first_name}")
    mijn_wijkteams = page.get_by_role("region", name="Mijn wijkteams")
    expect(mijn_wijkteams.get_by_role("link", name=personas.own_wijkteam.name)).to_be_visible()
    expect(mijn_wijkteams.get_by_role("link", name=personas.other_wijkteam.name)).to_have_count(0)
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    choose_language(page, "English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/")  # back on the page the form was sent from
    expect(page.get_by_label(LANGUAGE_SELECT)).to_have_value("en")
    expect(page.get_by_role("heading", level=1)).to_contain_text(verbinder.first_name)

    choose_language(page, "Nederlands")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_label("Taal")).to_have_value("nl")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Goedendag, {verbinder.first_name}")


def test_a_verbinder_of_another_wijkteam_gets_the_not_found_page(page: Page, live_server, personas):
    login(page, live_server, personas.other_verbinder)

    response = page.goto(f"{live_server.url}/wijkteams/{OWN_WIJKTEAM}/")

    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze pagina bestaat niet")
    expect(page.get_by_text(personas.own_wijkteam.name)).to_have_count(0)
    expect(page.get_by_text(personas.verbinder.email)).to_have_count(0)


@pytest.mark.browser_context_args(viewport={"width": 360, "height": 740})
@pytest.mark.parametrize(
    "path", ["/", "/wijkteams/", f"/wijkteams/{OWN_WIJKTEAM}/"], ids=["dashboard", "list", "detail"]
)
def test_a_360_pixel_wide_screen_needs_no_horizontal_scrolling(
    page: Page, live_server, personas, path
):
    login(page, live_server, personas.verbinder)
    page.goto(f"{live_server.url}{path}", wait_until="networkidle")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= 360, f"{path} is {scroll_width}px wide at a 360px viewport"
