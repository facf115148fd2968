"""A verbinder writes an impact story from a match's page, with a photo, records who is quoted,
and the story appears in the printable report; withdrawing the consent takes it out again.
axe looks at every story page on the way."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from stories.models import Story
from tests.factories import ResidentFactory, StartedMatchFactory
from tests.networks.support import own_buurt

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_story_goes_into_the_report_with_consent_and_out_when_withdrawn(
    page: Page, live_server, personas, tmp_path
):
    buurt = own_buurt()
    match = StartedMatchFactory(
        resident_a=ResidentFactory(first_name="Fatima", buurt=buurt),
        resident_b=ResidentFactory(first_name="Kees", buurt=buurt),
        verbinder=personas.verbinder,
    )
    photo = tmp_path / "moestuin.png"
    Image.new("RGB", (300, 200), (40, 160, 60)).save(photo)

    page.set_viewport_size({"width": 768, "height": 1024})
    login(page, live_server, personas.verbinder)
    page.goto(f"{live_server.url}/matches/{match.pk}/", wait_until="networkidle")
    page.get_by_role("link", name="Verhaal vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verhaal vastleggen")
    assert_accessible(page)

    page.get_by_label("Titel").fill("Samen de moestuin in")
    page.get_by_label("Wanneer gebeurde het?").fill(timezone.localdate().isoformat())
    page.get_by_label("Wat gebeurde er?").fill("Fatima en Kees werken elke dinsdag samen.")
    page.get_by_label("Citaat").fill("Ik wist niet dat ik dit kon.")
    page.get_by_label("Foto (mag leeg blijven)").set_input_files(str(photo))
    page.get_by_role("button", name="Verhaal opslaan").click()
    # A photo needs a description: the form says so and keeps the text (the file is chosen
    # again, as browsers never keep a file field).
    expect(page.get_by_role("alert")).to_contain_text("Kijk nog even naar deze punten")
    expect(page.get_by_label("Titel")).to_have_value("Samen de moestuin in")
    assert_accessible(page)
    page.get_by_label("Foto (mag leeg blijven)").set_input_files(str(photo))
    page.get_by_label("Wat staat er op de foto?").fill("Twee mensen in een moestuin")
    page.get_by_role("button", name="Verhaal opslaan").click()

    expect(page.get_by_text("Komt in geen rapport")).to_be_visible()
    image = page.get_by_role("img", name="Twee mensen in een moestuin")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 300
    assert_accessible(page)

    page.get_by_label("Wie?").select_option(label=str(match.resident_a))
    page.get_by_label("wordt geciteerd").check()
    page.get_by_label("staat op de foto").check()
    page.get_by_label("Hoe?").select_option("in_person")
    page.get_by_label("Deze persoon weet wat er in het verhaal staat").check()
    page.get_by_role("button", name="Toestemming vastleggen").click()
    expect(page.get_by_text("Komt in rapporten")).to_be_visible()

    story = Story.objects.get()
    page.goto(
        f"{live_server.url}/verhalen/rapport/?wijkteam={story.wijkteam_id}",
        wait_until="networkidle",
    )
    expect(page.get_by_role("heading", name="Samen de moestuin in")).to_be_visible()
    expect(page.get_by_role("img", name="Twee mensen in een moestuin")).to_be_visible()
    assert_accessible(page)
    # On paper: no navigation, no filters.
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Toon rapport")).to_be_hidden()
    page.emulate_media(media="screen")

    page.goto(f"{live_server.url}/verhalen/{story.pk}/")
    page.get_by_role("button", name="Toestemming intrekken").click()
    expect(page.get_by_text("Komt in geen rapport")).to_be_visible()
    page.goto(f"{live_server.url}/verhalen/rapport/?wijkteam={story.wijkteam_id}")
    expect(page.get_by_text("Geen verhalen met toestemming in deze periode.")).to_be_visible()

    page.goto(f"{live_server.url}/verhalen/", wait_until="networkidle")
    expect(page.get_by_role("link", name="Samen de moestuin in")).to_be_visible()
    assert_accessible(page)
