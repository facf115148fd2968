"""Matches of three kinds: the constraints, making one (one tap or the form), the match page
with contact details only once both sides said yes, the lifecycle, the list and the sections."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from buurtinbloei.models import AuditEvent
from matches.models import (
    CheckIn,
    Match,
    MatchEvent,
    MatchKind,
    MatchStatus,
    Outcome,
    Request,
    RequestStatus,
)
from matches.services import matches as services
from talents.models import ResidentStatus
from tests.conftest import client_for
from tests.factories import (
    MatchFactory,
    OntwikkelplaatsFactory,
    OrganisationFactory,
    RequestFactory,
    ResidentFactory,
    StartedMatchFactory,
    TalentFactory,
)
from tests.networks.support import other_buurt, own_buurt
from tests.queries import assert_queries_flat

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def today() -> datetime.date:
    return timezone.localdate()


def resident(**kwargs):
    kwargs.setdefault("buurt", own_buurt())
    return ResidentFactory(**kwargs)


def own_match(personas, **kwargs) -> Match:
    kwargs.setdefault("resident_a", resident())
    kwargs.setdefault("resident_b", resident())
    kwargs.setdefault("verbinder", personas.verbinder)
    return MatchFactory(**kwargs)


def place_match(personas, *, places: int = 2, taken: int = 0, **kwargs) -> Match:
    place = OntwikkelplaatsFactory(
        organisation__buurt=own_buurt(), places=places, places_taken=taken
    )
    kwargs.setdefault("resident_a", resident())
    return MatchFactory(
        kind=MatchKind.RESIDENT_PLACE,
        resident_b=None,
        place_b=place,
        verbinder=personas.verbinder,
        **kwargs,
    )


def request_page_or_match(match: Match) -> str:
    """Where a stopped match sends the verbinder: its request's page (the suggestions), or the
    match page while the request pages are not installed."""
    try:
        return match.request.get_absolute_url()
    except NoReverseMatch:
        return match.get_absolute_url()


# --- The database keeps matches consistent ------------------------------------------------------


def test_the_database_keeps_the_sides_fitting_the_kind(personas):
    place = OntwikkelplaatsFactory(organisation__buurt=own_buurt())
    with pytest.raises(IntegrityError), transaction.atomic():
        # Two residents named, but a resident-ontwikkelplaats kind.
        own_match(personas, kind=MatchKind.RESIDENT_PLACE)
    with pytest.raises(IntegrityError), transaction.atomic():
        own_match(personas, kind=MatchKind.RESIDENTS, resident_b=None, place_b=place)
    with pytest.raises(IntegrityError), transaction.atomic():
        own_match(
            personas,
            kind=MatchKind.PLACES,
            resident_a=None,
            resident_b=None,
            place_a=place,
            place_b=place,
        )


def test_the_database_allows_one_active_match_per_pair_and_talent(personas):
    first = own_match(personas)
    with pytest.raises(IntegrityError), transaction.atomic():
        own_match(personas, resident_a=first.resident_a, resident_b=first.resident_b)
    # Another talent is another match; an ended one makes room for a new one.
    own_match(
        personas,
        resident_a=first.resident_a,
        resident_b=first.resident_b,
        talent=TalentFactory(name="Fietsen repareren"),
    )
    Match.objects.filter(pk=first.pk).update(
        status=MatchStatus.ENDED, ended_on=today(), outcome=Outcome.STOPPED
    )
    own_match(personas, resident_a=first.resident_a, resident_b=first.resident_b)


def test_a_second_proposal_for_the_same_pair_answers_with_the_first(personas):
    a, b = resident(), resident()
    talent = TalentFactory(name="Koken")
    first = services.propose_match(
        personas.verbinder, kind=MatchKind.RESIDENTS, resident_a=a, resident_b=b, talent=talent
    )
    again = services.propose_match(
        personas.verbinder, kind=MatchKind.RESIDENTS, resident_a=a, resident_b=b, talent=talent
    )
    assert (first.existing, again.existing) == (False, True)
    assert again.pk == first.pk
    assert Match.objects.count() == 1


# --- Making a match -----------------------------------------------------------------------------


def test_one_tap_on_a_suggestion_proposes_the_match_and_marks_the_request(personas):
    asker, helper = resident(), resident()
    talent = TalentFactory(name="Boodschappen doen")
    request_obj = RequestFactory(resident=asker, talent=talent)
    response = client_for(personas.verbinder).post(
        "/matches/nieuw/",
        {"request": request_obj.pk, "resident_b": helper.pk, "talent": talent.pk},
    )
    match = Match.objects.get()
    assert response.status_code == 302 and response.url == match.get_absolute_url()
    assert (match.kind, match.resident_a, match.resident_b) == (MatchKind.RESIDENTS, asker, helper)
    assert (match.talent, match.request, match.verbinder) == (
        talent,
        request_obj,
        personas.verbinder,
    )
    assert match.wijkteam == personas.own_wijkteam and match.wijkteam_b is None
    assert match.follow_up_on == today() + datetime.timedelta(days=14)
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.MATCHED
    event = MatchEvent.objects.get(match=match)
    assert (event.status, event.by) == (MatchStatus.PROPOSED, personas.verbinder)
    assert AuditEvent.objects.filter(action="match.create", object_id=str(match.pk)).exists()


def test_the_htmx_tap_answers_with_a_link_to_the_match_and_a_double_tap_makes_one(personas):
    request_obj = RequestFactory(resident=resident())
    helper = resident()
    client = client_for(personas.verbinder)
    data = {"request": request_obj.pk, "resident_b": helper.pk}
    first = client.post("/matches/nieuw/", data, headers=HTMX)
    second = client.post("/matches/nieuw/", data, headers=HTMX)
    match = Match.objects.get()
    assert "<html" not in first.content.decode()
    assert "Match voorgesteld" in first.content.decode()
    assert match.get_absolute_url() in first.content.decode()
    assert "Deze match bestond al" in second.content.decode()
    # The request's talent is the match's when the tap sends none.
    assert match.talent == request_obj.talent


def test_a_place_asking_gets_a_places_match_and_a_resident_a_place(personas):
    asking_place = OntwikkelplaatsFactory(organisation__buurt=own_buurt())
    offering_place = OntwikkelplaatsFactory(organisation__buurt=other_buurt())
    client = client_for(personas.verbinder)
    place_request = RequestFactory(resident=None, ontwikkelplaats=asking_place, talent=None)
    client.post("/matches/nieuw/", {"request": place_request.pk, "place_b": offering_place.pk})
    resident_request = RequestFactory(resident=resident())
    client.post("/matches/nieuw/", {"request": resident_request.pk, "place_b": offering_place.pk})

    places = Match.objects.get(kind=MatchKind.PLACES)
    assert (places.place_a, places.place_b) == (asking_place, offering_place)
    # The offering place belongs to another wijkteam: that team sees the match too.
    assert places.wijkteam_b == personas.other_wijkteam
    assert Match.objects.get(kind=MatchKind.RESIDENT_PLACE).resident_a == resident_request.resident


def test_the_form_without_a_request_searches_side_b_and_proposes(personas):
    asker = resident(first_name="Gerrit")
    resident(first_name="Henk", last_name="Verhoeven")
    place = OntwikkelplaatsFactory(title="Repair Café", organisation__buurt=other_buurt())
    client = client_for(personas.verbinder)

    page = client.get("/matches/nieuw/", {"inwoner": asker.pk})
    found = client.get("/matches/nieuw/", {"inwoner": asker.pk, "q": "Henk"}, headers=HTMX)
    places = client.get(
        "/matches/nieuw/", {"inwoner": asker.pk, "soort": "resident_place", "q": "Repair"}
    )
    response = client.post("/matches/nieuw/", {"resident_a": asker.pk, "place_b": place.pk})

    assert "Match maken voor Gerrit" in page.content.decode()
    assert "Henk Verhoeven" in found.content.decode() and "<html" not in found.content.decode()
    assert "Repair Café" in places.content.decode()
    match = Match.objects.get()
    assert response.url == match.get_absolute_url()
    assert (match.kind, match.place_b, match.request) == (MatchKind.RESIDENT_PLACE, place, None)


def test_an_ontwikkelplaats_page_leads_to_an_org_to_org_match(personas):
    asking = OntwikkelplaatsFactory(title="School zoekt lokaal", organisation__buurt=own_buurt())
    OntwikkelplaatsFactory(title="Moskee biedt lokaal", organisation__buurt=own_buurt())
    client = client_for(personas.verbinder)
    page = client.get("/matches/nieuw/", {"ontwikkelplaats": asking.pk, "q": "lokaal"})
    assert "Moskee biedt lokaal" in page.content.decode()
    assert "School zoekt lokaal</label>" not in page.content.decode()  # not itself


def test_side_a_must_be_of_the_own_wijkteam(personas):
    stranger = resident(buurt=other_buurt())
    response = client_for(personas.verbinder).post(
        "/matches/nieuw/", {"resident_a": stranger.pk, "resident_b": resident().pk}
    )
    assert response.status_code == 200
    assert "Deze keuze bestaat niet (meer)" in response.content.decode()
    assert not Match.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Kies voor wie de match is"),
        ({"resident_b": "999999"}, "Deze keuze bestaat niet (meer)"),
        ({"resident_b": "abc"}, "Deze keuze bestaat niet (meer)"),
        ({"talent": "12345678901234567890"}, "Deze keuze bestaat niet (meer)"),
    ],
)
def test_bad_input_gets_a_dutch_message_never_an_error_page(personas, data, message):
    asker = resident()
    response = client_for(personas.verbinder).post(
        "/matches/nieuw/", {"resident_a": asker.pk, **data} if data else {}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Match.objects.exists()


def test_a_resting_resident_or_a_closed_request_is_refused_with_a_message(personas):
    resting = resident(status=ResidentStatus.RESTING)
    request_obj = RequestFactory(resident=resident())
    client = client_for(personas.verbinder)
    refused = client.post(
        "/matches/nieuw/", {"request": request_obj.pk, "resident_b": resting.pk}, headers=HTMX
    )
    Request.objects.filter(pk=request_obj.pk).update(status="closed", close_reason="other")
    closed = client.post(
        "/matches/nieuw/", {"request": request_obj.pk, "resident_b": resident().pk}
    )

    assert refused.status_code == 200 and "rust" in refused.content.decode()
    assert closed.status_code == 200 and "Deze hulpvraag is gesloten." in closed.content.decode()
    assert not Match.objects.exists()


# --- Both sides agree before contact details are exchanged -------------------------------------


def test_the_page_shows_no_contact_details_until_both_sides_said_yes(personas):
    a = resident(phone="+31611111111", email="a.side@example.org", postcode="5611 AB")
    b = resident(phone="+31622222222", email="b.side@example.org")
    match = own_match(personas, resident_a=a, resident_b=b)
    client = client_for(personas.verbinder)

    before = client.get(match.get_absolute_url()).content.decode()
    agreed = client.post(f"/matches/{match.pk}/akkoord/")
    after = client.get(match.get_absolute_url()).content.decode()

    for secret in ("06-11111111", "+31611111111", "a.side@example.org", "5611 AB"):
        assert secret not in before
    for secret in ("06-22222222", "+31622222222", "b.side@example.org"):
        assert secret not in before
    assert agreed.status_code == 302
    assert "06-11111111" in after and "b.side@example.org" in after
    match.refresh_from_db()
    assert match.both_agreed_at is not None
    assert MatchEvent.objects.filter(match=match, what="agreed", by=personas.verbinder).exists()
    views = AuditEvent.objects.filter(action="match.view", object_id=str(match.pk))
    assert views.count() == 2 and views.filter(details__contacts=True).count() == 1


def test_a_place_s_contact_person_shows_only_after_agreement(personas):
    match = place_match(personas)
    organisation = match.place_b.organisation
    client = client_for(personas.verbinder)
    before = client.get(match.get_absolute_url()).content.decode()
    services.match_record_agreement(match=match, by=personas.verbinder)
    after = client.get(match.get_absolute_url()).content.decode()
    assert organisation.contact_email not in before
    assert organisation.contact_email in after


def test_the_agreement_of_an_ended_match_is_refused_with_a_message(personas):
    match = own_match(personas, status=MatchStatus.ENDED, ended_on=today(), outcome=Outcome.STOPPED)
    response = client_for(personas.verbinder).post(f"/matches/{match.pk}/akkoord/", headers=HTMX)
    assert response.status_code == 200
    assert "al beëindigd" in response.content.decode()
    match.refresh_from_db()
    assert match.both_agreed_at is None


def test_the_other_wijkteam_sees_a_cross_wijkteam_match_reduced_to_first_name(personas):
    a = resident(first_name="Anna", last_name="Jansen", phone="+31633333333")
    b = resident(
        buurt=other_buurt(),
        first_name="Bram",
        last_name="Pietersen",
        phone="+31644444444",
        responsible_verbinder=personas.other_verbinder,
    )
    match = services.propose_match(
        personas.verbinder, kind=MatchKind.RESIDENTS, resident_a=a, resident_b=b
    )
    services.match_record_agreement(match=match, by=personas.verbinder)

    own = client_for(personas.verbinder).get(match.get_absolute_url()).content.decode()
    other = client_for(personas.other_verbinder).get(match.get_absolute_url()).content.decode()

    assert match.wijkteam == personas.own_wijkteam
    assert match.wijkteam_b == personas.other_wijkteam
    # Each team sees its own resident in full and the other side reduced, even after agreement:
    # the other side's verbinder is the one to ask.
    assert "Anna Jansen" in own and "06-33333333" in own
    assert "Bram" in own and "Pietersen" not in own and "06-44444444" not in own
    assert personas.other_verbinder.email in own
    assert "Bram Pietersen" in other and "06-44444444" in other
    assert "Jansen" not in other and "06-33333333" not in other


def test_a_match_outside_the_own_wijkteams_is_not_found(personas):
    match = own_match(personas)
    assert client_for(personas.other_verbinder).get(match.get_absolute_url()).status_code == 404
    assert client_for(personas.partner).get(match.get_absolute_url()).status_code == 404
    assert client_for(personas.coordinator).get(match.get_absolute_url()).status_code == 200


def test_the_coordinator_reads_the_evaluation_outcome_but_not_its_notes(personas):
    match = StartedMatchFactory(
        resident_a=resident(), resident_b=resident(), verbinder=personas.verbinder
    )
    services.match_end(
        match=match,
        outcome=Outcome.COMPLETED,
        on=today(),
        by=personas.verbinder,
        evaluation_a="Vond het erg gezellig, kookt nu elke week.",
    )
    verbinder = client_for(personas.verbinder).get(match.get_absolute_url()).content.decode()
    coordinator = client_for(personas.coordinator).get(match.get_absolute_url()).content.decode()
    assert "kookt nu elke week" in verbinder
    assert "afgerond" in coordinator and "kookt nu elke week" not in coordinator
    assert "Volgende stap" not in coordinator


# --- The lifecycle ------------------------------------------------------------------------------


def test_the_whole_lifecycle_is_recorded_with_who_and_when(personas):
    match = own_match(personas)
    client = client_for(personas.verbinder)
    intro = today() + datetime.timedelta(days=3)
    client.post(f"/matches/{match.pk}/akkoord/")
    client.post(f"/matches/{match.pk}/kennismaking/", {"date": intro.isoformat()})
    match.refresh_from_db()
    assert (match.status, match.introduction_on) == (MatchStatus.INTRODUCTION_PLANNED, intro)
    assert match.follow_up_on == intro + datetime.timedelta(days=1)

    client.post(f"/matches/{match.pk}/start/", {"date": today().isoformat()})
    match.refresh_from_db()
    assert (match.status, match.started_on, match.follow_up_on) == (
        MatchStatus.STARTED,
        today(),
        None,
    )
    assert sorted(CheckIn.objects.filter(match=match).values_list("due_on", flat=True)) == [
        today() + datetime.timedelta(weeks=2),
        today() + datetime.timedelta(weeks=6),
    ]

    response = client.post(
        f"/matches/{match.pk}/einde/",
        {
            "outcome": "completed",
            "date": today().isoformat(),
            "evaluation_a": "Goed",
            "evaluation_b": "Ook goed",
            "continues_on_own": "yes",
        },
    )
    assert response.status_code == 302
    match.refresh_from_db()
    assert (match.status, match.outcome, match.continues_on_own) == (
        MatchStatus.ENDED,
        Outcome.COMPLETED,
        True,
    )
    assert not CheckIn.objects.filter(match=match, done_at__isnull=True).exists()
    events = list(MatchEvent.objects.filter(match=match).values_list("status", "what", "by"))
    v = personas.verbinder.pk
    # (The factory made the proposal without its event; propose_match records it.)
    assert events == [
        (MatchStatus.PROPOSED, "agreed", v),
        (MatchStatus.INTRODUCTION_PLANNED, "", v),
        (MatchStatus.STARTED, "", v),
        (MatchStatus.ENDED, "", v),
    ]
    page = client.get(match.get_absolute_url()).content.decode()
    assert "beide kanten zeiden ja" in page and str(personas.verbinder) in page


def test_the_steps_work_with_htmx_and_answer_the_page_body(personas):
    match = own_match(personas)
    client = client_for(personas.verbinder)
    response = client.post(f"/matches/{match.pk}/akkoord/", headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'id="match-body"' in body and "beide kanten zeiden ja" in body


@pytest.mark.parametrize(
    ("status", "url", "data", "message"),
    [
        ("started", "kennismaking", {"date": "2026-01-01"}, "voordat de match start"),
        ("started", "start", {"date": "2026-01-01"}, "al gestart of beëindigd"),
        ("proposed", "einde", {"outcome": "completed", "date": "TODAY"}, "Alleen een gestarte"),
        ("proposed", "kennismaking", {"date": "31-02-2026"}, "Schrijf de datum zo"),
        ("proposed", "einde", {"outcome": "stopped", "date": "TODAY"}, "Kies waarom"),
        ("proposed", "einde", {"outcome": "klaar", "date": "TODAY"}, "Kies er een uit de lijst"),
    ],
)
def test_an_invalid_step_gets_a_clear_message_never_an_error_page(
    personas, status, url, data, message
):
    factory = StartedMatchFactory if status == "started" else MatchFactory
    match = factory(resident_a=resident(), resident_b=resident(), verbinder=personas.verbinder)
    data = {k: today().isoformat() if v == "TODAY" else v for k, v in data.items()}
    for headers in ({}, HTMX):
        response = client_for(personas.verbinder).post(
            f"/matches/{match.pk}/{url}/", data, headers=headers
        )
        assert response.status_code == 200
        assert message in response.content.decode()
    match.refresh_from_db()
    assert match.status == status


def test_a_match_starts_only_after_both_said_yes_and_not_in_the_future(personas):
    match = own_match(personas)
    client = client_for(personas.verbinder)
    first = client.post(f"/matches/{match.pk}/start/", {"date": today().isoformat()})
    services.match_record_agreement(match=match, by=personas.verbinder)
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    future = client.post(f"/matches/{match.pk}/start/", {"date": tomorrow})
    assert "beide kanten ja" in first.content.decode()
    assert "niet in de toekomst" in future.content.decode()
    # What was typed stays in the form.
    assert tomorrow in future.content.decode()
    match.refresh_from_db()
    assert match.status == MatchStatus.PROPOSED


def test_starting_at_an_ontwikkelplaats_takes_a_place_and_ending_gives_it_back(personas):
    match = place_match(personas, places=2, taken=1, both_agreed_at=timezone.now())
    client = client_for(personas.verbinder)
    client.post(f"/matches/{match.pk}/start/", {"date": today().isoformat()})
    match.place_b.refresh_from_db()
    assert match.place_b.places_taken == 2

    client.post(
        f"/matches/{match.pk}/einde/",
        {"outcome": "completed", "date": today().isoformat()},
    )
    match.place_b.refresh_from_db()
    assert match.place_b.places_taken == 1


def test_a_full_ontwikkelplaats_refuses_the_start_with_a_message(personas):
    match = place_match(personas, places=1, taken=1, both_agreed_at=timezone.now())
    response = client_for(personas.verbinder).post(
        f"/matches/{match.pk}/start/", {"date": today().isoformat()}, headers=HTMX
    )
    assert response.status_code == 200
    assert "geen plaats meer vrij" in response.content.decode()
    match.refresh_from_db()
    match.place_b.refresh_from_db()
    assert (match.status, match.place_b.places_taken) == (MatchStatus.PROPOSED, 1)
    assert not CheckIn.objects.filter(match=match).exists()


def test_ending_a_match_that_never_started_keeps_the_places(personas):
    match = place_match(personas, places=2, taken=1)
    services.match_end(
        match=match,
        outcome=Outcome.STOPPED,
        stop_reason="no_click",
        on=today(),
        by=personas.verbinder,
    )
    match.place_b.refresh_from_db()
    assert match.place_b.places_taken == 1


def test_a_stopped_match_reopens_its_request_for_a_new_match(personas):
    request_obj = RequestFactory(resident=resident(), status=RequestStatus.MATCHED)
    match = StartedMatchFactory(
        resident_a=request_obj.resident,
        resident_b=resident(),
        request=request_obj,
        verbinder=personas.verbinder,
    )
    response = client_for(personas.verbinder).post(
        f"/matches/{match.pk}/einde/",
        {"outcome": "stopped", "stop_reason": "moved", "date": today().isoformat()},
    )
    request_obj.refresh_from_db()
    match.refresh_from_db()
    assert request_obj.status == RequestStatus.OPEN
    assert (match.outcome, match.stop_reason) == (Outcome.STOPPED, "moved")
    assert response.status_code == 302 and response.url == request_page_or_match(match)


def test_a_request_with_another_active_match_stays_matched(personas):
    request_obj = RequestFactory(resident=resident(), status=RequestStatus.MATCHED)
    match = own_match(personas, resident_a=request_obj.resident, request=request_obj)
    own_match(personas, resident_a=request_obj.resident, request=request_obj)
    services.match_end(
        match=match,
        outcome=Outcome.STOPPED,
        stop_reason="other",
        on=today(),
        by=personas.verbinder,
    )
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.MATCHED


def test_a_stopped_match_without_request_gets_one_to_rematch_from(personas):
    match = StartedMatchFactory(
        resident_a=resident(), resident_b=resident(), verbinder=personas.verbinder
    )
    services.match_end(
        match=match,
        outcome=Outcome.STOPPED,
        stop_reason="too_heavy",
        on=today(),
        by=personas.verbinder,
    )
    match.refresh_from_db()
    new = match.request
    assert new is not None and new.status == RequestStatus.OPEN
    assert (new.resident, new.talent, new.wijkteam) == (
        match.resident_a,
        match.talent,
        match.wijkteam,
    )
    assert (new.source, new.created_by) == ("verbinder", personas.verbinder)


def test_two_verbinders_starting_at_once_start_it_once(personas):
    match = own_match(personas, both_agreed_at=timezone.now())
    stale = Match.objects.get(pk=match.pk)
    services.match_start(match=match, on=today(), by=personas.verbinder)
    with pytest.raises(services.MatchError):
        services.match_start(match=stale, on=today(), by=personas.verbinder)
    assert CheckIn.objects.filter(match=match).count() == 2


def test_strangers_cannot_change_a_match(personas):
    match = own_match(personas)
    for user in (personas.other_verbinder, personas.coordinator, personas.partner):
        client_for(user).post(f"/matches/{match.pk}/akkoord/")
        client_for(user).post(
            f"/matches/{match.pk}/einde/",
            {"outcome": "stopped", "stop_reason": "other", "date": today().isoformat()},
        )
    match.refresh_from_db()
    assert (match.status, match.both_agreed_at) == (MatchStatus.PROPOSED, None)


# --- The list and the sections -------------------------------------------------------------------


def test_the_list_filters_by_status_kind_talent_verbinder_and_period(personas):
    cooking = TalentFactory(name="Koken")
    proposed = own_match(personas, resident_a=resident(first_name="Piet"), talent=cooking)
    started = StartedMatchFactory(
        resident_a=resident(first_name="Klaas"),
        resident_b=resident(),
        verbinder=personas.verbinder,
    )
    place = place_match(personas, resident_a=resident(first_name="Joke"))
    client = client_for(personas.verbinder)

    def names(**filters) -> set[str]:
        html = client.get("/matches/", filters).content.decode()
        return {n for n in ("Piet", "Klaas", "Joke") if f"{n} &amp;" in html}

    assert names() == {"Piet", "Klaas", "Joke"}
    assert names(status="started") == {"Klaas"}
    assert names(kind="resident_place") == {"Joke"}
    assert names(talent=cooking.pk) == {"Piet"}
    assert names(verbinder=personas.verbinder.pk) == {"Piet", "Klaas", "Joke"}
    assert names(period="started", date_from=started.started_on.isoformat()) == {"Klaas"}
    assert names(date_to=(today() - datetime.timedelta(days=1)).isoformat()) == {"Klaas"}
    assert names(status="nonsense", date_from="gisteren") == {"Piet", "Klaas", "Joke"}
    assert proposed.pk and place.pk


def test_the_list_is_city_wide_for_the_coordinator_and_own_for_a_verbinder(personas):
    own_match(personas, resident_a=resident(first_name="Piet"))
    MatchFactory(
        resident_a=resident(buurt=other_buurt(), first_name="Saskia"),
        resident_b=resident(buurt=other_buurt()),
    )
    verbinder = client_for(personas.verbinder).get("/matches/").content.decode()
    coordinator = client_for(personas.coordinator).get("/matches/").content.decode()
    assert "Piet &amp;" in verbinder and "Saskia" not in verbinder
    assert "Piet &amp;" in coordinator and "Saskia &amp;" in coordinator
    assert AuditEvent.objects.filter(action="match.list").count() == 2


def test_the_list_filters_on_the_wijkteam_a_match_counts_for(personas):
    own_match(personas, resident_a=resident(first_name="Piet"))
    MatchFactory(
        resident_a=resident(buurt=other_buurt(), first_name="Saskia"),
        resident_b=resident(buurt=other_buurt()),
    )
    client = client_for(personas.coordinator)
    html = client.get("/matches/", {"wijkteam": personas.own_wijkteam.pk}).content.decode()
    assert "Piet &amp;" in html and "Saskia" not in html


def test_the_menu_has_matches(personas):
    assert 'href="/matches/"' in client_for(personas.verbinder).get("/").content.decode()


def test_a_match_shows_on_both_residents_pages(personas):
    match = own_match(personas)
    client = client_for(personas.verbinder)
    for side in (match.resident_a, match.resident_b):
        page = client.get(side.get_absolute_url()).content.decode()
        section_url = reverse("matches:resident-matches", kwargs={"pk": side.pk})
        assert section_url in page
        section = client.get(section_url, headers=HTMX).content.decode()
        assert match.get_absolute_url() in section and "<html" not in section
    # Without JavaScript the section's link is a page of its own.
    assert "<html" in client.get(section_url).content.decode()


def test_an_org_to_org_match_shows_on_both_organisations_pages(personas):
    school = OrganisationFactory(name="Basisschool De Boog", buurt=own_buurt())
    mosque = OrganisationFactory(name="Moskee Al Fath", buurt=other_buurt())
    match = MatchFactory(
        kind=MatchKind.PLACES,
        resident_a=None,
        resident_b=None,
        place_a=OntwikkelplaatsFactory(organisation=school),
        place_b=OntwikkelplaatsFactory(organisation=mosque),
        talent=None,
        verbinder=personas.verbinder,
    )
    client = client_for(personas.verbinder)
    for organisation in (school, mosque):
        url = reverse("matches:organisation-matches", kwargs={"pk": organisation.pk})
        assert match.get_absolute_url() in client.get(url, headers=HTMX).content.decode()
    for place in (match.place_a, match.place_b):
        url = reverse("matches:place-matches", kwargs={"pk": place.pk})
        assert match.get_absolute_url() in client.get(url, headers=HTMX).content.decode()
    # The other wijkteam's verbinder sees the match on the mosque's page too (it is theirs).
    url = reverse("matches:organisation-matches", kwargs={"pk": mosque.pk})
    assert (
        match.get_absolute_url() in client_for(personas.other_verbinder).get(url).content.decode()
    )


# --- Query counts stay flat ---------------------------------------------------------------------


def test_the_match_page_queries_stay_flat(personas):
    match = StartedMatchFactory(
        resident_a=resident(), resident_b=resident(), verbinder=personas.verbinder
    )

    def add(n: int) -> None:
        for _ in range(n):
            MatchEvent.objects.create(
                match=match, status="started", date=today(), by=personas.verbinder
            )
            CheckIn.objects.create(match=match, due_on=today(), done_at=timezone.now())

    assert_queries_flat(client_for(personas.verbinder), match.get_absolute_url(), add)


def test_the_place_match_page_queries_stay_flat(personas):
    match = place_match(personas, both_agreed_at=timezone.now())
    services.match_start(match=match, on=today(), by=personas.verbinder)
    assert_queries_flat(
        client_for(personas.verbinder),
        match.get_absolute_url(),
        lambda n: [
            MatchEvent.objects.create(match=match, status="started", date=today()) for _ in range(n)
        ],
    )


def test_the_list_queries_stay_flat(personas):
    assert_queries_flat(
        client_for(personas.verbinder),
        "/matches/",
        lambda n: [own_match(personas) for _ in range(n)],
    )


def test_the_sections_queries_stay_flat(personas):
    a = resident()
    place = OntwikkelplaatsFactory(organisation__buurt=own_buurt())
    client = client_for(personas.verbinder)
    assert_queries_flat(
        client,
        reverse("matches:resident-matches", kwargs={"pk": a.pk}),
        lambda n: [own_match(personas, resident_a=a) for _ in range(n)],
        headers=HTMX,
    )
    assert_queries_flat(
        client,
        reverse("matches:organisation-matches", kwargs={"pk": place.organisation_id}),
        lambda n: [
            place_match(personas)
            and MatchFactory(
                kind=MatchKind.RESIDENT_PLACE,
                resident_a=resident(),
                resident_b=None,
                place_b=place,
                verbinder=personas.verbinder,
            )
            for _ in range(n)
        ],
        headers=HTMX,
    )


def test_the_create_form_queries_stay_flat(personas):
    asker = resident()
    assert_queries_flat(
        client_for(personas.verbinder),
        f"/matches/nieuw/?inwoner={asker.pk}&q=Zoe",
        lambda n: [resident(first_name="Zoe") for _ in range(n)],
    )


def test_with_htmx_a_stopped_match_sends_the_browser_to_its_request(personas):
    request_obj = RequestFactory(resident=resident(), status=RequestStatus.MATCHED)
    match = own_match(personas, resident_a=request_obj.resident, request=request_obj)
    response = client_for(personas.verbinder).post(
        f"/matches/{match.pk}/einde/",
        {"outcome": "stopped", "stop_reason": "no_click", "date": today().isoformat()},
        headers=HTMX,
    )
    assert response.headers["HX-Redirect"] == f"/hulpvragen/{request_obj.pk}/"
    request_obj.refresh_from_db()
    assert request_obj.status == RequestStatus.OPEN


def test_a_double_tap_on_a_step_answers_like_the_first(personas):
    match = own_match(personas)
    client = client_for(personas.verbinder)
    for _ in range(2):
        agreed = client.post(f"/matches/{match.pk}/akkoord/", follow=True)
        assert "beide kanten zeiden ja" in agreed.content.decode()
    for _ in range(2):
        started = client.post(
            f"/matches/{match.pk}/start/", {"date": today().isoformat()}, follow=True
        )
        assert "De match is gestart." in started.content.decode()
    for _ in range(2):
        ended = client.post(
            f"/matches/{match.pk}/einde/",
            {"outcome": "completed", "date": today().isoformat()},
            follow=True,
        )
        assert "De match is afgerond." in ended.content.decode()
    assert MatchEvent.objects.filter(match=match).count() == 3
    assert CheckIn.objects.filter(match=match).count() == 0  # dropped when it ended


# --- Found by the outsider's review (issue 11) ------------------------------------------------


def _cross_wijkteam_match(personas):
    a = resident(first_name="Anna", last_name="Jansen")
    b = resident(
        buurt=other_buurt(), first_name="Bram", responsible_verbinder=personas.other_verbinder
    )
    return services.propose_match(
        personas.verbinder, kind=MatchKind.RESIDENTS, resident_a=a, resident_b=b
    )


def test_the_other_wijkteam_reads_neither_the_first_sides_evaluation_nor_the_stop_reason(
    personas,
):
    match = _cross_wijkteam_match(personas)
    services.match_end(
        match=match,
        outcome="stopped",
        stop_reason="health",
        on=today(),
        by=personas.verbinder,
        evaluation_a="Anna heeft last van somberheid.",
        evaluation_b="Bram vond het fijn.",
    )
    own = client_for(personas.verbinder).get(match.get_absolute_url()).content.decode()
    other = client_for(personas.other_verbinder).get(match.get_absolute_url()).content.decode()
    assert "somberheid" in own and "gezondheid" in own
    assert "somberheid" not in other and "gezondheid" not in other
    assert "Bram vond het fijn." in other  # their own side's evaluation
    assert "gestopt" in other


def test_stopping_a_cross_wijkteam_match_as_the_other_team_stays_on_the_match(personas):
    match = _cross_wijkteam_match(personas)
    match.request = RequestFactory(resident=match.resident_a, status=RequestStatus.MATCHED)
    match.save()
    response = client_for(personas.other_verbinder).post(
        f"/matches/{match.pk}/einde/",
        {"outcome": "stopped", "stop_reason": "no_click", "date": today().isoformat()},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"] == match.get_absolute_url()


def test_an_introduction_far_ahead_is_refused_in_dutch_not_a_500(personas):
    match = own_match(personas)
    for date in ("9999-12-31", (today() + datetime.timedelta(days=800)).isoformat()):
        response = client_for(personas.verbinder).post(
            f"/matches/{match.pk}/kennismaking/", {"date": date}, follow=True
        )
        assert response.status_code == 200
    match.refresh_from_db()
    assert match.introduction_on is None


@pytest.mark.django_db
def test_a_resident_in_the_maximum_of_active_matches_gets_no_other_by_hand(personas, settings):
    settings.MATCH_MAX_ACTIVE_PER_RESIDENT = 1
    busy = resident(first_name="Druk")
    own_match(personas, resident_b=busy)
    with pytest.raises(services.MatchError, match="actieve matches"):
        services.propose_match(
            personas.verbinder, kind=MatchKind.RESIDENTS, resident_a=resident(), resident_b=busy
        )


def test_a_resting_resident_cannot_ask_for_a_match(personas):
    resting = resident(status=ResidentStatus.RESTING)
    with pytest.raises(services.MatchError, match="rust"):
        services.propose_match(
            personas.verbinder, kind=MatchKind.RESIDENTS, resident_a=resting, resident_b=resident()
        )


def test_a_match_on_a_request_is_for_the_requested_talent(personas):
    cooking, gardening = TalentFactory(name="Koken"), TalentFactory(name="Tuinieren")
    request_obj = RequestFactory(resident=resident(), talent=cooking)
    with pytest.raises(services.MatchError, match="gevraagde talent"):
        services.propose_match(
            personas.verbinder,
            kind=MatchKind.RESIDENTS,
            resident_a=request_obj.resident,
            resident_b=resident(),
            talent=gardening,
            request=request_obj,
        )


def test_a_full_place_is_not_proposed(personas):
    full = place_match(personas, places=1, taken=1)
    with pytest.raises(services.MatchError, match="geen plaats meer vrij"):
        services.propose_match(
            personas.verbinder,
            kind=MatchKind.RESIDENT_PLACE,
            resident_a=resident(),
            place_b=full.place_b,
        )


def test_stopping_twice_without_a_request_reuses_the_open_one(personas):
    asker = resident()
    for _ in range(2):
        match = own_match(personas, resident_a=asker, talent=None)
        services.match_end(
            match=match,
            outcome="stopped",
            stop_reason="no_click",
            on=today(),
            by=personas.verbinder,
        )
    from matches.models import Request

    assert Request.objects.filter(resident=asker, status=RequestStatus.OPEN).count() == 1


def test_erasing_a_resident_ends_their_matches_and_blocks_further_steps(personas):
    from buurtinbloei.registry import erase_resident

    match = place_match(personas)
    services.match_record_agreement(match=match, by=personas.verbinder)
    services.match_start(match=match, on=today(), by=personas.verbinder)
    proposed = own_match(personas, resident_a=match.resident_a)
    erase_resident(match.resident_a, by=personas.verbinder)
    match.refresh_from_db()
    proposed.refresh_from_db()
    match.place_b.refresh_from_db()
    assert (match.status, match.started_on) == (MatchStatus.ENDED, today())  # still counts
    assert proposed.status == MatchStatus.ENDED and proposed.started_on is None
    assert match.place_b.places_taken == 0
    assert not match.check_ins.filter(done_at__isnull=True).exists()
