"""The networks flows a person clicks through in Chromium (issue 10).

An organisation signs up on the public form; a verbinder of its wijk reviews it and its
ontwikkelplaats becomes available. A verbinder builds a kernteam to five active members with
the inline form, and the buurt profile shows it as active.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from networks.models import CoreTeam, Ontwikkelplaats
from tests.factories import ResidentFactory, TalentFactory
from tests.networks.support import own_buurt

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set on window before the inline adds: it survives htmx swaps, never a page load.
SET_MARKER = "window.bibNoReload = true"
MARKER = "window.bibNoReload === true"


def test_an_organisation_signs_up_and_becomes_available_after_review(
    page: Page, new_page, live_server, personas
):
    TalentFactory(name="Koken", common=True)
    buurt = own_buurt()

    # (a) The organisation signs up, without an account.
    org_page = new_page()
    org_page.goto(f"{live_server.url}/aanmelden/organisatie/")
    org_page.get_by_label("Naam van je organisatie of initiatief").fill("Speeltuin De Vlinder")
    org_page.get_by_label("Wat voor organisatie is het?").select_option(label="vereniging")
    org_page.get_by_label("Of kies de buurt").select_option(label=buurt.name)
    org_page.get_by_label("Naam van de contactpersoon").fill("Sanne de Boer")
    org_page.get_by_label("Telefoonnummer").fill("06 12345678")
    org_page.get_by_label("Wat kan iemand bij jullie doen?").fill("Kantinedienst op woensdag")
    org_page.get_by_label("Wat voor plek is het?").select_option(label="vrijwilligerswerk")
    org_page.get_by_label("Voor hoeveel mensen is er plek?").fill("2")
    org_page.get_by_label("Koken", exact=True).check()
    org_page.get_by_label("We kunnen hulp of vrijwilligers gebruiken").check()
    org_page.get_by_label(re.compile(r"^Ik vind het goed dat WIJeindhoven")).check()
    org_page.get_by_role("button", name="Verstuur").click()
    expect(org_page.get_by_role("heading", level=1)).to_have_text("Bedankt voor je aanmelding")
    org_page.context.close()
    assert not Ontwikkelplaats.objects.available().exists()

    # (b) A verbinder of that wijk finds it waiting and reviews it.
    login(page, live_server, personas.verbinder)
    page.get_by_role("link", name="Organisaties", exact=True).click()
    page.get_by_label("Beoordeling").select_option(label="Wacht op beoordeling")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Speeltuin De Vlinder").click()
    expect(page.get_by_text("wacht op beoordeling door een verbinder")).to_be_visible()
    expect(page.get_by_text("+31612345678")).to_be_visible()
    page.get_by_role("button", name="Beoordeeld: beschikbaar maken").click()
    expect(page.get_by_text("Speeltuin De Vlinder is beoordeeld")).to_be_visible()

    # (c) Its place is now available: in the list of free places and on the buurt profile.
    page.goto(f"{live_server.url}/ontwikkelplaatsen/?available=free")
    expect(page.get_by_role("link", name="Kantinedienst op woensdag")).to_be_visible()
    page.goto(f"{live_server.url}/buurten/{buurt.pk}/")
    free = page.get_by_role("region", name="Ontwikkelplaatsen met vrije plaatsen")
    expect(free).to_contain_text("Kantinedienst op woensdag")
    assert Ontwikkelplaats.objects.available().get().title == "Kantinedienst op woensdag"


def test_a_verbinder_builds_a_kernteam_to_five_active_members(page: Page, live_server, personas):
    buurt = own_buurt()
    names = ["Amira", "Bram", "Chantal", "Dirk", "Esra"]
    for name in names:
        ResidentFactory(first_name=name, last_name="Demo", buurt=buurt)

    login(page, live_server, personas.verbinder)
    page.get_by_role("link", name="Kernteams").click()
    page.get_by_role("link", name="Nieuw kernteam").click()
    page.get_by_label("Naam").fill("Samen Sterk")
    page.get_by_label("Buurt").select_option(label=buurt.name)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Samen Sterk")
    status = page.locator("#team-status")
    expect(status).to_contain_text("nog niet actief")

    # Five members through the inline form (htmx: the page is never reloaded).
    page.evaluate(SET_MARKER)
    members = page.get_by_role("region", name="Leden")
    for n, name in enumerate(names, start=1):
        members.get_by_label("Inwoner").select_option(label=f"{name} Demo")
        members.get_by_role("button", name="Lid toevoegen").click()
        expect(members.get_by_text(f"{name} Demo")).to_be_visible()
        expect(status).to_contain_text(f"{n} actie")
    expect(status).to_contain_text("5 actieve leden")
    expect(status).not_to_contain_text("nog niet actief")
    assert page.evaluate(MARKER)

    # The buurt profile shows the kernteam as active.
    page.get_by_role("link", name="Buurtprofiel").click()
    teams = page.get_by_role("region", name="Kernteams")
    expect(teams).to_contain_text("Samen Sterk")
    expect(teams.get_by_text("actief", exact=True)).to_be_visible()
    team = CoreTeam.objects.with_member_counts().get(name="Samen Sterk")
    assert team.active_member_count == 5
