"""The matches app's demo seeder: two years of requests and about 1000 started matches a year,
spread over wijkteams, kinds and statuses, within every rule the app keeps; and the city scale
on a reduced target."""

from __future__ import annotations

import datetime
import io
import random
import re
from collections import Counter

import pytest
from django.conf import settings
from django.db.models import Count, F
from django.utils import timezone
from faker import Faker

from buurtinbloei.contributions import seed as seed_core
from buurtinbloei.models import User, Wijkteam
from buurtinbloei.registry import seeders
from matches import demo_city
from matches.demo import seed as seed_matches
from matches.models import (
    ACTIVE_STATUSES,
    CheckIn,
    CheckInResult,
    Match,
    MatchEvent,
    MatchKind,
    MatchStatus,
    Outcome,
    Request,
    RequestSource,
    RequestStatus,
)
from networks.demo import seed as seed_networks
from networks.models import Ontwikkelplaats
from talents.demo import seed as seed_talents
from talents.models import Resident, ResidentTalent

pytestmark = pytest.mark.django_db


def run(*seeders_to_run, scale: str = "demo", seed: int = 1) -> str:
    rng, fake, out = random.Random(seed), Faker("nl_NL"), io.StringIO()
    fake.seed_instance(seed)
    for seeder in seeders_to_run:
        seeder(rng=rng, fake=fake, stdout=out, scale=scale)
    return out.getvalue()


@pytest.fixture
def city_before_matches(geography):
    """Logins, residents and places: what the matches seeder connects."""
    run(seed_core, seed_talents, seed_networks)


@pytest.fixture
def seeded(city_before_matches):
    run(seed_matches)


def test_it_is_registered_as_a_seeder():
    assert seed_matches in seeders()


def test_about_a_thousand_matches_started_in_each_of_the_last_two_years(seeded):
    today = timezone.localdate()
    year_ago = today - datetime.timedelta(days=365)
    two_years_ago = today - datetime.timedelta(days=730)
    last_year = Match.objects.filter(started_on__gt=year_ago, started_on__lte=today).count()
    year_before = Match.objects.filter(
        started_on__gt=two_years_ago, started_on__lte=year_ago
    ).count()
    assert 900 <= last_year <= 1100
    assert 900 <= year_before <= 1100
    assert not Match.objects.filter(started_on__lte=two_years_ago).exists()
    assert Request.objects.filter(created_on__lt=today - datetime.timedelta(days=600)).exists()


def test_matches_spread_over_wijkteams_kinds_and_statuses(seeded):
    per_team = dict(Match.objects.values_list("wijkteam__slug").annotate(n=Count("pk")).order_by())
    assert set(per_team) == set(Wijkteam.objects.values_list("slug", flat=True))
    assert len(per_team) == 8
    # Bigger teams (more buurten) make more matches than the smallest.
    assert per_team["strijp"] > 1.5 * per_team["centrum"]
    kinds = Counter(Match.objects.values_list("kind", flat=True))
    assert set(kinds) == set(MatchKind.values)
    assert kinds[MatchKind.PLACES] < 0.15 * sum(kinds.values())
    statuses = Counter(Match.objects.values_list("status", flat=True))
    assert set(statuses) == set(MatchStatus.values)
    ended = Match.objects.filter(status=MatchStatus.ENDED)
    assert set(ended.values_list("outcome", flat=True)) == set(Outcome.values)
    stopped = ended.filter(outcome=Outcome.STOPPED)
    assert not stopped.filter(stop_reason="").exists()
    assert not stopped.filter(evaluation_a="").exists()
    assert not ended.filter(outcome=Outcome.COMPLETED).exclude(stop_reason="").exists()
    # The recent ones are still being made; the old ones have started or ended.
    today = timezone.localdate()
    pending = Match.objects.filter(
        status__in=[MatchStatus.PROPOSED, MatchStatus.INTRODUCTION_PLANNED]
    )
    assert not pending.filter(proposed_on__lt=today - datetime.timedelta(days=60)).exists()
    assert Match.objects.filter(kind=MatchKind.RESIDENTS).exclude(wijkteam_b=None).exists()


def test_the_apps_rules_hold(seeded):
    active = Match.objects.filter(status__in=ACTIVE_STATUSES)
    per_resident = Counter()
    for a, b in active.values_list("resident_a", "resident_b"):
        per_resident.update(r for r in (a, b) if r)
    assert max(per_resident.values()) <= settings.MATCH_MAX_ACTIVE_PER_RESIDENT
    # Most residents have room for one more: the suggestions still find people.
    assert Resident.objects.filter(status="active").exclude(pk__in=per_resident).exists()
    assert not Resident.objects.filter(
        pk__in=per_resident, status__in=["resting", "new", "anonymised"]
    ).exists()
    keys = Counter(
        active.values_list("kind", "resident_a", "resident_b", "place_a", "place_b", "talent")
    )
    assert max(keys.values()) == 1
    # Dates in order, the follow-up 14 days after the proposal, both sides agreed before a start.
    assert not Match.objects.filter(started_on__lt=F("proposed_on")).exists()
    assert not Match.objects.filter(ended_on__lte=F("started_on")).exists()
    assert not Match.objects.filter(introduction_on__lt=F("proposed_on")).exists()
    assert not Match.objects.filter(introduction_on__gt=F("started_on")).exists()
    follow_up = datetime.timedelta(days=settings.MATCH_FOLLOW_UP_DAYS)
    assert not Match.objects.exclude(follow_up_on=F("proposed_on") + follow_up).exists()
    assert not Match.objects.filter(started_on__isnull=False, both_agreed_at=None).exists()
    # The sides' wijkteams and a verbinder of the first side's team.
    offers = set(ResidentTalent.objects.filter(offered=True).values_list("resident", "talent"))
    talents = set(ResidentTalent.objects.values_list("resident", "talent"))
    matches = Match.objects.select_related(
        "resident_a__buurt__wijk",
        "resident_b__buurt__wijk",
        "place_a__buurt__wijk",
        "place_b__buurt__wijk",
    )
    team_ids = {user.pk: user.wijkteam_ids for user in User.objects.prefetch_related("wijkteams")}
    for match in matches:
        assert match.wijkteam_id == match.side_a.wijkteam_id
        b = match.side_b.wijkteam_id
        assert match.wijkteam_b_id == (None if b == match.wijkteam_id else b)
        assert match.wijkteam_id in team_ids[match.verbinder_id]
        if match.kind == MatchKind.RESIDENTS:
            assert (match.resident_b_id, match.talent_id) in offers
        if match.kind == MatchKind.RESIDENT_PLACE:
            assert (match.resident_a_id, match.talent_id) in talents


def test_every_status_change_is_recorded_with_the_verbinder(seeded):
    assert not Match.objects.exclude(events__status=MatchStatus.PROPOSED).exists()
    for status, day in [(MatchStatus.STARTED, "started_on"), (MatchStatus.ENDED, "ended_on")]:
        reached = Match.objects.filter(**{f"{day}__isnull": False})
        recorded = MatchEvent.objects.filter(
            status=status, what="", match__in=reached, date=F(f"match__{day}")
        )
        assert recorded.count() == reached.count()
    planned = Match.objects.filter(introduction_on__isnull=False)
    assert (
        MatchEvent.objects.filter(status=MatchStatus.INTRODUCTION_PLANNED, what="").count()
        == planned.count()
    )
    agreed = MatchEvent.objects.filter(what="agreed")
    assert agreed.count() == Match.objects.filter(both_agreed_at__isnull=False).count()
    assert not MatchEvent.objects.exclude(by=F("match__verbinder")).exists()
    # In order: an event is never before the proposal, nor after the end.
    assert not MatchEvent.objects.filter(date__lt=F("match__proposed_on")).exists()
    assert not MatchEvent.objects.filter(date__gt=F("match__ended_on")).exists()


def test_check_ins_are_mostly_done_with_some_due_now(seeded):
    today = timezone.localdate()
    weeks = settings.MATCH_CHECK_IN_WEEKS
    for check_in in CheckIn.objects.select_related("match")[:300]:
        assert (check_in.due_on - check_in.match.started_on).days in [7 * w for w in weeks]
    assert not CheckIn.objects.filter(match__started_on=None).exists()
    past = CheckIn.objects.filter(due_on__lt=today - datetime.timedelta(days=14))
    assert past.filter(done_at__isnull=False).count() > 0.9 * past.count()
    assert not past.filter(done_at__isnull=False, result="").exists()
    assert CheckIn.objects.due().filter(match__status=MatchStatus.STARTED).exists()
    assert not CheckIn.objects.due().filter(match__status=MatchStatus.ENDED).exists()
    demo_login = CheckIn.objects.due().filter(match__verbinder__email__startswith="verbinder.")
    assert demo_login.exists()
    answered = CheckIn.objects.filter(result=CheckInResult.CONTACT_PERSON)
    assert answered.exists()
    assert not answered.exclude(match__kind=MatchKind.RESIDENT_PLACE).exists()
    assert not answered.filter(going="").exists()
    results = set(CheckIn.objects.values_list("result", flat=True))
    assert results >= {CheckInResult.GOING_WELL, CheckInResult.NO_ANSWER, CheckInResult.CONCERN}


def test_places_taken_are_the_started_resident_matches(seeded):
    started = dict(
        Match.objects.filter(kind=MatchKind.RESIDENT_PLACE, status=MatchStatus.STARTED)
        .values_list("place_b")
        .annotate(n=Count("pk"))
        .order_by()
    )
    assert started
    for pk, places, taken in Ontwikkelplaats.objects.values_list("pk", "places", "places_taken"):
        assert taken == started.get(pk, 0)
        assert taken <= places


def test_requests_come_from_every_source_and_end_realistically(seeded):
    today = timezone.localdate()
    assert set(Request.objects.values_list("source", flat=True)) == set(RequestSource.values)
    assert set(Request.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    partner = User.objects.get(email="partner@example.org")
    referrals = Request.objects.filter(source=RequestSource.PARTNER)
    assert referrals.count() == referrals.filter(referred_by=partner).count() > 0
    assert not Request.objects.exclude(source=RequestSource.PARTNER).exclude(referred_by=None)
    # A matched request is linked to its match, asked by its first side, before the proposal.
    matched = Request.objects.filter(status=RequestStatus.MATCHED)
    assert not matched.filter(matches=None).exists()
    linked = Match.objects.filter(request__isnull=False)
    assert not linked.filter(request__created_on__gt=F("proposed_on")).exists()
    assert not linked.exclude(request__wijkteam=F("wijkteam")).exists()
    for resident_a, place_a, asker, place in linked.values_list(
        "resident_a", "place_a", "request__resident", "request__ontwikkelplaats"
    ):
        assert (asker, place) == (resident_a, place_a)
    assert linked.count() > 0.7 * Match.objects.count()
    closed = Request.objects.filter(status=RequestStatus.CLOSED)
    assert not closed.filter(close_reason="").exists()
    assert not closed.filter(closed_on=None).exists()
    # A few buurten have requests waiting over 30 days: the balance KPI flags them.
    waiting = Request.objects.filter(
        status=RequestStatus.OPEN, created_on__lt=today - datetime.timedelta(days=30)
    )
    assert 1 <= waiting.values("buurt").distinct().count() <= 5
    assert Request.objects.filter(status=RequestStatus.OPEN, created_on__gte=today).count() < 20
    # No sign-up is made up: at demo scale none has been dealt with, so none is linked.
    for request in Request.objects.filter(signup__isnull=False).select_related("signup"):
        assert request.signup.resident_id == request.resident_id


def test_it_writes_no_personal_data(city_before_matches):
    residents = Resident.objects.count()
    users = User.objects.count()
    run(seed_matches)
    assert Resident.objects.count() == residents and User.objects.count() == users
    names = set(Resident.objects.values_list("last_name", flat=True)) - {""}
    texts = [
        *Request.objects.values_list("description", flat=True),
        *Request.objects.values_list("close_note", flat=True),
        *Match.objects.values_list("note", flat=True),
        *Match.objects.values_list("evaluation_a", flat=True),
        *CheckIn.objects.values_list("contact_note", flat=True),
    ]
    words = {word for text in texts for word in re.findall(r"\w+", text)}
    assert not (words & names)
    assert not any(re.search(r"\d{6,}|@", text) for text in texts)  # no phone or e-mail


def test_a_second_run_adds_nothing(seeded):
    counts = [m.objects.count() for m in (Request, Match, MatchEvent, CheckIn)]
    out = run(seed_matches, seed=2)
    assert "exist already" in out
    assert [m.objects.count() for m in (Request, Match, MatchEvent, CheckIn)] == counts


@pytest.fixture
def small_city(monkeypatch):
    monkeypatch.setattr(demo_city, "MATCHES", 2600)
    monkeypatch.setattr(demo_city, "REQUESTS", 2300)
    monkeypatch.setattr(demo_city, "WAITING", (4, 3))


def test_the_city_scale_fills_up_to_its_targets_and_only_once(city_before_matches, small_city):
    run(seed_matches, scale="city")
    assert Match.objects.count() == 2600
    assert Request.objects.count() == 2300
    events, check_ins = MatchEvent.objects.count(), CheckIn.objects.count()
    assert events > 3 * 2600 and check_ins > 2600
    # The rules still hold after the top-up.
    per_resident = Counter()
    for a, b in Match.objects.active().values_list("resident_a", "resident_b"):
        per_resident.update(r for r in (a, b) if r)
    assert max(per_resident.values()) <= settings.MATCH_MAX_ACTIVE_PER_RESIDENT
    for pk, places, taken in Ontwikkelplaats.objects.values_list("pk", "places", "places_taken"):
        assert taken <= places
        assert (
            taken
            == Match.objects.filter(
                place_b=pk, kind=MatchKind.RESIDENT_PLACE, status=MatchStatus.STARTED
            ).count()
        )
    assert not Match.objects.filter(started_on__isnull=False, both_agreed_at=None).exists()
    run(seed_matches, scale="city", seed=5)
    assert (Match.objects.count(), Request.objects.count()) == (2600, 2300)
    assert (MatchEvent.objects.count(), CheckIn.objects.count()) == (events, check_ins)
    # A match made through the ORM afterwards gets the next id (the sequence moved on).
    match = Match.objects.order_by("pk").last()
    match.pk = None
    match.status, match.ended_on = MatchStatus.ENDED, match.started_on or match.proposed_on
    match.started_on = match.started_on or match.proposed_on
    match.outcome = Outcome.COMPLETED
    match.save()


def test_the_city_tops_up_a_database_without_demo_matches(city_before_matches, monkeypatch):
    monkeypatch.setattr(demo_city, "MATCHES", 400)
    monkeypatch.setattr(demo_city, "REQUESTS", 250)
    demo_city.seed_city(rng=random.Random(4), stdout=io.StringIO())
    assert (Match.objects.count(), Request.objects.count()) == (400, 250)
    assert Match.objects.filter(request__isnull=False).count() <= 250
