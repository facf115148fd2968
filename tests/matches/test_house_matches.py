"""A student house as the helper side of a match (issue 15): suggested for a request when it
offers the talent as a house, matched with one tap, the members who went recorded; the match
counts once for the KPI (for the asker's wijkteam, like every match)."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from buurtinbloei.models import AuditEvent, Buurt
from buurtinbloei.registry import erase_resident, export_resident
from matches.models import Match, MatchKind, MatchStatus, RequestStatus
from matches.selectors.suggestions import (
    BUURT,
    CITY,
    WIJK,
    WIJKTEAM,
    current_semester,
    suggestions_for_request,
)
from tests.conftest import OTHER_WIJKTEAM, client_for
from tests.factories import (
    HouseMemberFactory,
    MatchFactory,
    RequestFactory,
    ResidentFactory,
    StartedMatchFactory,
    StudentHouseFactory,
    TalentFactory,
)
from tests.queries import assert_queries_flat

pytestmark = pytest.mark.django_db


def token() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def place(geography):
    return {
        BUURT: Buurt.objects.get(name="Driehoeksbos"),
        WIJK: Buurt.objects.get(name="Prinsejagt"),
        WIJKTEAM: Buurt.objects.get(name="Eckart"),
        CITY: Buurt.objects.filter(wijk__wijkteam__slug=OTHER_WIJKTEAM).order_by("pk").first(),
    }


@pytest.fixture
def shopping(geography):
    return TalentFactory(name="Samen boodschappen")


def house_in(buurt, talent, *, members: int = 2, **fields):
    house = StudentHouseFactory(buurt=buurt, talents=[talent], **fields)
    HouseMemberFactory.create_batch(members, house=house)
    return house


def house_match(resident, house, **fields):
    return MatchFactory(
        kind=MatchKind.HOUSE_RESIDENT,
        resident_a=resident,
        resident_b=None,
        house_b=house,
        wijkteam_b_id=None,
        **fields,
    )


def test_a_house_is_suggested_matched_and_its_members_recorded(personas, place, shopping):
    """The whole path through the pages: request → suggestion → match → who went."""
    request = RequestFactory(resident=ResidentFactory(buurt=place[BUURT]), talent=shopping)
    house = house_in(place[WIJK], shopping, members=0, name="Huize Boodschap")
    lotte = HouseMemberFactory(house=house, first_name="Lotte")
    HouseMemberFactory(house=house, first_name="Daan")
    client = client_for(personas.verbinder)

    section = client.get(f"/hulpvragen/{request.pk}/suggesties/").content.decode()
    assert "Huize Boodschap" in section
    assert "zelfde wijk" in section and "biedt als huis Samen boodschappen aan" in section
    assert f'name="house_b" value="{house.pk}"' in section

    response = client.post(
        "/matches/nieuw/",
        {
            "request": request.pk,
            "house_b": house.pk,
            "talent": shopping.pk,
            "token": token(),
        },
    )
    match = Match.objects.get()
    assert response.status_code == 302 and response["Location"] == match.get_absolute_url()
    assert match.kind == MatchKind.HOUSE_RESIDENT and match.house_b == house
    assert match.resident_a == request.resident and match.wijkteam == personas.own_wijkteam
    request.refresh_from_db()
    assert request.status == RequestStatus.MATCHED

    page = client.get(match.get_absolute_url()).content.decode()
    assert "Huize Boodschap" in page and "Wie van het huis gingen" in page
    assert "Nog niet vastgelegd." in page

    response = client.post(f"/matches/{match.pk}/huisgenoten/", {"members": [lotte.pk]})
    assert response.status_code == 302
    assert list(match.house_members.all()) == [lotte]
    assert AuditEvent.objects.filter(action="match.house_members").count() == 1
    page = client.get(match.get_absolute_url()).content.decode()
    assert "Lotte" in page
    # The house's page lists the match in its "Matches" section.
    assert "Huize Boodschap" in client.get(f"/matches/studentenhuis/{house.pk}/").content.decode()


def test_members_of_another_house_are_refused(personas, place, shopping):
    house = house_in(place[BUURT], shopping)
    stranger = HouseMemberFactory(house=house_in(place[BUURT], shopping), first_name="Vreemd")
    match = house_match(ResidentFactory(buurt=place[BUURT]), house)

    response = client_for(personas.verbinder).post(
        f"/matches/{match.pk}/huisgenoten/", {"members": [stranger.pk]}
    )

    assert response.status_code == 200
    assert "Kies huisgenoten van dit studentenhuis." in response.content.decode()
    assert not match.house_members.exists()


def test_a_coordinator_sees_how_many_went_not_who(personas, place, shopping):
    house = house_in(place[BUURT], shopping, members=0)
    member = HouseMemberFactory(house=house, first_name="Ayoub")
    match = house_match(ResidentFactory(buurt=place[BUURT]), house)
    match.house_members.set([member])

    page = client_for(personas.coordinator).get(match.get_absolute_url()).content.decode()

    assert "1 huisgenoot" in page and "Ayoub" not in page


def test_houses_are_ranked_nearest_first_then_fewer_active_matches(personas, place, shopping):
    request = RequestFactory(resident=ResidentFactory(buurt=place[BUURT]), talent=shopping)
    far = house_in(place[CITY], shopping)
    team = house_in(place[WIJKTEAM], shopping)
    busy = house_in(place[BUURT], shopping)
    free = house_in(place[BUURT], shopping)
    house_match(ResidentFactory(buurt=place[BUURT]), busy)

    houses = [s for s in suggestions_for_request(personas.verbinder, request) if s.kind == "house"]

    assert [s.obj for s in houses] == [free, busy, team, far]
    assert houses[0].reasons[0] == "zelfde buurt" and "nog geen actieve match" in houses[0].reasons
    assert "1 actieve match" in houses[1].reasons
    assert houses[3].reasons[0] == "elders in de stad"


def test_the_reason_names_this_semesters_availability(personas, place, shopping):
    semester = current_semester(datetime.date.today())
    house = house_in(
        place[BUURT], shopping, availability=[{"semester": semester, "when": "di avond"}]
    )
    request = RequestFactory(resident=ResidentFactory(buurt=place[BUURT]), talent=shopping)

    (suggestion,) = [
        s for s in suggestions_for_request(personas.verbinder, request) if s.kind == "house"
    ]

    assert suggestion.obj == house
    assert f"beschikbaar {semester}: di avond" in suggestion.reasons


def test_houses_that_cannot_help_are_not_suggested(personas, place, shopping):
    resident = ResidentFactory(buurt=place[BUURT])
    request = RequestFactory(resident=resident, talent=shopping)
    house_in(place[BUURT], TalentFactory(name="Computerhulp"))  # offers something else
    house_in(place[BUURT], shopping, members=0)  # nobody lives there (any more)
    house_in(place[BUURT], shopping, active=False)  # not taking part
    matched = house_in(place[BUURT], shopping)  # matched for this asker and talent before
    house_match(
        resident,
        matched,
        talent=shopping,
        status=MatchStatus.ENDED,
        ended_on=datetime.date.today(),
        outcome="stopped",
        stop_reason="no_click",
    )

    suggestions = suggestions_for_request(personas.verbinder, request)

    assert [s for s in suggestions if s.kind == "house"] == []


def test_a_places_request_gets_no_houses(personas, place, shopping):
    from tests.factories import OntwikkelplaatsFactory

    asking = OntwikkelplaatsFactory(organisation__buurt=place[BUURT])
    house_in(place[BUURT], shopping)
    request = RequestFactory(resident=None, ontwikkelplaats=asking, talent=shopping)

    suggestions = suggestions_for_request(personas.verbinder, request)

    assert [s for s in suggestions if s.kind == "house"] == []


def test_a_second_tap_finds_the_same_match(personas, place, shopping):
    request = RequestFactory(resident=ResidentFactory(buurt=place[BUURT]), talent=shopping)
    house = house_in(place[BUURT], shopping)
    client = client_for(personas.verbinder)
    data = {"request": request.pk, "house_b": house.pk, "talent": shopping.pk}

    client.post("/matches/nieuw/", {**data, "token": token()})
    client.post("/matches/nieuw/", {**data, "token": token()})

    assert Match.objects.count() == 1


def test_a_house_and_a_place_together_are_refused(personas, place, shopping):
    from tests.factories import OntwikkelplaatsFactory

    request = RequestFactory(resident=ResidentFactory(buurt=place[BUURT]), talent=shopping)
    house = house_in(place[BUURT], shopping)
    other = OntwikkelplaatsFactory(organisation__buurt=place[BUURT])
    response = client_for(personas.verbinder).post(
        "/matches/nieuw/",
        {
            "request": request.pk,
            "house_b": house.pk,
            "place_b": other.pk,
            "token": token(),
        },
    )
    assert response.status_code == 200 and not Match.objects.exists()


def test_the_database_keeps_a_house_match_to_its_sides(place, shopping, personas):
    house = house_in(place[BUURT], shopping)
    resident = ResidentFactory(buurt=place[BUURT])
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchFactory(
            kind=MatchKind.HOUSE_RESIDENT,
            resident_a=resident,
            resident_b=None,
            house_b=None,
            wijkteam_b_id=None,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchFactory(resident_a=resident, house_b=house)  # kind "residents" with a house
    with pytest.raises(IntegrityError), transaction.atomic():
        house_match(resident, house, talent=shopping)
        house_match(resident, house, talent=shopping)  # one active per resident, house, talent


def test_a_started_house_match_counts_once_for_the_askers_wijkteam(personas, place, shopping):
    house = house_in(place[CITY], shopping)
    StartedMatchFactory(
        kind=MatchKind.HOUSE_RESIDENT,
        resident_a=ResidentFactory(buurt=place[BUURT]),
        resident_b=None,
        house_b=house,
        wijkteam_b_id=personas.other_wijkteam.pk,
        started_on=datetime.date(2025, 6, 2),
        proposed_on=datetime.date(2025, 6, 1),
    )
    proposed = house_match(ResidentFactory(buurt=place[BUURT]), house)
    proposed.house_members.set(house.members.all())  # two went: still one match

    response = client_for(personas.coordinator).get("/kpi/?period=jaar&year=2025&wijkteam=alle")
    f = response.context["f"]

    assert f.started == 1
    assert {r.label: r.value for r in f.by_kind}["inwoner met studentenhuis"] == 1
    teams = {r.key: r.value for r in f.by_wijkteam}
    assert teams[personas.own_wijkteam.pk] == 1 and teams[personas.other_wijkteam.pk] == 0


def test_both_wijkteams_see_a_match_with_a_house_of_another_wijkteam(personas, place, shopping):
    request = RequestFactory(resident=ResidentFactory(buurt=place[BUURT]), talent=shopping)
    house = house_in(place[CITY], shopping, name="Huize Overkant")
    client_for(personas.verbinder).post(
        "/matches/nieuw/",
        {
            "request": request.pk,
            "house_b": house.pk,
            "talent": shopping.pk,
            "token": token(),
        },
    )
    match = Match.objects.get()
    assert match.wijkteam_b == personas.other_wijkteam
    other = client_for(personas.other_verbinder).get(match.get_absolute_url())
    assert other.status_code == 200 and "Huize Overkant" in other.content.decode()


def test_the_match_list_and_panel_name_the_house(personas, place, shopping):
    house = house_in(place[BUURT], shopping, name="Huize Lijst")
    house_match(
        ResidentFactory(buurt=place[BUURT], first_name="Mien"), house, verbinder=personas.verbinder
    )
    page = client_for(personas.verbinder).get("/matches/").content.decode()
    assert "Mien" in page and "Huize Lijst" in page


def test_a_residents_export_names_the_house_not_its_members(personas, place, shopping):
    house = house_in(place[BUURT], shopping, members=0, name="Huize Export")
    member = HouseMemberFactory(house=house, first_name="Zefanja")
    resident = ResidentFactory(buurt=place[BUURT])
    match = house_match(resident, house)
    match.house_members.set([member])

    data = export_resident(resident, by=personas.verbinder)["matches"]

    assert data["matches"][0]["with"] == "Huize Export"
    assert "Zefanja" not in str(data)


def test_erasing_the_resident_ends_the_house_match(personas, place, shopping):
    house = house_in(place[BUURT], shopping)
    resident = ResidentFactory(buurt=place[BUURT])
    match = house_match(resident, house)

    erase_resident(resident, by=personas.verbinder)

    match.refresh_from_db()
    assert match.status == MatchStatus.ENDED and match.house_b == house


def test_the_match_page_with_a_house_stays_flat(personas, place, shopping):
    house = house_in(place[BUURT], shopping, members=0)
    match = house_match(ResidentFactory(buurt=place[BUURT]), house, verbinder=personas.verbinder)
    client = client_for(personas.verbinder)

    def add(n):
        members = HouseMemberFactory.create_batch(n, house=house)
        match.house_members.add(*members)

    assert_queries_flat(client, match.get_absolute_url(), add)


def test_the_suggestions_with_houses_stay_flat(personas, place, shopping):
    request = RequestFactory(resident=ResidentFactory(buurt=place[BUURT]), talent=shopping)
    client = client_for(personas.verbinder)

    def add(n):
        for _ in range(n):
            house_in(place[WIJK], shopping, members=1)

    assert_queries_flat(client, f"/hulpvragen/{request.pk}/suggesties/", add)


def test_the_proposed_date_is_today(personas, place, shopping):
    request = RequestFactory(resident=ResidentFactory(buurt=place[BUURT]), talent=shopping)
    house = house_in(place[BUURT], shopping)
    client_for(personas.verbinder).post(
        "/matches/nieuw/",
        {
            "request": request.pk,
            "house_b": house.pk,
            "talent": shopping.pk,
            "token": token(),
        },
    )
    assert Match.objects.get().proposed_on == timezone.localdate()
