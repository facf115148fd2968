"""A verbinder exports everything stored about a resident, then erases them (issue 13).

The resident looks like the demo data: talents, an ordinary and a sensitive conversation, a
request, a started match and consent given on the website. The verbinder opens "Inzage" from
the resident page, downloads the JSON file, and erases the resident after typing their first
name; the page then says "geanonimiseerd" and shows no name or note.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from talents.models import ConsentRecord, Resident, ResidentStatus
from tests.factories import (
    ConversationFactory,
    RequestFactory,
    ResidentFactory,
    ResidentTalentFactory,
    StartedMatchFactory,
    TalentFactory,
)
from tests.networks.support import own_buurt

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def demo_like_resident(personas) -> Resident:
    buurt = own_buurt()
    cooking = TalentFactory(name="Koken", common=True)
    fatima = ResidentFactory(
        first_name="Fatima", last_name="El Amrani", email="fatima@example.org", buurt=buurt
    )
    ResidentTalentFactory(resident=fatima, talent=cooking, note="Marokkaans en Surinaams")
    ConversationFactory(resident=fatima, verbinder=personas.verbinder, summary="Kookt graag.")
    ConversationFactory(
        resident=fatima,
        verbinder=personas.verbinder,
        summary="Zorgen over de mantelzorg voor haar moeder.",
        sensitive=True,
    )
    request = RequestFactory(resident=fatima, talent=cooking, description="Hulp met formulieren")
    StartedMatchFactory(
        resident_a=fatima,
        resident_b=ResidentFactory(first_name="Henk", buurt=buurt),
        talent=cooking,
        request=request,
        verbinder=personas.verbinder,
    )
    ConsentRecord.objects.create(
        resident=fatima,
        purpose=ConsentRecord.Purpose.CONTACT,
        text_version="2026-01",
        given_at=timezone.now() - datetime.timedelta(days=60),
    )
    return fatima


def test_a_verbinder_exports_and_then_erases_a_resident(page: Page, live_server, personas):
    fatima = demo_like_resident(personas)
    login(page, live_server, personas.verbinder)

    # Access: everything stored, sensitive conversation included, on one printable page.
    page.goto(f"{live_server.url}{fatima.get_absolute_url()}")
    page.get_by_role("link", name="Inzage: alles wat we bewaren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inzage")
    for text in (
        "El Amrani",
        "Marokkaans en Surinaams",
        "voor haar moeder",
        "Hulp met formulieren",
    ):
        expect(page.get_by_text(text).first).to_be_visible()
    expect(page.get_by_role("heading", name="Wie de gegevens bekeek of wijzigde")).to_be_visible()

    # The same as a JSON file.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download als JSON-bestand").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"inzage-inwoner-{fatima.pk}-")
    data = json.loads(download.path().read_text(encoding="utf-8"))["data"]
    assert data["talents"]["resident"]["last_name"] == "El Amrani"
    assert data["matches"]["requests"][0]["description"] == "Hulp met formulieren"

    # Erasure: a warning, the first name typed, then done.
    page.goto(f"{live_server.url}{fatima.get_absolute_url()}")
    page.get_by_role("link", name="Gegevens wissen (anonimiseren)").click()
    expect(page.get_by_text("dit kan niet ongedaan worden gemaakt")).to_be_visible()
    page.get_by_label("Typ de voornaam van de inwoner om te bevestigen").fill("Fatma")
    page.get_by_role("button", name="Definitief wissen").click()
    expect(page.get_by_role("alert").first).to_contain_text("Er is niets gewist")
    page.get_by_label("Typ de voornaam van de inwoner om te bevestigen").fill("Fatima")
    page.get_by_role("button", name="Definitief wissen").click()

    expect(page.locator("#geanonimiseerd")).to_contain_text("geanonimiseerd")
    expect(page.locator("#resident-status")).to_have_text("geanonimiseerd")
    expect(page.get_by_text("El Amrani")).to_have_count(0)
    expect(page.get_by_text("voor haar moeder")).to_have_count(0)
    assert Resident.objects.get(pk=fatima.pk).status == ResidentStatus.ANONYMISED
