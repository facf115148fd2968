"""Two verbinders acting on the same match at once: every step carries the version of the
match it was shown; the second gets a clear 409 page naming who did what and when, and no
second event is recorded (matches/views/matches.py, matches/services/matches.py)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from matches.models import CheckIn, Match, MatchEvent, MatchStatus
from tests.conftest import client_for
from tests.factories import MatchFactory, ResidentFactory, UserFactory
from tests.networks.support import own_buurt

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def today() -> datetime.date:
    return timezone.localdate()


def own_match(personas, **kwargs) -> Match:
    return MatchFactory(
        resident_a=ResidentFactory(buurt=own_buurt()),
        resident_b=ResidentFactory(buurt=own_buurt()),
        verbinder=personas.verbinder,
        **kwargs,
    )


def colleague(personas):
    return UserFactory(wijkteams=[personas.own_wijkteam], first_name="Fatima", last_name="Bakker")


STOP = {"outcome": "stopped", "stop_reason": "other", "date": "TODAY"}


def post(user, match, step: str, data: dict | None = None, **headers):
    data = {k: today().isoformat() if v == "TODAY" else v for k, v in (data or {}).items()}
    return client_for(user).post(f"/matches/{match.pk}/{step}/", data, headers=headers)


def test_every_step_on_the_page_carries_the_version_it_shows(personas):
    match = own_match(personas, both_agreed_at=timezone.now(), version=7)
    body = client_for(personas.verbinder).get(match.get_absolute_url()).content.decode()
    # introduction, start, end (the agreement is recorded already)
    assert body.count('name="version" value="7"') == 3


def test_a_step_on_the_version_shown_is_made_and_raises_the_version(personas):
    match = own_match(personas)
    response = post(personas.verbinder, match, "akkoord", {"version": 1})
    assert response.status_code == 302
    match.refresh_from_db()
    assert (match.version, match.contacts_shared) == (2, True)


def test_the_second_to_agree_is_told_who_agreed_and_no_second_event_is_made(personas):
    match = own_match(personas)
    post(colleague(personas), match, "akkoord", {"version": 1})
    response = post(personas.verbinder, match, "akkoord", {"version": 1})
    body = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft deze match net gewijzigd" in body
    assert "Fatima Bakker legde op" in body
    assert "beide kanten zeiden ja" in body
    assert MatchEvent.objects.filter(match=match).count() == 1


def test_ending_a_match_someone_just_started_is_refused_with_what_they_did(personas):
    match = own_match(personas, both_agreed_at=timezone.now())
    shown = match.version
    post(colleague(personas), match, "start", {"date": today().isoformat(), "version": shown})
    response = post(personas.verbinder, match, "einde", {**STOP, "version": shown})
    body = response.content.decode()
    assert response.status_code == 409
    assert "Fatima Bakker legde op" in body and "gestart" in body
    match.refresh_from_db()
    assert match.status == MatchStatus.STARTED
    assert list(MatchEvent.objects.filter(match=match).values_list("status", flat=True)) == [
        MatchStatus.STARTED
    ]


def test_two_starts_from_the_same_page_start_it_once_and_tell_the_second(personas):
    match = own_match(personas, both_agreed_at=timezone.now())
    data = {"date": today().isoformat(), "version": match.version}
    assert post(colleague(personas), match, "start", data).status_code == 302
    response = post(personas.verbinder, match, "start", data)
    assert response.status_code == 409
    assert "Fatima Bakker" in response.content.decode()
    assert CheckIn.objects.filter(match=match).count() == 2
    assert MatchEvent.objects.filter(match=match).count() == 1


def test_planning_the_introduction_on_a_changed_match_is_a_conflict_too(personas):
    match = own_match(personas)
    post(colleague(personas), match, "akkoord", {"version": 1})
    response = post(personas.verbinder, match, "kennismaking", {"date": "TODAY", "version": 1})
    assert response.status_code == 409
    match.refresh_from_db()
    assert match.status == MatchStatus.PROPOSED


def test_with_htmx_the_conflict_is_the_page_body_with_status_409(personas):
    match = own_match(personas)
    post(colleague(personas), match, "akkoord", {"version": 1})
    response = post(personas.verbinder, match, "akkoord", {"version": 1}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 409
    assert "<html" not in body and 'id="match-body"' in body
    assert "Fatima Bakker" in body


def test_a_double_tap_by_the_same_person_still_answers_like_the_first(personas):
    match = own_match(personas, both_agreed_at=timezone.now())
    data = {"date": today().isoformat(), "version": match.version}
    assert post(personas.verbinder, match, "start", data).status_code == 302
    assert post(personas.verbinder, match, "start", data).status_code == 302
    assert post(personas.verbinder, match, "einde", {**STOP, "version": 2}).status_code == 302
    assert post(personas.verbinder, match, "einde", {**STOP, "version": 2}).status_code == 302
    assert MatchEvent.objects.filter(match=match).count() == 2


def test_a_malformed_version_is_a_conflict_never_a_500(personas):
    match = own_match(personas)
    for version in ("abc", "9" * 30, "-1"):
        response = post(personas.verbinder, match, "akkoord", {"version": version})
        assert response.status_code == 409
    match.refresh_from_db()
    assert match.both_agreed_at is None


def test_a_follow_up_on_a_match_changed_meanwhile_sends_the_panel_to_the_match(personas):
    match = own_match(personas, follow_up_on=today())
    post(colleague(personas), match, "einde", {**STOP, "version": 1})
    data = {"result": "going_well", "version": 1}
    response = post(personas.verbinder, match, "opgevolgd", data, **HTMX)
    assert response.status_code == 409
    assert response["HX-Redirect"] == match.get_absolute_url()
    page = post(personas.verbinder, match, "opgevolgd", data)
    assert page.status_code == 409
    assert "Fatima Bakker legde op" in page.content.decode()
    assert MatchEvent.objects.filter(match=match, what="follow_up").count() == 0
