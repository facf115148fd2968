"""The GGZ landing route as the people involved click through it (issue 15).

A verbinder sets up a route for Zwaantje with her counsellor present: goals in her own words,
a buddy from her buurt, and what each party may know. The verbinder makes the buddy's link;
the buddy opens it (no account) and sees Zwaantje's first name and interests. The counsellor
signs in and sees the progress, not the interests. Zwaantje withdraws the buddy's consent for
her interests: on the buddy's next reload they are gone, and the first name stays.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from buurtinbloei.models import Buurt
from tests.factories import ResidentFactory
from tests.routes.support import counsellor

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A buurt of woensel-noord-west, the verbinder's wijkteam.
OWN_BUURT = "Jagershoef"
INTERESTS = "vogels kijken bij de Dommel"


def test_a_ggz_route_is_set_up_seen_by_the_buddy_and_shrinks_when_consent_is_withdrawn(
    page: Page, new_page, live_server, personas
):
    buurt = Buurt.objects.get(name=OWN_BUURT)
    zwaantje = ResidentFactory(first_name="Zwaantje", last_name="Bos", buurt=buurt)
    ResidentFactory(first_name="Bram", last_name="Maat", buurt=buurt)
    begeleider = counsellor("ggz.begeleider@example.org")
    begeleider.first_name, begeleider.last_name = "Gerda", "Begeleider"
    begeleider.save()

    # (a) The verbinder starts the route from Zwaantje's page, her counsellor at the table.
    login(page, live_server, personas.verbinder)
    page.goto(f"{live_server.url}/inwoners/{zwaantje.pk}/", wait_until="networkidle")
    page.get_by_role("link", name="Landingsroute starten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Landingsroute starten voor Zwaantje")
    page.get_by_label("GGZ-partner", exact=True).select_option(label="Ambulant GGZ-team Test")
    page.get_by_label("Begeleider van de GGZ-partner").select_option(
        label="Gerda Begeleider (Ambulant GGZ-team Test)"
    )
    page.get_by_label("Doelen, in de eigen woorden van de inwoner").fill(
        "Weer zelf boodschappen doen en iemand in de straat kennen."
    )
    page.get_by_label(re.compile(r"^Interesses")).fill(INTERESTS)
    # The buddy is searched by name in her buurt (htmx), not picked from a list of thousands.
    maatje = page.get_by_role("group", name="Maatje (niet verplicht)", exact=True)
    maatje.get_by_label("Zoek op naam").press_sequentially("maat")
    maatje.get_by_label("Bram Maat").check()
    expect(maatje.get_by_label("Zwaantje Bos")).to_have_count(0)  # never herself
    page.get_by_label("maatje: voornaam").check()
    page.get_by_label("maatje: interesses").check()
    page.get_by_label("GGZ-partner: voornaam").check()
    page.get_by_label("GGZ-partner: hoe het gaat").check()
    page.get_by_label("De begeleider was erbij toen we de toestemming bespraken").check()
    page.get_by_role("button", name="Landingsroute starten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Landingsroute van Zwaantje Bos")
    expect(page.get_by_text("De landingsroute staat klaar.")).to_be_visible()

    # (b) The verbinder makes the buddy's link and hands it over.
    page.get_by_role("button", name=re.compile(r"^Link maken\s*: maatje$")).click()
    link = page.get_by_role("link", name="Pagina voor maatje").get_attribute("href")

    # (c) The buddy opens it, without an account: first name and interests, nothing else.
    buddy = new_page()
    buddy.goto(f"{live_server.url}{link}")
    expect(buddy.get_by_role("heading", level=1)).to_have_text("Landingsroute van Zwaantje")
    expect(buddy.get_by_text(INTERESTS)).to_be_visible()
    expect(buddy.get_by_text("boodschappen")).to_have_count(0)

    # (d) The counsellor signs in and follows the progress, but not her interests.
    ggz = new_page()
    login(ggz, live_server, begeleider)
    ggz.get_by_role("link", name="Mijn landingsroutes").click()
    ggz.get_by_role("link", name="Landingsroute van Zwaantje").click()
    expect(ggz.get_by_role("table", name="Check-ins")).to_be_visible()
    expect(ggz.get_by_text("Weer zelf boodschappen doen", exact=False)).to_be_visible()
    expect(ggz.get_by_text(INTERESTS)).to_have_count(0)

    # (e) Zwaantje withdraws the buddy's consent for her interests: one click.
    page.get_by_role("button", name=re.compile(r"^Intrekken\s*: maatje, interesses$")).click()
    expect(page.get_by_text("Toestemming ingetrokken. Dit geldt meteen.")).to_be_visible()

    # (f) On the buddy's next reload the interests are gone; the first name stays.
    buddy.reload()
    expect(buddy.get_by_role("heading", level=1)).to_have_text("Landingsroute van Zwaantje")
    expect(buddy.get_by_text(INTERESTS)).to_have_count(0)
