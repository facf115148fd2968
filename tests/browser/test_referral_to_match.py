"""From a partner's referral to a started match, as the people involved click through it (issue 11).

A partner refers someone; a verbinder of that wijkteam takes the sign-up, makes a resident of it,
opens the request it became, chooses the talent, picks the top suggestion, records that both
said yes, plans the introduction, starts the match, and finds it on both residents' pages. The
partner then sees the referral as "gematcht", and nothing a verbinder wrote.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from buurtinbloei.models import Buurt
from matches.models import Match, MatchStatus, Request, RequestSource
from tests.factories import ResidentFactory, ResidentTalentFactory, TalentFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A buurt of woensel-noord-west, the verbinder's wijkteam.
OWN_BUURT = "Jagershoef"


def test_a_partners_referral_becomes_a_started_match(page: Page, new_page, live_server, personas):
    cooking = TalentFactory(name="Koken")
    buurt = Buurt.objects.get(name=OWN_BUURT)
    # Two neighbours offer cooking; Henk lives in the same buurt, so he comes first.
    henk = ResidentFactory(first_name="Henk", last_name="de Vries", buurt=buurt)
    ResidentTalentFactory(resident=henk, talent=cooking)
    farther = ResidentFactory(
        first_name="Ria",
        buurt=Buurt.objects.filter(wijk__wijkteam=personas.own_wijkteam)
        .exclude(wijk=buurt.wijk)
        .first(),
    )
    ResidentTalentFactory(resident=farther, talent=cooking)

    # (a) The partner refers Fatima, with her consent.
    partner = new_page()
    login(partner, live_server, personas.partner)
    partner.get_by_role("link", name="Verwijzen").first.click()
    partner.get_by_label("Voornaam").fill("Fatima")
    partner.get_by_label("Telefoonnummer").fill("06 12345678")
    partner.get_by_label("Buurt").select_option(label=OWN_BUURT)
    partner.get_by_label("Soort hulp").select_option(label="gezelschap en samen iets doen")
    partner.get_by_label("Wat zou kunnen helpen?").fill("Ze eet slecht sinds haar man overleed.")
    partner.get_by_label(re.compile("^De inwoner weet van deze verwijzing")).check()
    partner.get_by_role("button", name="Doorverwijzen").click()
    expect(partner.get_by_text("Fatima").first).to_be_visible()

    # (b) The verbinder takes it from the inbox and makes a resident of it.
    login(page, live_server, personas.verbinder)
    page.goto(f"{live_server.url}/aanmeldingen/")
    page.get_by_role("link", name="Fatima").click()
    expect(page.get_by_text("Verwezen door")).to_be_visible()
    page.get_by_role("button", name="Ik pak deze op").click()
    page.get_by_role("button", name="Maak een nieuwe inwoner aan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fatima")
    fatima_url = page.url

    # (c) The referral became a request; the verbinder opens it and chooses the talent.
    requests = page.get_by_role("region", name="Hulpvragen")
    requests.get_by_role("listitem").first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hulpvraag van Fatima")
    expect(page.get_by_text("verwijzing door een partner")).to_be_visible()
    page.get_by_role("link", name="Kies een talent").click()
    page.get_by_label("Gevraagd talent").select_option(label="Koken")
    page.get_by_role("button", name="Wijzigingen opslaan").click()

    # (d) The top suggestion is the neighbour in the same buurt, and it says why.
    suggestions = page.get_by_role("region", name="Suggesties")
    first = suggestions.get_by_role("listitem").first
    expect(first).to_contain_text("Henk de Vries")
    expect(first).to_contain_text("zelfde buurt")
    first.get_by_role("button", name=re.compile("^Maak een match")).click()
    expect(first.get_by_role("status")).to_contain_text("Match voorgesteld")
    first.get_by_role("link", name="bekijk de match").click()

    # (e) Both said yes, the introduction is planned, the match starts.
    expect(page.get_by_role("heading", level=1)).to_contain_text("inwoner met inwoner")
    page.get_by_role("button", name="Beide kanten zeiden ja").click()
    expect(page.get_by_role("link", name="06-12345678")).to_be_visible()
    page.locator("summary", has_text="Kennismaking plannen").click()
    intro = timezone.localdate() + datetime.timedelta(days=3)
    page.get_by_label("Datum van de kennismaking").fill(intro.isoformat())
    page.get_by_role("button", name="Kennismaking plannen").click()
    expect(page.locator("#match-status")).to_have_text("kennismaking gepland")
    page.locator("summary", has_text="Match starten").click()
    page.get_by_label("Gestart op").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Match starten").click()
    expect(page.locator("#match-status")).to_have_text("gestart")

    match = Match.objects.get()
    assert match.status == MatchStatus.STARTED and match.resident_b == henk
    request = Request.objects.get()
    assert request.source == RequestSource.PARTNER and request.referred_by == personas.partner
    assert match.request == request

    # (f) On both residents' pages.
    for url in (fatima_url, f"{live_server.url}{henk.get_absolute_url()}"):
        page.goto(url, wait_until="networkidle")
        section = page.get_by_role("region", name="Matches")
        expect(section).to_contain_text("Fatima & Henk")
        expect(section).to_contain_text("gestart")

    # (g) The partner sees the referral matched, and nothing the verbinder wrote.
    partner.goto(f"{live_server.url}/verwijzen/mijn/")
    expect(partner.get_by_role("main")).to_contain_text("gematcht")
    expect(partner.get_by_role("main")).not_to_contain_text("Henk")
    expect(partner.get_by_role("main")).not_to_contain_text("de Vries")
