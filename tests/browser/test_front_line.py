"""Front-line usability (issue 8), in Chromium: a verbinder on a 768 px tablet and a resident on
a 360 x 740 phone, with JavaScript and without it."""

from __future__ import annotations

import datetime
import os
import re

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


# --- The resident on a 360 x 740 phone, without JavaScript -----------------------------------

#: Set SCREENSHOT_DIR to keep screenshots of the phone and tablet pages for a person to look at.
SHOTS = os.environ.get("SCREENSHOT_DIR", "")


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=full_page)


@pytest.fixture
def phone_without_javascript(browser):
    context = browser.new_context(viewport=PHONE, locale="nl-NL", java_script_enabled=False)
    yield context.new_page()
    context.close()


def assert_no_horizontal_scrolling(page: Page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def above_the_fold(page: Page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], (locator, box)
    assert box["height"] >= 44, "too small to tap"


def test_the_landing_page_shows_both_ways_in_and_the_phone_number_above_the_fold(
    phone_without_javascript, live_server, geography, settings
):
    settings.WIJ_PHONE = "+31401234567"
    page = phone_without_javascript
    page.goto(f"{live_server.url}/")
    give = page.get_by_role("link", name=re.compile("^Ik wil iets doen voor de buurt"))
    get = page.get_by_role("link", name=re.compile("^Ik kan hulp gebruiken"))
    for entry in (give, get, page.get_by_role("link", name="Allebei", exact=True)):
        above_the_fold(page, entry)
    call = page.get_by_role("link", name="040-1234567")
    assert call.get_attribute("href") == "tel:+31401234567"
    box = call.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    assert_no_horizontal_scrolling(page)
    shot(page, "landing-360")

    # The way in leads to a short form that asks only what wanting help needs.
    get.click()
    expect(page).to_have_url(re.compile(r"/aanmelden/\?wil=hulp$"))
    expect(page.get_by_label("Waar zou je hulp of gezelschap bij willen?")).to_be_visible()
    expect(page.get_by_text("Wat wil je doen voor een ander?")).to_have_count(0)
    assert_no_horizontal_scrolling(page)
    shot(page, "signup-hulp-360")


def test_a_resident_signs_up_on_a_phone_without_javascript(
    phone_without_javascript, live_server, geography, settings
):
    from buurtinbloei.models import Buurt
    from talents.curated import load_curated_talents
    from talents.models import SignUp, Talent

    load_curated_talents(Talent=Talent)  # live tests flush the migration's rows
    page = phone_without_javascript
    page.goto(f"{live_server.url}/aanmelden/?wil=geven")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meedoen in je buurt")
    assert_no_horizontal_scrolling(page)
    shot(page, "signup-geven-360")
    height = page.evaluate("document.scrollingElement.scrollHeight")
    assert height <= 3.3 * PHONE["height"], f"the form is {height / PHONE['height']:.1f} screens"

    page.get_by_label("Je voornaam").fill("Ria")
    page.get_by_label("anderen helpen met de computer").check()
    page.get_by_text("Meer talenten").click()  # a <details>: opens without JavaScript
    page.get_by_label("fietsen repareren voor anderen").check()
    page.get_by_label("Je telefoonnummer").fill("06 12345678")
    page.get_by_label("Of kies je buurt").select_option(label="Woenselse Heide")
    page.get_by_label(re.compile(r"^Ik vind het goed dat een verbinder")).check()
    page.get_by_role("button", name="Verstuur").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor je aanmelding!")
    signup = SignUp.objects.get()
    assert signup.buurt == Buurt.objects.get(name="Woenselse Heide")
    assert signup.wants_to_give and not signup.wants_to_receive
    assert sorted(signup.talents.values_list("name", flat=True)) == [
        "Fietsen repareren",
        "Hulp met computer",
    ]


def test_a_failed_sign_up_on_a_phone_focuses_the_error_summary(
    phone_without_javascript, live_server, geography
):
    page = phone_without_javascript
    page.goto(f"{live_server.url}/aanmelden/?wil=allebei")
    page.get_by_role("button", name="Verstuur").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    shot(page, "signup-errors-360", full_page=False)


def test_the_privacy_heading_stays_whole_on_a_phone(
    phone_without_javascript, live_server, geography
):
    page = phone_without_javascript
    page.goto(f"{live_server.url}/privacy/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Privacyverklaring")
    line_height = heading.evaluate("h => parseFloat(getComputedStyle(h).lineHeight)")
    assert heading.bounding_box()["height"] < 1.5 * line_height, "the heading wraps"
    assert_no_horizontal_scrolling(page)
    expect(page.get_by_text("Hoe lang bewaren we je gegevens?")).to_be_visible()
    shot(page, "privacy-360", full_page=False)


# --- The verbinder on a 768 px tablet -------------------------------------------------------


def test_the_resident_page_on_a_tablet_shows_talents_and_history_first(
    browser, live_server, personas, resident
):
    from talents.models import Talent
    from tests.factories import ConversationFactory, ResidentTalentFactory, TalentFactory

    for name in ("Koken", "Fietsen repareren"):
        ResidentTalentFactory(resident=resident, talent=TalentFactory(name=name))
    today = timezone.localdate()
    for days, summary in ((3, "Op de markt gesproken."), (40, "Kennismaking bij de bakfiets.")):
        ConversationFactory(
            resident=resident,
            verbinder=personas.verbinder,
            date=today - datetime.timedelta(days=days),
            summary=summary,
            talents=list(Talent.objects.filter(name="Koken")),
        )
    context = browser.new_context(viewport=TABLET, locale="nl-NL")
    page = context.new_page()
    login(page, live_server, personas.verbinder)
    page.goto(f"{live_server.url}{resident.get_absolute_url()}", wait_until="networkidle")
    # Talents and the latest conversation on the first screen; the form one tap away.
    talents = page.get_by_role("region", name="Talenten")
    expect(talents).to_contain_text("Fietsen repareren")
    latest = page.get_by_role("region", name="Tijdlijn").get_by_role("article").first
    expect(latest).to_be_in_viewport()
    expect(page.get_by_label("Samenvatting")).to_be_hidden()
    expect(page.get_by_text("06-12345678")).to_be_visible()
    # The resident's own page (talents and history) within two screens; sections that other
    # apps add (matches, requests, suggestions) follow below it.
    timeline = page.get_by_role("region", name="Tijdlijn").bounding_box()
    bottom = timeline["y"] + timeline["height"]
    assert bottom < 2 * TABLET["height"], f"the history ends {bottom}px down"
    shot(page, "resident-768")
    page.get_by_text("Gesprek vastleggen", exact=True).click()
    expect(page.get_by_label("Samenvatting")).to_be_visible()
    shot(page, "resident-768-form-open")
    context.close()


def test_the_zoeken_button_stays_on_one_line_at_768_px(browser, live_server, personas):
    context = browser.new_context(viewport=TABLET, locale="nl-NL")
    page = context.new_page()
    login(page, live_server, personas.verbinder)
    page.goto(f"{live_server.url}/inwoners/")
    button = page.get_by_role("button", name="Zoeken", exact=True)
    lines = button.evaluate(
        "b => { const r = document.createRange(); r.selectNodeContents(b);"
        " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"
    )
    assert lines == 1, "Zoeken wraps"
    shot(page, "resident-list-768", full_page=False)
    context.close()


def test_a_removed_talent_comes_back_with_ongedaan_maken(browser, live_server, personas, resident):
    from talents.models import ResidentTalent
    from tests.factories import ResidentTalentFactory, TalentFactory

    ResidentTalentFactory(resident=resident, talent=TalentFactory(name="Koken"), note="Pasta")
    context = browser.new_context(viewport=TABLET, locale="nl-NL")
    page = context.new_page()
    login(page, live_server, personas.verbinder)
    page.goto(f"{live_server.url}{resident.get_absolute_url()}")
    talents = page.get_by_role("region", name="Talenten")
    talents.get_by_role("button", name="Verwijder Koken").click()
    expect(talents.get_by_role("status")).to_contain_text("Koken is verwijderd.")
    talents.get_by_role("button", name=re.compile("^Ongedaan maken")).click()
    expect(talents.get_by_role("listitem")).to_contain_text(["Koken"])
    assert ResidentTalent.objects.get(resident=resident).note == "Pasta"
    context.close()


def test_gesprek_vastleggen_from_the_home_page(browser, live_server, personas, resident):
    context = browser.new_context(viewport=TABLET, locale="nl-NL")
    page = context.new_page()
    login(page, live_server, personas.verbinder)
    panel = page.get_by_role("region", name="Gesprek vastleggen")
    panel.get_by_label("Met wie sprak je?").fill("Henk")
    panel.get_by_role("button", name="Zoek", exact=True).click()
    page.get_by_role("link", name="Gesprek met Henk de Bakker").click()
    page.get_by_label("Samenvatting").fill("Bij de bakker gesproken.")
    page.get_by_role("button", name="Gesprek opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Gesprek opgeslagen.")).to_be_visible()
    assert Conversation.objects.get().resident == resident
    context.close()
