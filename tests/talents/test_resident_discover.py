"""Residents of other wijkteams in the reduced form (talents/views/discover.py)."""

from __future__ import annotations

import pytest

from buurtinbloei.models import AuditEvent, Buurt
from tests.conftest import client_for
from tests.factories import ResidentFactory, ResidentTalentFactory, TalentFactory
from tests.queries import assert_queries_flat

URL = "/inwoners/elders/"


@pytest.fixture
def cooking(db):
    return TalentFactory(name="Koken voor anderen", approved=True)


def resident_offering(talent, wijkteam, **fields):
    buurt = Buurt.objects.filter(wijk__wijkteam=wijkteam).first()
    resident = ResidentFactory(buurt=buurt, **fields)
    ResidentTalentFactory(resident=resident, talent=talent, offered=True, note="heel geheim")
    return resident


def test_it_shows_first_name_wijk_and_contact_but_nothing_else(personas, cooking):
    stranger = resident_offering(
        cooking,
        personas.other_wijkteam,
        first_name="Yasmina",
        last_name="Achternaamvanzes",
        phone="+31687654321",
        email="yasmina@example.org",
        postcode="5611 ZZ",
        responsible_verbinder=personas.other_verbinder,
    )
    body = client_for(personas.verbinder).get(URL, {"talent": cooking.pk}).content.decode()
    assert "Yasmina" in body
    assert stranger.buurt.wijk.name in body
    assert personas.other_verbinder.email in body
    for secret in ("Achternaamvanzes", "87654321", "yasmina@example.org", "5611", "heel geheim"):
        assert secret not in body, secret


def test_it_leaves_out_the_own_wijkteam_and_those_who_do_not_offer(personas, cooking):
    resident_offering(cooking, personas.own_wijkteam, first_name="Eigenbuurtbewoner")
    wants = resident_offering(TalentFactory(), personas.other_wijkteam, first_name="Leergierig")
    ResidentTalentFactory(resident=wants, talent=cooking, offered=False, wants_to_develop=True)
    body = client_for(personas.verbinder).get(URL, {"talent": cooking.pk}).content.decode()
    assert "Eigenbuurtbewoner" not in body
    assert "Leergierig" not in body
    assert "Niemand in andere wijkteams" in body


def test_a_tampered_talent_shows_the_empty_form_not_an_error(personas):
    response = client_for(personas.verbinder).get(URL, {"talent": "999999999999999"})
    assert response.status_code == 200


def test_a_search_is_audited_without_naming_anyone(personas, cooking):
    client_for(personas.verbinder).get(URL, {"talent": cooking.pk})
    event = AuditEvent.objects.get(action="resident.discover")
    assert (event.actor, event.object_id) == (personas.verbinder, "")


def test_its_query_count_stays_flat(personas, cooking):
    assert_queries_flat(
        client_for(personas.verbinder),
        f"{URL}?talent={cooking.pk}",
        lambda n: [resident_offering(cooking, personas.other_wijkteam) for _ in range(n)],
    )


def test_the_next_page_keeps_the_talent(personas, cooking):
    for _ in range(26):
        resident_offering(cooking, personas.other_wijkteam)
    client = client_for(personas.verbinder)
    body = client.get(URL, {"talent": cooking.pk}).content.decode()
    assert f'href="?talent={cooking.pk}&amp;page=2"' in body
    second = client.get(URL, {"talent": cooking.pk, "page": 2}).content.decode()
    assert "Pagina 2 van 2" in second
