"""The consent matrix, for every party and every item: a party sees an item only while the
resident allows it, and a withdrawal shrinks the very next page; no party ever sees what the
verbinder wrote or anything said in a talent conversation."""

from __future__ import annotations

import pytest
from django.test import Client

from routes.models import Item, Party, PathwayCheckIn, PathwayConsent, PathwayConsentChange
from routes.services import consent_set
from tests.conftest import client_for
from tests.factories import ConversationFactory

from .support import ALL, NOTE, VALUES, counsellor, link_url, make_route

pytestmark = pytest.mark.django_db


def _page_for(personas, route, party: str) -> tuple[Client, str]:
    """The client and URL through which ``party`` sees the route."""
    if party in (Party.BUDDY, Party.GROUP):
        return Client(), link_url(route, party)
    if party == Party.GGZ:
        return client_for(route.counsellor), f"/landingsroutes/{route.pk}/begeleiding/"
    return client_for(personas.other_verbinder), f"/landingsroutes/{route.pk}/gedeeld/"


def _body(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


CELLS = [pytest.param(p.value, i.value, id=f"{p.value}-{i.value}") for p in Party for i in Item]


@pytest.mark.parametrize(("party", "item"), CELLS)
def test_a_party_sees_an_item_only_while_the_resident_allows_it(personas, party, item):
    # The other verbinders' page exists only while something is shared with them: the first
    # name stays shared there while the tested cell comes and goes.
    keep = {(Party.VERBINDERS.value, Item.FIRST_NAME.value)} if party == Party.VERBINDERS else set()
    if (party, item) in keep:
        keep = {(Party.VERBINDERS.value, Item.INTERESTS.value)}
    route = make_route(personas, consents={(party, item)} | keep)
    client, url = _page_for(personas, route, party)

    body = _body(client, url)
    assert VALUES[item] in body
    shown_by_keep = {VALUES[i] for _p, i in keep}
    for other, value in VALUES.items():
        if other != item and value not in shown_by_keep:
            assert value not in body, f"{party} sees {other} without consent"

    consent_set(
        route=route,
        party=party,
        items=[item],
        granted=False,
        counsellor_present=False,
        by=personas.verbinder,
    )
    assert VALUES[item] not in _body(client, url), f"{party} still sees {item} after withdrawal"


@pytest.mark.parametrize("party", [p.value for p in Party])
def test_consent_given_to_every_other_party_shows_nothing_to_this_one(personas, party):
    others = {(p, i) for p, i in ALL if p != party}
    # Other verbinders need one shared item to have a page at all: the phone, checked below.
    if party == Party.VERBINDERS:
        others.add((party, Item.PHONE.value))
    route = make_route(personas, consents=others)
    body = _body(*_page_for(personas, route, party))
    for item, value in VALUES.items():
        if party == Party.VERBINDERS and item == Item.PHONE:
            assert value in body
            continue
        assert value not in body, f"{party} sees {item} that was given to others only"


@pytest.mark.parametrize("party", [p.value for p in Party])
def test_no_party_ever_sees_the_verbinders_notes_or_a_talent_conversation(personas, party):
    route = make_route(personas, consents=ALL)
    check_in = PathwayCheckIn.objects.filter(route=route).first()
    PathwayCheckIn.objects.filter(pk=check_in.pk).update(
        done_at="2026-01-01T10:00Z", result="concern", note=NOTE
    )
    ConversationFactory(resident=route.resident, summary="Gesprek-Lavendel", sensitive=True)
    body = _body(*_page_for(personas, route, party))
    assert VALUES[Item.PROGRESS] in body  # everything the matrix can give is there...
    assert NOTE not in body  # ...and the notes never are
    assert "Gesprek-Lavendel" not in body


def test_the_counsellor_sees_the_schedule_always_and_how_it_went_only_with_consent(personas):
    route = make_route(personas, consents=set())
    PathwayCheckIn.objects.filter(route=route, week=2).update(
        done_at="2026-01-01T10:00Z", result="going_well"
    )
    client, url = _page_for(personas, route, Party.GGZ)
    body = _body(client, url)
    assert "Check-ins" in body and "gedaan" in body
    assert "gaat goed" not in body
    consent_set(
        route=route,
        party=Party.GGZ,
        items=[Item.PROGRESS],
        granted=True,
        counsellor_present=True,
        by=personas.verbinder,
    )
    assert "gaat goed" in _body(client, url)


def test_withdrawing_a_whole_row_is_one_click_and_is_recorded(personas):
    route = make_route(personas, consents=ALL)
    client = client_for(personas.verbinder)
    response = client.post(
        f"/landingsroutes/{route.pk}/toestemming/",
        {"change": "buddy:all:0", "counsellor_present": "on"},
    )
    assert response.status_code == 302
    assert not PathwayConsent.objects.filter(route=route, party="buddy", granted=True).exists()
    assert PathwayConsent.objects.filter(route=route, party="group", granted=True).count() == 6
    withdrawn = PathwayConsentChange.objects.filter(route=route, granted=False)
    assert withdrawn.count() == 6
    assert all(c.by == personas.verbinder and c.counsellor_present for c in withdrawn)
    # The history is append-only.
    with pytest.raises(ValueError):
        withdrawn.first().save()


def test_a_strange_click_in_the_matrix_changes_nothing(personas):
    route = make_route(personas, consents=ALL)
    client = client_for(personas.verbinder)
    for change in ("buddy:salary:0", "boss:phone:0", "buddy:phone:2", ""):
        response = client.post(f"/landingsroutes/{route.pk}/toestemming/", {"change": change})
        assert response.status_code == 302
    assert PathwayConsent.objects.filter(route=route, granted=True).count() == len(ALL)


def test_another_partner_never_sees_the_route(personas):
    route = make_route(personas, consents=ALL)
    stranger = counsellor("andere.begeleider@example.org")
    response = client_for(stranger).get(f"/landingsroutes/{route.pk}/begeleiding/")
    assert response.status_code == 404
    assert (
        client_for(stranger).get("/landingsroutes/begeleiding/").content.decode().count("Zwaantje")
        == 0
    )
    own = client_for(route.counsellor).get("/landingsroutes/begeleiding/").content.decode()
    assert "Zwaantje" in own
