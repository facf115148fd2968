"""The printable talent card: first name, talents, a wish, the verbinder to ask; nothing more."""

from __future__ import annotations

import pytest

from buurtinbloei.models import AuditEvent
from tests.conftest import client_for
from tests.factories import (
    ConversationFactory,
    ResidentFactory,
    ResidentTalentFactory,
    TalentFactory,
)
from tests.networks.support import own_buurt

pytestmark = pytest.mark.django_db


@pytest.fixture
def fatima(personas):
    resident = ResidentFactory(
        first_name="Fatima",
        last_name="El Amrani",
        email="fatima@example.org",
        phone="+31612345678",
        postcode="5625 AB",
        birth_year=1961,
        buurt=own_buurt(),
        responsible_verbinder=personas.verbinder,
    )
    ResidentTalentFactory(resident=resident, talent=TalentFactory(name="Koken"), note="geheim")
    ResidentTalentFactory(
        resident=resident,
        talent=TalentFactory(name="Naaien"),
        offered=False,
        wants_to_develop=True,
    )
    ConversationFactory(resident=resident, wishes="Een kookclub beginnen in het buurthuis.")
    ConversationFactory(resident=resident, wishes="Praten over mijn depressie.", sensitive=True)
    return resident


def test_the_card_shows_only_what_may_be_handed_out(personas, settings, fatima):
    settings.WIJ_PHONE = "+31401234567"
    response = client_for(personas.verbinder).get(f"/inwoners/{fatima.pk}/talentkaart/")
    html = response.content.decode()
    card = html[html.index('class="bib-talent-card') :]
    assert response.status_code == 200
    assert "Fatima" in card and "Koken" in card
    assert "Wil leren: Naaien" in card
    assert "Een kookclub beginnen in het buurthuis." in card
    assert str(personas.verbinder.get_full_name()) in card
    assert personas.verbinder.email in card
    assert "040-1234567" in card
    for private in ("El Amrani", "fatima@example.org", "5625", "1961", "0612345678", "geheim"):
        assert private not in card, private
    assert "depressie" not in html  # a sensitive conversation never reaches a card


def test_the_card_prints_on_a6_or_a4(personas, fatima):
    client = client_for(personas.verbinder)
    a6 = client.get(f"/inwoners/{fatima.pk}/talentkaart/").content.decode()
    assert "talents/talentkaart-a6.css" in a6
    a4 = client.get(f"/inwoners/{fatima.pk}/talentkaart/?formaat=a4").content.decode()
    assert "talents/talentkaart-a4.css" in a4
    odd = client.get(f"/inwoners/{fatima.pk}/talentkaart/?formaat=a0").content.decode()
    assert "talents/talentkaart-a6.css" in odd


def test_the_card_is_for_the_wijkteams_verbinders_and_audited(personas, fatima):
    url = f"/inwoners/{fatima.pk}/talentkaart/"
    assert client_for(personas.coordinator).get(url).status_code == 403
    assert client_for(personas.other_verbinder).get(url).status_code == 404
    assert client_for(personas.verbinder).get(url).status_code == 200
    event = AuditEvent.objects.get(action="resident.talent_card")
    assert (event.actor, event.object_id) == (personas.verbinder, str(fatima.pk))


def test_without_a_verbinder_the_card_names_whoever_prints_it(personas):
    resident = ResidentFactory(first_name="Henk", buurt=own_buurt(), responsible_verbinder=None)
    html = client_for(personas.verbinder).get(f"/inwoners/{resident.pk}/talentkaart/")
    assert personas.verbinder.email in html.content.decode()


def test_the_resident_page_links_to_the_card(personas, fatima):
    html = client_for(personas.verbinder).get(f"/inwoners/{fatima.pk}/").content.decode()
    assert f'href="/inwoners/{fatima.pk}/talentkaart/"' in html
    html = client_for(personas.coordinator).get(f"/inwoners/{fatima.pk}/").content.decode()
    assert "talentkaart" not in html
