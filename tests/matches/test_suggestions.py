"""Ranked match suggestions that explain themselves: the ranking through the selector, the
two sections ("Suggesties" on a request, "Past bij" on a resident), confirming a stale offer,
and what a verbinder of another wijkteam may never see."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings

from buurtinbloei.models import AuditEvent, Buurt
from matches.models import MatchStatus, Outcome, RequestStatus
from matches.selectors.suggestions import (
    BUURT,
    CITY,
    WIJK,
    WIJKTEAM,
    languages_of,
    months_before,
    stale_offers,
    suggestions_for_request,
    suggestions_for_resident,
)
from talents.models import ResidentStatus, ResidentTalent
from tests.conftest import OTHER_WIJKTEAM, OWN_WIJKTEAM, client_for
from tests.factories import (
    MatchFactory,
    OntwikkelplaatsFactory,
    RequestFactory,
    ResidentFactory,
    ResidentTalentFactory,
    SignUpFactory,
    TalentFactory,
    UserFactory,
)
from tests.queries import assert_queries_flat

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
LONG_AGO = TODAY - datetime.timedelta(days=800)


# --- The map --------------------------------------------------------------------------------------


def buurt(name: str) -> Buurt:
    return Buurt.objects.get(name=name)


@pytest.fixture
def place(geography):
    """The asker's buurt, one in the same wijk, one elsewhere in the wijkteam, one in another
    wijkteam (Woensel-Noord-West: Ontginning and Dommelbeemd; Stratum)."""
    home = buurt("Driehoeksbos")
    return {
        BUURT: home,
        WIJK: buurt("Prinsejagt"),
        WIJKTEAM: buurt("Eckart"),
        CITY: Buurt.objects.filter(wijk__wijkteam__slug=OTHER_WIJKTEAM).order_by("pk").first(),
    }


@pytest.fixture
def cooking(geography):
    return TalentFactory(name="Koken")


def offering(talent, buurt, *, confirmed_on=None, **fields):
    resident = ResidentFactory(buurt=buurt, **fields)
    ResidentTalentFactory(resident=resident, talent=talent, confirmed_on=confirmed_on or TODAY)
    return resident


def asking(talent, buurt, **fields):
    return RequestFactory(resident=ResidentFactory(buurt=buurt, **fields), talent=talent)


def pks(suggestions) -> list[int]:
    return [s.pk for s in suggestions]


# --- Ranking --------------------------------------------------------------------------------------


def test_the_nearest_come_first_buurt_wijk_wijkteam_city(personas, place, cooking):
    request = asking(cooking, place[BUURT])
    # Made far to near, so that the pk order would be the wrong one.
    far = offering(cooking, place[CITY])
    team = offering(cooking, place[WIJKTEAM])
    wijk = offering(cooking, place[WIJK])
    same = offering(cooking, place[BUURT])

    found = suggestions_for_request(personas.coordinator, request)

    assert pks(found) == [same.pk, wijk.pk, team.pk, far.pk]
    assert [s.reasons[0] for s in found] == [
        "zelfde buurt",
        "zelfde wijk",
        "zelfde wijkteam",
        "elders in de stad",
    ]
    assert all("biedt Koken aan" in s.reasons for s in found)


def test_at_the_same_distance_fewer_active_matches_come_first(personas, place, cooking):
    request = asking(cooking, place[BUURT])
    busy = offering(cooking, place[BUURT])
    MatchFactory(resident_a=ResidentFactory(buurt=place[BUURT]), resident_b=busy)
    free = offering(cooking, place[BUURT])

    found = suggestions_for_request(personas.verbinder, request)

    assert pks(found) == [free.pk, busy.pk]
    assert "nog geen actieve match" in found[0].reasons
    assert "1 actieve match" in found[1].reasons


def test_then_who_speaks_the_askers_language_then_the_freshest_offer_then_the_pk(
    personas, place, cooking
):
    request = asking(cooking, place[BUURT], languages="Nederlands, Arabisch")
    older = offering(cooking, place[BUURT], confirmed_on=TODAY - datetime.timedelta(days=60))
    first_fresh = offering(cooking, place[BUURT])
    second_fresh = offering(cooking, place[BUURT])
    speaker = offering(
        cooking,
        place[BUURT],
        confirmed_on=TODAY - datetime.timedelta(days=90),
        languages="Arabisch, Frans",
    )

    found = suggestions_for_request(personas.verbinder, request)

    assert pks(found) == [speaker.pk, first_fresh.pk, second_fresh.pk, older.pk]
    assert "spreekt Arabisch" in found[0].reasons
    assert not any("spreekt" in reason for s in found[1:] for reason in s.reasons)


def test_the_sign_ups_preferred_language_counts_as_the_askers(personas, place, cooking):
    signup = SignUpFactory(preferred_language="Turks")
    request = asking(cooking, place[BUURT])
    request.signup = signup
    request.save()
    other = offering(cooking, place[BUURT])
    speaker = offering(cooking, place[BUURT], languages="Nederlands, Turks")

    found = suggestions_for_request(personas.verbinder, request)

    assert pks(found) == [speaker.pk, other.pk]
    assert "spreekt Turks" in found[0].reasons


def test_dutch_is_not_the_askers_other_language():
    assert languages_of("Nederlands, Arabisch") == ["Arabisch"]
    assert languages_of("nederlands en engels") == ["Engels"]
    assert languages_of("Nederlands") == []
    assert languages_of("") == []


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 11, 26), 12, datetime.date(2025, 11, 26)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 1, 15), 13, datetime.date(2024, 12, 15)),
    ],
)
def test_months_before_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert months_before(day, months) == expected


# --- Who is left out ------------------------------------------------------------------------------


def test_the_asker_resting_and_anonymised_residents_are_left_out(personas, place, cooking):
    request = asking(cooking, place[BUURT])
    ResidentTalentFactory(resident=request.resident, talent=cooking)
    offering(cooking, place[BUURT], status=ResidentStatus.RESTING)
    offering(cooking, place[BUURT], status=ResidentStatus.ANONYMISED)
    active = offering(cooking, place[BUURT], status=ResidentStatus.ACTIVE)

    assert pks(suggestions_for_request(personas.verbinder, request)) == [active.pk]


def test_who_only_wants_to_develop_the_talent_is_not_an_offer(personas, place, cooking):
    request = asking(cooking, place[BUURT])
    learner = ResidentFactory(buurt=place[BUURT])
    ResidentTalentFactory(resident=learner, talent=cooking, offered=False, wants_to_develop=True)

    assert suggestions_for_request(personas.verbinder, request) == []


@pytest.mark.parametrize("maximum", [1, 2])
def test_residents_at_the_maximum_of_active_matches_are_left_out(personas, place, cooking, maximum):
    request = asking(cooking, place[BUURT])
    full = offering(cooking, place[BUURT])
    # Either side counts; an ended match does not.
    MatchFactory(resident_a=full, resident_b=ResidentFactory(buurt=place[BUURT]))
    if maximum == 2:
        MatchFactory(resident_a=ResidentFactory(buurt=place[BUURT]), resident_b=full)
    MatchFactory(
        resident_a=ResidentFactory(buurt=place[BUURT]),
        resident_b=full,
        status=MatchStatus.ENDED,
        started_on=LONG_AGO,
        ended_on=TODAY,
        outcome=Outcome.COMPLETED,
    )
    one_below = offering(cooking, place[BUURT])
    for _ in range(maximum - 1):
        MatchFactory(resident_a=ResidentFactory(buurt=place[BUURT]), resident_b=one_below)

    with override_settings(MATCH_MAX_ACTIVE_PER_RESIDENT=maximum):
        found = suggestions_for_request(personas.verbinder, request)

    assert pks(found) == [one_below.pk]


def test_a_stale_offer_is_left_out_until_it_is_confirmed(personas, place, cooking):
    request = asking(cooking, place[BUURT])
    stale = offering(cooking, place[BUURT], confirmed_on=LONG_AGO)
    assert suggestions_for_request(personas.verbinder, request) == []
    assert [link.resident_id for link in stale_offers(stale)] == [stale.pk]
    link = stale.talent_links.get()

    response = client_for(personas.verbinder).post(
        f"/inwoners/{stale.pk}/talenten/{link.pk}/bevestigen/"
    )

    assert response.status_code == 302
    assert response["Location"] == f"/inwoners/{stale.pk}/past-bij/"
    link.refresh_from_db()
    assert link.confirmed_on == TODAY
    assert pks(suggestions_for_request(personas.verbinder, request)) == [stale.pk]
    assert not stale_offers(stale).exists()


@override_settings(OFFER_STALE_MONTHS=3)
def test_how_old_an_offer_may_be_is_a_setting(personas, place, cooking):
    request = asking(cooking, place[BUURT])
    offering(cooking, place[BUURT], confirmed_on=TODAY - datetime.timedelta(days=100))
    recent = offering(cooking, place[BUURT], confirmed_on=TODAY - datetime.timedelta(days=80))

    assert pks(suggestions_for_request(personas.verbinder, request)) == [recent.pk]


def test_someone_matched_for_this_request_before_is_not_suggested_again(personas, place, cooking):
    request = asking(cooking, place[BUURT])
    stopped = offering(cooking, place[BUURT])
    MatchFactory(
        resident_a=request.resident,
        resident_b=stopped,
        talent=cooking,
        request=request,
        status=MatchStatus.ENDED,
        started_on=LONG_AGO,
        ended_on=TODAY,
        outcome=Outcome.STOPPED,
    )
    other = offering(cooking, place[BUURT])

    assert pks(suggestions_for_request(personas.verbinder, request)) == [other.pk]


def test_a_request_without_a_talent_has_no_suggestions(personas, place, cooking):
    request = asking(cooking, place[BUURT])
    request.talent = None
    request.help_theme = "company"
    request.save()
    offering(cooking, place[BUURT])

    assert suggestions_for_request(personas.verbinder, request) == []
    html = client_for(personas.verbinder).get(f"/hulpvragen/{request.pk}/suggesties/")
    assert "noemt geen talent" in html.content.decode()


def test_the_list_stops_at_the_limit(personas, place, cooking):
    request = asking(cooking, place[BUURT])
    for _ in range(4):
        offering(cooking, place[BUURT])
    offering(cooking, place[WIJK])

    found = suggestions_for_request(personas.verbinder, request, limit=3)

    assert len(found) == 3 and all(s.distance == BUURT for s in found)


# --- Ontwikkelplaatsen ----------------------------------------------------------------------------


def test_available_places_that_want_the_talent_are_suggested_with_their_free_places(
    personas, place, cooking
):
    request = asking(cooking, place[BUURT])
    kitchen = OntwikkelplaatsFactory(
        title="Buurtkeuken", organisation__buurt=place[WIJK], talents=[cooking], places=3
    )
    OntwikkelplaatsFactory(organisation__buurt=place[BUURT], talents=[cooking], active=False)
    OntwikkelplaatsFactory(organisation__buurt=place[BUURT], talents=[cooking], reviewed=False)
    OntwikkelplaatsFactory(
        organisation__buurt=place[BUURT], organisation__reviewed=False, talents=[cooking]
    )
    OntwikkelplaatsFactory(
        organisation__buurt=place[BUURT], talents=[cooking], places=1, places_taken=1
    )
    OntwikkelplaatsFactory(organisation__buurt=place[BUURT], talents=[TalentFactory()])
    neighbour = offering(cooking, place[BUURT])

    found = suggestions_for_request(personas.verbinder, request)

    assert [(s.kind, s.pk) for s in found] == [("resident", neighbour.pk), ("place", kitchen.pk)]
    assert found[1].reasons == ["zelfde wijk", "zoekt Koken", "heeft 3 vrije plaatsen"]


def test_a_places_request_gets_residents_and_other_places_but_not_itself(personas, place, cooking):
    asking_place = OntwikkelplaatsFactory(organisation__buurt=place[BUURT], talents=[cooking])
    request = RequestFactory(resident=None, ontwikkelplaats=asking_place, talent=cooking)
    other_place = OntwikkelplaatsFactory(organisation__buurt=place[BUURT], talents=[cooking])
    cook = offering(cooking, place[WIJK])

    found = suggestions_for_request(personas.verbinder, request)

    assert [(s.kind, s.pk) for s in found] == [("place", other_place.pk), ("resident", cook.pk)]


# --- Across wijkteams -----------------------------------------------------------------------------


def test_candidates_of_other_wijkteams_come_reduced_to_what_the_policy_allows(
    personas, place, cooking
):
    request = asking(cooking, place[BUURT])
    contact = UserFactory(
        first_name="Wendy", last_name="Verbinder", wijkteams=[personas.other_wijkteam]
    )
    far = offering(cooking, place[CITY], first_name="Yusuf", responsible_verbinder=contact)

    (found,) = suggestions_for_request(personas.verbinder, request)

    assert found.is_elsewhere and found.pk == far.pk
    assert set(found.obj) == {
        "pk",
        "first_name",
        "wijk",
        "wijkteam",
        "contact_first_name",
        "contact_last_name",
        "contact_email",
    }
    assert found.contact_name == "Wendy Verbinder" and found.contact_email == contact.email
    assert found.reasons == ["elders in de stad", "biedt Koken aan"]
    # The coördinator reads the whole city: nothing is reduced for them.
    (full,) = suggestions_for_request(personas.coordinator, request)
    assert not full.is_elsewhere and full.obj == far


def test_the_suggestion_list_never_shows_another_wijkteams_surname_phone_email_postcode_or_note(
    personas, place, cooking
):
    request = asking(cooking, place[BUURT])
    contact = UserFactory(first_name="Wendy", wijkteams=[personas.other_wijkteam])
    far = offering(
        cooking,
        place[CITY],
        first_name="Yusuf",
        last_name="Achternaamgeheim",
        phone="+31699887766",
        email="geheim.adres@example.org",
        postcode="5600XQ",
        languages="Nederlands, Geheimtaal",
        responsible_verbinder=contact,
    )
    far.talent_links.update(note="Notitiegeheim over zijn gezondheid")
    # And the reverse: their request, seen from a resident of the own wijkteam who offers.
    RequestFactory(resident=far, talent=cooking, description="Beschrijvinggeheim")
    giver = offering(cooking, place[BUURT])

    client = client_for(personas.verbinder)
    pages = [
        client.get(f"/hulpvragen/{request.pk}/suggesties/").content.decode(),
        client.get(
            f"/hulpvragen/{request.pk}/suggesties/", HTTP_HX_REQUEST="true"
        ).content.decode(),
        client.get(f"/inwoners/{giver.pk}/past-bij/").content.decode(),
    ]

    for html in pages:
        assert "Yusuf" in html  # the first name is what they may see
        for secret in (
            "Achternaamgeheim",
            "699887766",
            "99887766",
            "geheim.adres",
            "5600",
            "Geheimtaal",
            "Notitiegeheim",
            "Beschrijvinggeheim",
        ):
            assert secret not in html, secret
    assert f"mailto:{contact.email}" in pages[0]
    assert "Neem contact op met Wendy" in pages[0]
    # No match form for someone they cannot see (the neighbour who offers has one).
    assert f'name="resident_b" value="{far.pk}"' not in pages[0]
    assert f'name="resident_b" value="{giver.pk}"' in pages[0]


# --- The reverse: what fits a resident ------------------------------------------------------------


def test_a_resident_who_offers_gets_open_requests_and_places_nearest_first(
    personas, place, cooking
):
    giver = offering(cooking, place[BUURT])
    gardening = TalentFactory(name="Tuinieren")
    ResidentTalentFactory(resident=giver, talent=gardening, offered=False, wants_to_develop=True)
    far = asking(cooking, place[WIJKTEAM])
    elsewhere = asking(cooking, place[CITY], first_name="Yusuf")
    near = asking(cooking, place[BUURT])
    closed = asking(cooking, place[BUURT])
    closed.status = RequestStatus.CLOSED
    closed.close_reason = "solved"
    closed.save()
    RequestFactory(resident=giver, talent=cooking)  # their own request
    asking(TalentFactory(name="Schilderen"), place[BUURT])  # a talent they do not offer
    garden = OntwikkelplaatsFactory(organisation__buurt=place[WIJK], talents=[gardening])

    found = suggestions_for_resident(personas.verbinder, giver)

    assert [(s.kind, s.pk, s.is_elsewhere) for s in found] == [
        ("request", near.pk, False),
        ("place", garden.pk, False),
        ("request", far.pk, False),
        ("request", elsewhere.pk, True),
    ]
    assert found[0].reasons[:2] == ["zelfde buurt", "vraagt om Koken"]
    assert found[1].reasons == [
        "zelfde wijk",
        "hier kan Tuinieren ontwikkeld worden",
        "heeft 3 vrije plaatsen",
    ]
    assert found[3].obj["first_name"] == "Yusuf" and "last_name" not in found[3].obj
    assert found[3].reasons == ["elders in de stad", "vraagt om Koken"]


def test_a_resident_with_only_stale_offers_gets_no_requests_until_confirmed(
    personas, place, cooking
):
    giver = offering(cooking, place[BUURT], confirmed_on=LONG_AGO)
    asking(cooking, place[BUURT])

    assert suggestions_for_resident(personas.verbinder, giver) == []
    html = client_for(personas.verbinder).get(f"/inwoners/{giver.pk}/past-bij/").content.decode()
    assert "Biedt dit nog steeds aan" in html


def test_a_resting_or_busy_resident_gets_no_suggestions_and_the_page_says_why(
    personas, place, cooking
):
    giver = offering(cooking, place[BUURT])
    asking(cooking, place[BUURT])
    MatchFactory(resident_b=giver)
    MatchFactory(resident_a=giver)

    assert suggestions_for_resident(personas.verbinder, giver) == []
    html = client_for(personas.verbinder).get(f"/inwoners/{giver.pk}/past-bij/").content.decode()
    assert "al 2 actieve matches" in html


def test_requests_a_resident_was_matched_for_are_not_suggested_again(personas, place, cooking):
    giver = offering(cooking, place[BUURT])
    done = asking(cooking, place[BUURT])
    MatchFactory(
        resident_a=done.resident,
        resident_b=giver,
        request=done,
        status=MatchStatus.ENDED,
        started_on=LONG_AGO,
        ended_on=TODAY,
        outcome=Outcome.STOPPED,
    )
    open_one = asking(cooking, place[BUURT])

    assert pks(suggestions_for_resident(personas.verbinder, giver)) == [open_one.pk]


# --- The pages ------------------------------------------------------------------------------------


def test_the_request_section_is_a_fragment_with_htmx_and_a_page_without(personas, place, cooking):
    request = asking(cooking, place[BUURT])
    neighbour = offering(cooking, place[BUURT], first_name="Anouk")
    kitchen = OntwikkelplaatsFactory(organisation__buurt=place[BUURT], talents=[cooking])
    url = f"/hulpvragen/{request.pk}/suggesties/"
    client = client_for(personas.verbinder)

    fragment = client.get(url, HTTP_HX_REQUEST="true")
    page = client.get(url)

    html = fragment.content.decode()
    assert "<html" not in html and 'id="suggesties"' in html and "<h2" in html
    assert "<html" in page.content.decode() and "<h1" in page.content.decode()
    assert fragment["Vary"] and "HX-Request" in fragment["Vary"]
    assert "Anouk" in html and "zelfde buurt · biedt Koken aan" in html
    assert 'action="/matches/nieuw/"' in html
    assert f'<input type="hidden" name="request" value="{request.pk}">' in html
    assert f'<input type="hidden" name="resident_b" value="{neighbour.pk}">' in html
    assert f'<input type="hidden" name="place_b" value="{kitchen.pk}">' in html
    assert f'<input type="hidden" name="talent" value="{cooking.pk}">' in html
    assert AuditEvent.objects.filter(
        action="request.suggestions", object_id=str(request.pk)
    ).exists()


def test_the_coordinator_sees_suggestions_without_notes_or_buttons(personas, place, cooking):
    request = asking(cooking, place[BUURT])
    neighbour = offering(cooking, place[BUURT], first_name="Anouk")
    neighbour.talent_links.update(note="Kookt halal")
    stale = offering(cooking, place[BUURT], confirmed_on=LONG_AGO)

    verbinder = client_for(personas.verbinder).get(f"/hulpvragen/{request.pk}/suggesties/")
    coordinator = client_for(personas.coordinator).get(f"/hulpvragen/{request.pk}/suggesties/")
    past_bij = client_for(personas.coordinator).get(f"/inwoners/{stale.pk}/past-bij/")

    assert "Kookt halal" in verbinder.content.decode()
    html = coordinator.content.decode()
    assert "Anouk" in html and "Kookt halal" not in html
    assert "Maak een match" not in html and 'action="/matches/nieuw/"' not in html
    assert "Nog steeds aangeboden?" in past_bij.content.decode()
    assert "Biedt dit nog steeds aan" not in past_bij.content.decode()


def test_past_bij_offers_a_match_form_for_a_request(personas, place, cooking):
    giver = offering(cooking, place[BUURT])
    request = asking(cooking, place[BUURT])

    html = client_for(personas.verbinder).get(
        f"/inwoners/{giver.pk}/past-bij/", HTTP_HX_REQUEST="true"
    )

    html = html.content.decode()
    assert "<html" not in html and 'id="past-bij"' in html
    assert f'<input type="hidden" name="request" value="{request.pk}">' in html
    assert f'<input type="hidden" name="resident_b" value="{giver.pk}">' in html


def test_the_resident_page_loads_past_bij_as_a_section(personas, place, cooking):
    giver = offering(cooking, place[BUURT])

    html = client_for(personas.verbinder).get(f"/inwoners/{giver.pk}/").content.decode()

    assert f'hx-get="/inwoners/{giver.pk}/past-bij/"' in html
    assert f'href="/inwoners/{giver.pk}/past-bij/"' in html and "Past bij" in html


def test_confirming_with_htmx_answers_the_section_again(personas, place, cooking):
    stale = offering(cooking, place[BUURT], confirmed_on=LONG_AGO)
    link = stale.talent_links.get()

    response = client_for(personas.verbinder).post(
        f"/inwoners/{stale.pk}/talenten/{link.pk}/bevestigen/", HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Koken staat weer in het aanbod." in html and "Biedt dit nog steeds aan" not in html
    assert AuditEvent.objects.filter(action="resident.offer_confirm").exists()


def test_only_the_verbinder_of_the_wijkteam_confirms_an_offer(personas, place, cooking):
    stale = offering(cooking, place[BUURT], confirmed_on=LONG_AGO)
    link = stale.talent_links.get()
    url = f"/inwoners/{stale.pk}/talenten/{link.pk}/bevestigen/"

    answers = {
        persona: client_for(user).post(url).status_code
        for persona, user in personas.as_dict().items()
        if persona != "verbinder"
    }

    assert answers == {
        "anonymous": 302,
        "partner": 403,
        "other_verbinder": 404,
        "coordinator": 403,
        "beheerder": 403,
    }
    link.refresh_from_db()
    assert link.confirmed_on == LONG_AGO


def test_confirming_someone_elses_link_is_not_found(personas, place, cooking):
    stale = offering(cooking, place[BUURT], confirmed_on=LONG_AGO)
    other = offering(cooking, place[BUURT], confirmed_on=LONG_AGO)
    link = other.talent_links.get()

    response = client_for(personas.verbinder).post(
        f"/inwoners/{stale.pk}/talenten/{link.pk}/bevestigen/"
    )

    assert response.status_code == 404
    assert ResidentTalent.objects.get(pk=link.pk).confirmed_on == LONG_AGO


# --- Query counts ---------------------------------------------------------------------------------


def test_the_request_suggestions_queries_stay_flat_as_near_candidates_grow(
    personas, place, cooking
):
    request = asking(cooking, place[BUURT])

    def add(n):
        for _ in range(n):
            offering(cooking, place[BUURT])
            OntwikkelplaatsFactory(organisation__buurt=place[BUURT], talents=[cooking])

    # More than a list's worth in the buurt: the outer rings are never asked.
    assert_queries_flat(
        client_for(personas.verbinder),
        f"/hulpvragen/{request.pk}/suggesties/",
        add,
        small=11,
        large=40,
        HTTP_HX_REQUEST="true",
    )


def test_the_request_suggestions_queries_stay_flat_as_far_candidates_grow(personas, place, cooking):
    request = asking(cooking, place[BUURT])

    def add(n):
        for _ in range(n):
            offering(cooking, place[CITY])  # another wijkteam: the reduced level

    # Every ring is asked (the near ones are empty), and the reduced query stays one query.
    assert_queries_flat(
        client_for(personas.verbinder), f"/hulpvragen/{request.pk}/suggesties/", add
    )

    # The coördinator reads the rest of the city in full: one query, however many there are.
    def add_far(n):
        for _ in range(n):
            offering(cooking, place[CITY])

    assert_queries_flat(
        client_for(personas.coordinator), f"/hulpvragen/{request.pk}/suggesties/", add_far
    )


def test_past_bij_queries_stay_flat(personas, place, cooking):
    giver = offering(cooking, place[BUURT])

    def add(n):
        for _ in range(n):
            asking(cooking, place[BUURT])
            asking(cooking, place[CITY])
            OntwikkelplaatsFactory(organisation__buurt=place[WIJK], talents=[cooking])
            link = ResidentTalentFactory(resident=giver, confirmed_on=LONG_AGO)
            assert link.talent_id

    assert_queries_flat(client_for(personas.verbinder), f"/inwoners/{giver.pk}/past-bij/", add)


def test_own_wijkteam_constant_is_the_personas(personas):
    # The map above is drawn for these two wijkteams.
    assert personas.own_wijkteam.slug == OWN_WIJKTEAM
    assert buurt("Driehoeksbos").wijk.wijkteam == personas.own_wijkteam
