"""Front-line usability (issue 8), in Chromium: a verbinder on a 768 px tablet and a resident on
a 360 x 740 phone, with JavaScript and without it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from buurtinbloei.models import Buurt
from talents.models import Conversation
from tests.factories import ResidentFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWN_BUURT = "Jagershoef"
TABLET = {"width": 768, "height": 1024}
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def resident(personas):
    return ResidentFactory(
        first_name="Henk",
        last_name="de Bakker",
        phone="+31612345678",
        buurt=Buurt.objects.get(name=OWN_BUURT),
    )


def open_conversation_form(page: Page, live_server, resident) -> None:
    page.goto(f"{live_server.url}{resident.get_absolute_url()}")
    page.get_by_text("Gesprek vastleggen", exact=True).click()
    expect(page.get_by_label("Samenvatting")).to_be_visible()


def in_viewport(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 200) <= height


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
def test_a_failed_save_moves_focus_and_the_screen_to_the_error_summary(
    browser, live_server, personas, resident, javascript
):
    context = browser.new_context(viewport=TABLET, locale="nl-NL", java_script_enabled=javascript)
    page = context.new_page()
    login(page, live_server, personas.verbinder)
    open_conversation_form(page, live_server, resident)
    future = timezone.localdate() + datetime.timedelta(days=3)
    page.get_by_label("Datum").fill(future.isoformat())
    page.get_by_label("Samenvatting").fill("Een lang verhaal " * 40)
    page.get_by_role("button", name="Gesprek opslaan").click()

    summary = page.get_by_role("alert").filter(has_text="Het gesprek is nog niet opgeslagen")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Een gesprek kan niet in de toekomst liggen.")
    expect(summary).to_be_in_viewport()
    expect(page.get_by_label("Samenvatting")).to_have_value("Een lang verhaal " * 40)
    assert not Conversation.objects.exists()
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
def test_a_double_tap_on_save_saves_one_conversation_and_says_so(
    browser, live_server, personas, resident, javascript
):
    context = browser.new_context(viewport=TABLET, locale="nl-NL", java_script_enabled=javascript)
    page = context.new_page()
    login(page, live_server, personas.verbinder)
    open_conversation_form(page, live_server, resident)
    page.get_by_label("Samenvatting").fill("Op de markt gesproken")
    page.get_by_role("button", name="Gesprek opslaan").dblclick()

    saved = page.get_by_role("status").filter(has_text="Gesprek opgeslagen.")
    expect(saved).to_be_visible()
    expect(saved).to_be_in_viewport()
    timeline = page.get_by_role("region", name="Tijdlijn")
    expect(timeline.get_by_role("article")).to_have_count(1)
    assert Conversation.objects.filter(resident=resident).count() == 1
    context.close()
