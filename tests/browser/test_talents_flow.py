"""The talents flows a person clicks through in Chromium (issue 3).

A resident signs up on the public form; the sign-up waits in the inbox of their buurt's
wijkteam; a verbinder of that wijkteam takes it, makes a resident of it and logs a conversation
with two talents through the inline form; a verbinder of another wijkteam sees none of it. Also
the quick street capture on a phone and the resident list's live search.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from buurtinbloei.models import Buurt
from talents.models import Conversation, ConversationKind, Resident, SignUp, SignUpStatus
from tests.factories import ResidentFactory, TalentFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A buurt of woensel-noord-west (the verbinder's wijkteam), chosen by name in the buurt select.
OWN_BUURT = "Jagershoef"
PHONE_WIDTH = 360

# Set on window before a save or a search: it survives htmx swaps, never a page load.
SET_MARKER = "window.bibNoReload = true"
MARKER = "window.bibNoReload === true"


def no_horizontal_scrolling(page: Page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{page.url} is {width}px wide at a {PHONE_WIDTH}px viewport"


@pytest.fixture
def common_talents(db) -> None:
    """The sign-up form's checkboxes; the data migration's rows are flushed in live tests."""
    for name in ("Koken", "Tuinieren", "Een praatje maken"):
        TalentFactory(name=name, common=True)


def test_a_sign_up_reaches_the_right_wijkteam_and_becomes_a_resident_with_a_conversation(
    page: Page, new_page, live_server, personas, common_talents
):
    # (a) An anonymous resident signs up on the public form.
    resident_page = new_page()
    resident_page.goto(f"{live_server.url}/")
    resident_page.get_by_role("link", name=re.compile("^Ik wil iets doen voor de buurt")).click()
    resident_page.get_by_label("Je voornaam").fill("Fatima")
    resident_page.get_by_label("Je telefoonnummer").fill("06 12345678")
    resident_page.get_by_label("Of kies je buurt").select_option(label=OWN_BUURT)
    # "Koken", or its offer label when the curated list is loaded.
    resident_page.get_by_label(re.compile(r"^[Kk]oken( voor of met anderen)?$")).check()
    resident_page.get_by_label(re.compile(r"^Ik vind het goed dat een verbinder")).check()
    resident_page.get_by_role("button", name="Verstuur").click()

    expect(resident_page.get_by_role("heading", level=1)).to_have_text(
        "Bedankt voor je aanmelding!"
    )
    expect(resident_page).to_have_url(f"{live_server.url}/aanmelden/bedankt/")
    resident_page.context.close()

    # (b) The verbinder of woensel-noord-west sees it waiting, takes it, makes a resident of it.
    login(page, live_server, personas.verbinder)
    inbox_panel = page.get_by_role("region", name="Nieuwe aanmeldingen")
    expect(inbox_panel).to_contain_text("1 aanmelding wacht op een verbinder.")
    inbox_panel.get_by_role("link", name="Naar de aanmeldingen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmeldingen")
    page.get_by_role("link", name="Fatima").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelding van Fatima")
    expect(
        page.get_by_text(f"{OWN_BUURT} (Ontginning, {personas.own_wijkteam.name})")
    ).to_be_visible()
    page.get_by_role("button", name="Ik pak deze op").click()
    expect(page.get_by_text("Je hebt deze aanmelding opgepakt.")).to_be_visible()
    page.get_by_role("button", name="Maak een nieuwe inwoner aan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Fatima")
    expect(page.get_by_text("Fatima staat nu bij de inwoners.")).to_be_visible()
    resident_url = page.url
    assert re.fullmatch(rf"{live_server.url}/inwoners/\d+/", resident_url)

    # (c) A conversation with two talents through the inline form: one from the picker's
    # suggestions after a search, one proposed as new.
    page.get_by_text("Gesprek vastleggen", exact=True).click()  # one tap opens the form
    form = page.get_by_role("group", name="Gesprek vastleggen")
    form.get_by_label("Samenvatting").fill("Kookt graag voor de buren; timmert graag.")
    search = form.get_by_label("Zoek een talent")
    search.fill("tuin")
    form.get_by_label("Tuinieren", exact=True).check()
    search.fill("Vogelhuisjes timmeren")
    form.get_by_label("Nieuw talent voorstellen: “Vogelhuisjes timmeren”").check()
    # The second search kept the talent chosen after the first.
    expect(form.get_by_label("Tuinieren", exact=True)).to_be_checked()

    page.evaluate(SET_MARKER)
    form.get_by_role("button", name="Gesprek opslaan").click()

    # (d) The timeline shows the conversation and both talents, without a page load.
    timeline = page.get_by_role("region", name="Tijdlijn")
    conversation = timeline.get_by_role("article")
    expect(conversation).to_have_count(1)
    expect(conversation).to_contain_text("Kookt graag voor de buren; timmert graag.")
    expect(conversation).to_contain_text("Tuinieren, Vogelhuisjes timmeren")
    talents = page.get_by_role("region", name="Talenten").get_by_role("list")
    expect(talents.get_by_role("listitem")).to_have_count(3)
    for name in ("Koken", "Tuinieren", "Vogelhuisjes timmeren"):  # Koken came with the sign-up
        expect(talents).to_contain_text(name)
    # The status in the details above changed along (an out-of-band swap).
    details = page.get_by_role("region", name="Gegevens")
    expect(details.get_by_role("definition").filter(has_text="in gesprek")).to_have_count(1)
    # "Gesprek opgeslagen" where the verbinder looks; the form came back empty and closed.
    expect(page.get_by_role("status").filter(has_text="Gesprek opgeslagen.")).to_be_in_viewport()
    expect(form.get_by_label("Samenvatting")).to_be_hidden()
    page.get_by_text("Gesprek vastleggen", exact=True).click()
    expect(form.get_by_label("Samenvatting")).to_have_value("")
    assert page.evaluate(MARKER), "saving the conversation loaded a new page"
    assert page.url == resident_url

    # (e) A verbinder of stratum neither sees the sign-up nor reaches the resident.
    other = new_page()
    login(other, live_server, personas.other_verbinder)
    expect(other.get_by_role("region", name="Nieuwe aanmeldingen")).to_contain_text(
        "Er wachten geen nieuwe aanmeldingen."
    )
    other.goto(f"{live_server.url}/aanmeldingen/?status=all")
    expect(other.get_by_role("table")).to_contain_text("0 aanmeldingen")
    expect(other.get_by_role("link", name="Fatima")).to_have_count(0)

    signup = SignUp.objects.get()
    assert signup.status == SignUpStatus.DONE
    for url in (resident_url, f"{live_server.url}/aanmeldingen/{signup.pk}/"):
        response = other.goto(url)
        assert response is not None and response.status == 404
        expect(other.get_by_role("heading", level=1)).to_have_text("Deze pagina bestaat niet")
        expect(other.get_by_text("Fatima")).to_have_count(0)


@pytest.mark.browser_context_args(viewport={"width": PHONE_WIDTH, "height": 740})
def test_a_street_capture_on_a_phone_saves_a_resident_and_a_conversation(
    page: Page, live_server, personas
):
    login(page, live_server, personas.verbinder)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Straatgesprek"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Straatgesprek")
    no_horizontal_scrolling(page)

    page.get_by_label("Voornaam").fill("Joost")
    page.get_by_label("Buurt").select_option(label=OWN_BUURT)
    page.get_by_label("Telefoonnummer").fill("06 87654321")
    page.get_by_label("Talent of wens").fill("Gitaar spelen")
    page.get_by_label("geven: dit kan of wil de inwoner doen").check()
    page.get_by_label("Notitie").fill("Speelt op buurtfeesten.")
    page.get_by_label("Ik heb de tekst hierboven voorgelezen en de inwoner vindt het goed.").check()
    page.get_by_role("button", name="Opslaan").click()

    expect(
        page.get_by_text(
            "Joost is opgeslagen. Vul later de rest aan. Je kunt meteen de volgende invullen."
        )
    ).to_be_visible()
    expect(page.get_by_label("Voornaam")).to_have_value("")  # ready for the next one
    no_horizontal_scrolling(page)

    resident = Resident.objects.get(first_name="Joost")
    assert resident.buurt.name == OWN_BUURT
    assert resident.phone == "+31687654321"
    conversation = Conversation.objects.get(resident=resident)
    assert conversation.kind == ConversationKind.STREET
    assert conversation.summary == "Speelt op buurtfeesten."
    assert [t.name for t in conversation.talents.all()] == ["Gitaar spelen"]


def test_the_resident_list_searches_as_you_type_without_a_page_load(
    page: Page, live_server, personas
):
    buurt = Buurt.objects.get(name=OWN_BUURT)
    ResidentFactory(first_name="Annemarie", last_name="Jansen", buurt=buurt)
    ResidentFactory(first_name="Bram", last_name="de Vries", buurt=buurt)

    login(page, live_server, personas.verbinder)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Inwoners").click()
    table = page.get_by_role("table", name="Inwoners")
    expect(table.get_by_role("link", name="Bram de Vries")).to_be_visible()

    page.evaluate(SET_MARKER)
    page.get_by_label("Zoek op naam, e-mail, telefoon, postcode of talent").fill("anne")

    expect(page.get_by_text("1 inwoner gevonden")).to_be_visible()
    expect(table.get_by_role("link", name="Annemarie Jansen")).to_be_visible()
    expect(table.get_by_role("link", name="Bram de Vries")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/inwoners/\?(.*&)?q=anne(&|$)"))
    assert page.evaluate(MARKER), "the search loaded a new page"


@pytest.mark.browser_context_args(viewport={"width": PHONE_WIDTH, "height": 740})
def test_the_talents_pages_need_no_horizontal_scrolling_on_a_phone(
    page: Page, live_server, personas, common_talents
):
    buurt = Buurt.objects.get(name=OWN_BUURT)
    resident = ResidentFactory(
        first_name="Wilhelmina",
        last_name="van Oostenbrugge-Hendriksen",
        email="wilhelmina.vanoostenbrugge-hendriksen@voorbeeld.example.org",
        buurt=buurt,
    )
    page.goto(f"{live_server.url}/aanmelden/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    no_horizontal_scrolling(page)

    login(page, live_server, personas.verbinder)
    no_horizontal_scrolling(page)  # the dashboard with the talents panels
    for path in (
        "/inwoners/",
        f"/inwoners/{resident.pk}/",
        f"/inwoners/{resident.pk}/bewerken/",
        "/inwoners/nieuw/",
        "/aanmeldingen/",
        "/instellingen/meldingen/",
        "/panelen/opvolgen/",
    ):
        page.goto(f"{live_server.url}{path}", wait_until="networkidle")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        no_horizontal_scrolling(page)


def test_a_talent_ticked_while_a_search_is_on_its_way_stays_ticked(
    page: Page, live_server, personas, common_talents
):
    """On a slow street connection the answer to a search arrives after the next tick."""
    resident = ResidentFactory(first_name="Noor", buurt=Buurt.objects.get(name=OWN_BUURT))
    login(page, live_server, personas.verbinder)
    held = []

    def hold_the_first_search(route):
        if "talent_q=tuin" in route.request.url and not held:
            held.append(route)  # answered below, after the tick
        else:
            route.continue_()

    page.route("**/talenten/zoeken/**", hold_the_first_search)
    page.goto(f"{live_server.url}{resident.get_absolute_url()}")
    page.get_by_text("Gesprek vastleggen", exact=True).click()
    form = page.get_by_role("group", name="Gesprek vastleggen")
    first = page.locator("#talent-options input[name=talents]").first
    talent_id = first.get_attribute("id")
    form.get_by_label("Zoek een talent").fill("tuin")
    page.wait_for_timeout(600)  # past the search's 250 ms delay: the request is being held
    assert held, "the search was not sent"
    page.locator(f"#{talent_id}").check()  # a common talent, shown before any search
    held[0].continue_()

    expect(page.locator(f"#{talent_id}")).to_be_checked()
    page.wait_for_timeout(500)  # let any late answer land
    expect(page.locator(f"#{talent_id}")).to_be_checked()
