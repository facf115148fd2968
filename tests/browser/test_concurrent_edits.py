"""Two verbinders, each in their own browser (two contexts, own cookies), correct the same
conversation and then the same resident: the second to save sees the conflict page with both
versions and what they typed, and saves again on purpose (buurtinbloei/conflicts.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from buurtinbloei.models import Buurt
from talents.models import Conversation, Resident
from tests.factories import ConversationFactory, ResidentFactory, UserFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 360


@pytest.fixture
def two_verbinders(page: Page, new_page, live_server, personas) -> tuple[Page, Page]:
    colleague = UserFactory(
        wijkteams=[personas.own_wijkteam], first_name="Fatima", last_name="Bakker"
    )
    login(page, live_server, personas.verbinder)
    other = new_page()
    login(other, live_server, colleague)
    return page, other


@pytest.fixture
def resident(personas) -> Resident:
    buurt = Buurt.objects.filter(wijk__wijkteam=personas.own_wijkteam).order_by("pk").first()
    return ResidentFactory(first_name="Anouk", last_name="Jansen", buurt=buurt, languages="")


def test_the_second_to_correct_a_conversation_sees_both_versions_and_saves_on_purpose(
    two_verbinders, live_server, resident
):
    mine, theirs = two_verbinders
    conversation = ConversationFactory(resident=resident, summary="Eerste aantekening")
    for page in (mine, theirs):
        page.goto(f"{live_server.url}{resident.get_absolute_url()}")
        page.get_by_role("link", name="Corrigeren").click()
        expect(page.get_by_label("Samenvatting")).to_have_value("Eerste aantekening")

    theirs.get_by_label("Samenvatting").fill("Aantekening van Fatima")
    theirs.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(theirs.get_by_text("De correctie van het gesprek is opgeslagen.")).to_be_visible()

    mine.get_by_label("Samenvatting").fill("Mijn aantekening")
    mine.get_by_role("button", name="Wijzigingen opslaan").click()
    conflict = mine.get_by_role("alert").filter(has_text="net ook gewijzigd")
    expect(conflict).to_be_visible()
    row = conflict.get_by_role("row", name="Samenvatting")
    expect(row).to_contain_text("Mijn aantekening")
    expect(row).to_contain_text("Aantekening van Fatima")
    expect(conflict.get_by_role("columnheader", name="Wat u invulde")).to_be_visible()
    expect(conflict).to_contain_text("Nu opgeslagen (door Fatima Bakker")
    expect(mine.get_by_label("Samenvatting")).to_have_value("Mijn aantekening")
    conversation.refresh_from_db()
    assert conversation.summary == "Aantekening van Fatima"

    mine.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(mine.get_by_text("De correctie van het gesprek is opgeslagen.")).to_be_visible()
    conversation.refresh_from_db()
    assert (conversation.summary, conversation.version) == ("Mijn aantekening", 3)


def test_the_second_to_edit_a_resident_sees_the_conflict_and_can_throw_theirs_away(
    two_verbinders, live_server, resident
):
    mine, theirs = two_verbinders
    for page in (mine, theirs):
        page.goto(f"{live_server.url}/inwoners/{resident.pk}/bewerken/")
    theirs.get_by_label("Talen").fill("Arabisch")
    theirs.get_by_role("button", name="Opslaan").click()
    expect(theirs.get_by_text("De wijzigingen zijn opgeslagen.")).to_be_visible()

    mine.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    mine.get_by_label("Talen").fill("Pools")
    mine.get_by_role("button", name="Opslaan").click()
    conflict = mine.get_by_role("alert").filter(has_text="net ook gewijzigd")
    expect(conflict.get_by_role("row", name="Talen")).to_contain_text("Arabisch")
    expect(mine.get_by_label("Talen")).to_have_value("Pools")
    # On a phone the comparison fits the screen (its table scrolls on its own if it must).
    assert mine.evaluate("document.scrollingElement.scrollWidth") <= PHONE_WIDTH

    conflict.get_by_role("link", name="Mijn wijzigingen weggooien").click()
    expect(mine).to_have_url(f"{live_server.url}{resident.get_absolute_url()}")
    resident.refresh_from_db()
    assert (resident.languages, resident.version) == ("Arabisch", 2)
    assert Conversation.objects.count() == 0
