"""Demo data for the matches app: two years of requests and about 1000 started matches a year.

Registered as the app's ``seeder`` (``matches/contributions.py``); runs after the talents and
networks seeders, whose residents, talents and ontwikkelplaatsen it connects. Everything is
generated; no name is written here (the sides are the generated residents and places).

What a realistic city shows: more matches in the bigger wijkteams (more buurten), mostly
resident with resident and resident with an ontwikkelplaats and a few between two places; the
last weeks' matches still proposed or with an introduction planned, older ones started or ended
(completed, or stopped with a reason and an evaluation); every status change as a MatchEvent
with the verbinder and the day; check-ins two and six weeks after the start (past ones mostly
done, some due now); requests from sign-ups, verbinders and partner referrals, matched ones
linked to their match, closed ones with a reason, and a few open ones waiting over 30 days in a
few buurten (the KPI "balance" flags them).

The database constraints hold by construction: one active match per pair and talent, the sides
fitting the kind, at most ``MATCH_MAX_ACTIVE_PER_RESIDENT`` active matches per resident (most
residents stay at one, so the suggestions still find free people), and an ontwikkelplaats's
``places_taken`` equal to its started resident matches, never above its ``places``.

Idempotent: nothing is added when matches exist already. ``scale="city"`` then tops the tables
up to the benchmark's size (:mod:`matches.demo_city`). Rows go in with explicit ids through
``talents.demo_city._copy`` (COPY on PostgreSQL, batched INSERTs on SQLite), at both scales.
"""

from __future__ import annotations

import datetime
import random
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from faker import Faker

from buurtinbloei.models import Buurt, Wijkteam
from buurtinbloei.permissions import Perm, users_with
from networks.models import Ontwikkelplaats, StudentHouse
from talents.demo_city import _copy, _next_id, _reset_sequence
from talents.models import (
    HelpTheme,
    Resident,
    ResidentStatus,
    ResidentTalent,
    SignUp,
    SignUpStatus,
    Talent,
)

from .models import (
    CheckIn,
    CheckInResult,
    CloseReason,
    Match,
    MatchEvent,
    MatchKind,
    MatchStatus,
    Outcome,
    Request,
    RequestSource,
    RequestStatus,
    StopReason,
)

#: Matches that started in the year before last and in the last year (the city grows into it).
STARTED_PER_YEAR = (960, 1040)
#: Matches of the last weeks that have not started (yet).
PENDING = 80
KIND_WEIGHTS = {MatchKind.RESIDENTS: 46, MatchKind.RESIDENT_PLACE: 46, MatchKind.PLACES: 8}
#: Share of matches made for a request (the rest from a suggestion for someone who offers).
REQUEST_SHARE = 0.8
#: Requests that never led to a match: closed ones over two years, open ones of the last month.
CLOSED_REQUESTS = 300
OPEN_REQUESTS = 70
#: Open requests waiting over 30 days, in a few buurten (the KPI "balance" flags those).
WAITING_BUURTEN = 3
WAITING_PER_BUURT = 4
#: How many demo verbinders' matches: the demo logins see a full dashboard.
DEMO_VERBINDER_SHARE = 0.4
RECENT_DEMO_VERBINDER_SHARE = 0.6

SOURCE_WEIGHTS = {RequestSource.SELF: 28, RequestSource.VERBINDER: 60, RequestSource.PARTNER: 12}
CLOSE_WEIGHTS = {
    CloseReason.SOLVED: 25,
    CloseReason.NOT_NEEDED: 30,
    CloseReason.NO_CONTACT: 20,
    CloseReason.NO_MATCH: 15,
    CloseReason.OTHER: 10,
}
STOP_WEIGHTS = {
    StopReason.NO_CLICK: 30,
    StopReason.TOO_HEAVY: 20,
    StopReason.HEALTH: 20,
    StopReason.MOVED: 10,
    StopReason.OTHER: 20,
}
#: Days from the start to the end: (low, high, mode) by kind, for completed and stopped matches.
DURATIONS = {
    (MatchKind.RESIDENTS, Outcome.COMPLETED): (14, 240, 45),
    (MatchKind.RESIDENTS, Outcome.STOPPED): (3, 120, 20),
    (MatchKind.RESIDENT_PLACE, Outcome.COMPLETED): (30, 365, 120),
    (MatchKind.RESIDENT_PLACE, Outcome.STOPPED): (7, 150, 30),
    (MatchKind.PLACES, Outcome.COMPLETED): (7, 365, 60),
    (MatchKind.PLACES, Outcome.STOPPED): (7, 120, 30),
}
COMPLETED_SHARE = 0.7

DESCRIPTIONS = [
    "Zoekt iemand voor: {talent}.",
    "Zou graag hulp krijgen met {talent}.",
    "Wil iemand in de buurt leren kennen voor {talent}.",
    "Vraag via de wijkverpleging: {talent}.",
    "Eens per week een uurtje {talent}.",
]
THEME_DESCRIPTIONS = {
    HelpTheme.COMPANY: "Woont alleen en zou graag af en toe samen koffie drinken.",
    HelpTheme.ODD_JOBS: "De tuin en een lekkende kraan worden te veel.",
    HelpTheme.PAPERWORK: "Snapt de brieven van de gemeente niet altijd.",
    HelpTheme.LANGUAGE: "Wil graag Nederlands oefenen in gewone gesprekken.",
    HelpTheme.COMPUTERS: "Loopt vast met DigiD en de bank-app.",
    HelpTheme.TRANSPORT: "Kan niet meer fietsen naar de supermarkt.",
    HelpTheme.OTHER: "Weet nog niet precies wat, wil graag meedoen in de buurt.",
}
PLACE_REQUESTS = [
    "Zoekt een ruimte voor de huiswerkklas op woensdagmiddag.",
    "Zoekt vrijwilligers die kunnen helpen met {talent}.",
    "Heeft materiaal nodig voor de buurtactiviteit.",
]
CLOSE_NOTES = [
    "",
    "",
    "",
    "Heeft het zelf met de buren geregeld.",
    "Verhuisd naar een andere stad.",
]
MATCH_NOTES = [
    "",
    "",
    "",
    "Kennismaking bij de koffieochtend in het buurthuis.",
    "Samen eerst een kop koffie bij de inwoner thuis.",
    "Afgesproken om het na een maand samen te bekijken.",
]
EVALUATIONS_GOOD = [
    "Gaat met plezier, voelt zich nuttig.",
    "Fijn contact, ze zien elkaar ook buiten de afspraken.",
    "Heeft veel geleerd en wil verder met de opleiding.",
]
EVALUATIONS_STOPPED = [
    "Het klikte niet, wil wel opnieuw gekoppeld worden.",
    "Werd te veel naast de mantelzorg.",
    "Is verhuisd; afscheid ging goed.",
    "Gezondheid liet het niet meer toe.",
]
CHECK_IN_NOTES = ["", "", "Wil graag een vaste dag.", "Even aandacht voor het vervoer."]
#: The contact person's answer to "hoe gaat het?" on the check-in link.
CONTACT_GOING = ["goed", "goed", "gaat wel", "moeizaam"]
CONTACT_NOTES = ["", "Komt trouw elke week.", "Kan wat meer begeleiding gebruiken."]

FAR = datetime.date.max
ELIGIBLE_STATUSES = (ResidentStatus.IN_CONVERSATION, ResidentStatus.ACTIVE, ResidentStatus.RESTING)


def seed(*, rng: random.Random, fake: Faker, stdout, scale: str = "demo") -> None:
    if Match.objects.exists() or Request.objects.exists():
        stdout.write("Matches exist already; no matches demo data added.")
    else:
        _seed_demo(rng=rng, stdout=stdout)
    if not Match.objects.filter(kind=MatchKind.HOUSE_RESIDENT).exists():
        _house_matches(rng=rng, stdout=stdout)
    if scale == "city":
        from .demo_city import seed_city

        seed_city(rng=rng, stdout=stdout)


def _seed_demo(*, rng: random.Random, stdout) -> None:
    today = timezone.localdate()
    world = World.load(rng, today=today, demo=True)
    if not world.by_team:
        stdout.write("No residents to match; no matches demo data added.")
        return
    started = [rng.randint(365, 729) for _ in range(STARTED_PER_YEAR[0])]
    started += [rng.randint(0, 364) for _ in range(STARTED_PER_YEAR[1])]
    pending = [int(rng.triangular(0, 45, 3)) for _ in range(PENDING)]
    plan = Plan(world, rng=rng)
    plan.matches(started, pending, request_share=REQUEST_SHARE)
    plan.open_and_closed(
        closed=CLOSED_REQUESTS,
        open_recent=OPEN_REQUESTS,
        waiting=(WAITING_BUURTEN, WAITING_PER_BUURT),
    )
    plan.write()
    stdout.write(
        f"Matches: {len(plan.match_rows)} matches ({plan.started} started in the last two "
        f"years), {len(plan.request_rows)} requests, {len(plan.event_rows)} status changes, "
        f"{len(plan.check_in_rows)} check-ins."
    )


# --- what the rows refer to ------------------------------------------------------------------


class World:
    """Residents, their talents, places and verbinders by wijkteam, as plain ids."""

    @classmethod
    def load(cls, rng: random.Random, *, today: datetime.date, demo: bool) -> World:
        world = cls()
        world.today = today
        world.demo = demo
        team_of_buurt = dict(Buurt.objects.values_list("pk", "wijk__wijkteam_id"))
        buurten_per_team = Counter(team_of_buurt.values())
        world.team_ids = list(Wijkteam.objects.order_by("pk").values_list("pk", flat=True))
        # Bigger teams (more buurten) make more matches; the small ones still a fair share.
        world.team_weights = [buurten_per_team[t] + 5 for t in world.team_ids]
        #: pk -> (wijkteam, buurt, may be in an active match now)
        world.resident: dict[int, tuple[int, int | None, bool]] = {}
        world.by_team: dict[int, list[int]] = defaultdict(list)
        rows = (
            Resident.objects.filter(status__in=ELIGIBLE_STATUSES)
            .order_by("pk")
            .values_list("pk", "buurt_id", "fallback_wijkteam_id", "status")
        )
        for pk, buurt, fallback, status in rows.iterator(chunk_size=20_000):
            team = team_of_buurt[buurt] if buurt else fallback
            if team is None:
                continue
            world.resident[pk] = (team, buurt, status != ResidentStatus.RESTING)
            world.by_team[team].append(pk)
        world.talents_of: dict[int, list[int]] = defaultdict(list)
        world.offers_by_team: dict[int, list[tuple[int, int]]] = defaultdict(list)
        links = ResidentTalent.objects.order_by("pk").values_list(
            "resident_id", "talent_id", "offered"
        )
        for resident, talent, offered in links.iterator(chunk_size=20_000):
            info = world.resident.get(resident)
            if info is None:
                continue
            world.talents_of[resident].append(talent)
            if offered:
                world.offers_by_team[info[0]].append((resident, talent))
        world.talented_by_team = {
            team: [r for r in pks if r in world.talents_of] for team, pks in world.by_team.items()
        }
        #: pk -> (wijkteam, buurt, places, open for new matches)
        world.place: dict[int, tuple[int, int, int, bool]] = {}
        world.places_by_team: dict[int, list[int]] = defaultdict(list)
        places = Ontwikkelplaats.objects.order_by("pk").values_list(
            "pk", "buurt_id", "places", "active", "reviewed", "organisation__reviewed"
        )
        for pk, buurt, capacity, active, reviewed, organisation_reviewed in places:
            team = team_of_buurt[buurt]
            world.place[pk] = (team, buurt, capacity, active and reviewed and organisation_reviewed)
            world.places_by_team[team].append(pk)
        world.place_talents: dict[int, list[int]] = defaultdict(list)
        through = Ontwikkelplaats.talents.through.objects.order_by("pk")
        for place, talent in through.values_list("ontwikkelplaats_id", "talent_id"):
            world.place_talents[place].append(talent)
        world.talent_names = dict(Talent.objects.values_list("pk", "name"))
        world.team_verbinders: dict[int, list[int]] = defaultdict(list)
        world.demo_verbinder: dict[int, int] = {}
        verbinders = users_with(Perm.WORK_IN_WIJKTEAMS).filter(is_active=True)
        for user in verbinders.order_by("pk").prefetch_related("wijkteams"):
            for team in user.wijkteams.all():
                world.team_verbinders[team.pk].append(user.pk)
                if user.email.startswith("verbinder."):
                    world.demo_verbinder[team.pk] = user.pk
        world.all_verbinders = sorted({pk for pks in world.team_verbinders.values() for pk in pks})
        world.partners = list(
            users_with(Perm.REFER_RESIDENTS)
            .filter(is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        # Sign-ups that asked for help and became a resident: a request "from the resident
        # themselves" links to one of these (only where a real sign-up exists).
        world.signups_of: dict[int, list[tuple[int, datetime.date, str, str]]] = defaultdict(list)
        world.signup_residents: dict[int, list[int]] = defaultdict(list)
        signups = (
            SignUp.objects.filter(
                wants_to_receive=True,
                resident__isnull=False,
                status__in=[SignUpStatus.TAKEN, SignUpStatus.DONE],
                request__isnull=True,
            )
            .order_by("pk")
            .values_list("pk", "resident_id", "created_at", "help_theme", "help_wanted")
        )
        for pk, resident, created_at, theme, text in signups.iterator(chunk_size=20_000):
            info = world.resident.get(resident)
            if info is not None:
                if resident not in world.signups_of:
                    world.signup_residents[info[0]].append(resident)
                world.signups_of[resident].append((pk, timezone.localdate(created_at), theme, text))
        return world

    def team_of_place(self, place: int) -> int:
        return self.place[place][0]


@dataclass(slots=True)
class _Fate:
    """A match's story before its sides are chosen."""

    kind: str
    team: int
    status: str
    proposed_on: datetime.date
    introduction_on: datetime.date | None = None
    planned_on: datetime.date | None = None
    agreed_on: datetime.date | None = None
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    outcome: str = ""


class Plan:
    """Chooses the sides of every match in the order they were proposed, keeping each
    resident's time (at most their maximum of matches at once), then makes the rows."""

    def __init__(self, world: World, *, rng: random.Random) -> None:
        self.world, self.rng, self.today = world, rng, world.today
        self.maximum = settings.MATCH_MAX_ACTIVE_PER_RESIDENT
        self.tz = timezone.get_current_timezone()
        self.now = timezone.now()
        self.slots: dict[int, list[datetime.date]] = {}
        self.active_count: Counter[int] = Counter()
        self.active_keys: set[tuple] = set()
        self.place_started: Counter[int] = Counter()
        self.used_signups: set[int] = set()
        self._load_active()
        self.request_id = _next_id(Request)
        self.match_id = _next_id(Match)
        self.event_id = _next_id(MatchEvent)
        self.check_in_id = _next_id(CheckIn)
        self.request_rows: list[tuple] = []
        self.match_rows: list[tuple] = []
        self.event_rows: list[tuple] = []
        self.check_in_rows: list[tuple] = []
        self.started = 0
        #: How many more requests may be made (None: no limit); the city fills to a target.
        self.request_budget: int | None = None

    def _load_active(self) -> None:
        """Matches already in the database (a second run at city scale) keep their sides."""
        active = Match.objects.active().values_list(
            "kind",
            "resident_a_id",
            "resident_b_id",
            "place_a_id",
            "place_b_id",
            "talent_id",
            "status",
        )
        for kind, a, b, place_a, place_b, talent, status in active.iterator(chunk_size=20_000):
            self.active_keys.add((kind, a or place_a, b or place_b, talent or 0))
            for resident in (a, b):
                if resident is not None:
                    self.active_count[resident] += 1
                    slots = self._slots(resident)
                    slots[slots.index(min(slots))] = FAR
            if kind == MatchKind.RESIDENT_PLACE and status == MatchStatus.STARTED:
                self.place_started[place_b] += 1

    # --- residents' time ---

    def _cap(self, resident: int) -> int:
        """The demo keeps most residents at one match at a time, so suggestions find people."""
        if self.world.demo:
            return self.maximum if resident % 4 == 0 else min(1, self.maximum)
        return self.maximum

    def _slots(self, resident: int) -> list[datetime.date]:
        slots = self.slots.get(resident)
        if slots is None:
            slots = self.slots[resident] = [datetime.date.min] * max(
                self._cap(resident), self.active_count[resident], 1
            )
        return slots

    def _fits(self, resident: int, start: datetime.date, active: bool) -> bool:
        if active and (
            not self.world.resident[resident][2]
            or self.active_count[resident] >= self._cap(resident)
        ):
            return False
        return min(self._slots(resident)) <= start

    def _book(self, resident: int, end: datetime.date | None) -> None:
        slots = self._slots(resident)
        i = slots.index(min(slots))
        slots[i] = FAR if end is None else max(slots[i], end)
        if end is None:
            self.active_count[resident] += 1

    def _pick(self, pool, start, active, key=lambda item: item, exclude=None):
        """A random free one from the pool; in the past, the least busy when none is free."""
        if not pool:
            return None
        rng, fallback, fallback_free = self.rng, None, FAR
        for _ in range(12):
            item = rng.choice(pool)
            resident = key(item)
            if resident == exclude:
                continue
            if self._fits(resident, start, active):
                return item
            free = min(self._slots(resident))
            if not active and free < fallback_free:
                fallback, fallback_free = item, free
        if len(pool) <= 3000:  # a demo's team: look at everyone, from a random one on
            offset = rng.randrange(len(pool))
            for i in range(len(pool)):
                item = pool[(offset + i) % len(pool)]
                if key(item) != exclude and self._fits(key(item), start, active):
                    return item
        return fallback

    # --- matches ---

    def _fates(self, started_days_ago: list[int], pending_days_ago: list[int]) -> list[_Fate]:
        rng, today, world = self.rng, self.today, self.world
        kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
        fates = []
        for days_ago in started_days_ago:
            kind = rng.choices(kinds, kind_weights)[0]
            team = rng.choices(world.team_ids, world.team_weights)[0]
            started = today - datetime.timedelta(days=days_ago)
            proposed = started - datetime.timedelta(days=int(rng.triangular(2, 35, 8)))
            fate = _Fate(kind, team, MatchStatus.STARTED, proposed, started_on=started)
            self._introduction(fate, until=started)
            fate.outcome = Outcome.COMPLETED if rng.random() < COMPLETED_SHARE else Outcome.STOPPED
            low, high, mode = DURATIONS[(kind, fate.outcome)]
            ended = started + datetime.timedelta(days=int(rng.triangular(low, high, mode)))
            if ended < today:
                fate.status, fate.ended_on = MatchStatus.ENDED, ended
            fates.append(fate)
        for days_ago in pending_days_ago:
            kind = rng.choices(kinds, kind_weights)[0]
            team = rng.choices(world.team_ids, world.team_weights)[0]
            proposed = today - datetime.timedelta(days=days_ago)
            fate = _Fate(kind, team, MatchStatus.PROPOSED, proposed)
            if days_ago >= 2 and rng.random() < 0.45:
                fate.status = MatchStatus.INTRODUCTION_PLANNED
                self._introduction(fate, until=today, planned_ahead=True)
            fates.append(fate)
        fates.sort(key=lambda f: f.proposed_on)
        return fates

    def _introduction(self, fate: _Fate, *, until, planned_ahead: bool = False) -> None:
        """Most matches start with an introduction; both sides say yes before contact details
        are exchanged (at the latest on the day it starts)."""
        rng = self.rng
        gap = (until - fate.proposed_on).days
        if planned_ahead or rng.random() < 0.85:
            fate.planned_on = fate.proposed_on + datetime.timedelta(
                days=rng.randint(1, max(1, gap // 3))
            )
            ahead = (
                rng.randint(1, 14)
                if planned_ahead
                else rng.randint(0, (until - fate.planned_on).days)
            )
            fate.introduction_on = fate.planned_on + datetime.timedelta(days=ahead)
            last = min(fate.introduction_on, until)
            if not planned_ahead or rng.random() < 0.5:
                fate.agreed_on = fate.planned_on + datetime.timedelta(
                    days=rng.randint(0, max(0, (last - fate.planned_on).days))
                )
        else:
            fate.agreed_on = fate.proposed_on + datetime.timedelta(days=rng.randint(0, gap))

    def matches(
        self, started_days_ago: list[int], pending_days_ago: list[int], *, request_share: float
    ) -> None:
        rng, today = self.rng, self.today
        for fate in self._fates(started_days_ago, pending_days_ago):
            source = None
            if rng.random() < request_share:
                source = self._source(None if fate.kind != MatchKind.PLACES else True)
            from_signup = source == RequestSource.SELF
            sides = self._sides(fate, from_signup=from_signup)
            if sides is None and fate.status == MatchStatus.STARTED:
                # Nobody is free to be in it today: in this story it ended a while ago.
                room = (today - fate.started_on).days - 1
                if room >= 1:
                    fate.status = MatchStatus.ENDED
                    fate.ended_on = fate.started_on + datetime.timedelta(days=rng.randint(1, room))
                    sides = self._sides(fate, from_signup=from_signup)
            if sides is None:
                continue
            self._add_match(fate, sides, source=source)

    def _other_team(self, team: int, same: float) -> int:
        if self.rng.random() < same:
            return team
        return self.rng.choices(self.world.team_ids, self.world.team_weights)[0]

    def _place_ok(self, place: int, fate: _Fate, active: bool) -> bool:
        _team, _buurt, capacity, open_ = self.world.place[place]
        if not active:
            return True
        if not open_:
            return False
        return fate.status != MatchStatus.STARTED or self.place_started[place] < capacity

    def _pick_place(self, pool, fate, active, *, exclude=None, talent=None):
        rng, found = self.rng, None
        for _ in range(12 if pool else 0):
            place = rng.choice(pool)
            if place == exclude or not self._place_ok(place, fate, active):
                continue
            if talent is None or talent in self.world.place_talents[place]:
                return place
            found = found or place
        return found

    def _sides(self, fate: _Fate, *, from_signup: bool = False):
        """(resident_a, resident_b, place_a, place_b, talent), or None when nobody fits.

        ``from_signup``: the request came from the public form, so the resident who asks is
        preferably one whose sign-up asked for help."""
        world, rng = self.world, self.rng
        active = fate.status != MatchStatus.ENDED
        start, end = fate.proposed_on, (None if active else fate.ended_on)
        if fate.kind == MatchKind.RESIDENTS:
            pool = world.offers_by_team[self._other_team(fate.team, 0.75)]
            offer = self._pick(pool, start, active, key=lambda o: o[0])
            if offer is None:
                return None
            b, talent = offer
            a = None
            if from_signup:
                a = self._pick(world.signup_residents[fate.team], start, active, exclude=b)
            if a is None:
                a = self._pick(world.by_team[fate.team], start, active, exclude=b)
            if a is None:
                return None
            key = (fate.kind, a, b, talent)
            if active and key in self.active_keys:
                return None
            self._book(a, end)
            self._book(b, end)
            sides = (a, b, None, None, talent)
        elif fate.kind == MatchKind.RESIDENT_PLACE:
            a = self._pick(world.talented_by_team.get(fate.team, []), start, active)
            if a is None:
                return None
            talent = rng.choice(world.talents_of[a])
            pool = world.places_by_team[self._other_team(fate.team, 0.8)]
            place = self._pick_place(pool, fate, active, talent=talent)
            if place is None:
                return None
            key = (fate.kind, a, place, talent)
            if active and key in self.active_keys:
                return None
            self._book(a, end)
            if active and fate.status == MatchStatus.STARTED:
                self.place_started[place] += 1
            sides = (a, None, None, place, talent)
        else:
            place_a = self._pick_place(world.places_by_team[fate.team], fate, active)
            pool = world.places_by_team[self._other_team(fate.team, 0.6)]
            place_b = self._pick_place(pool, fate, active, exclude=place_a)
            if place_a is None or place_b is None:
                return None
            offered = world.place_talents[place_b]
            talent = rng.choice(offered) if offered and rng.random() < 0.3 else None
            key = (fate.kind, place_a, place_b, talent or 0)
            if active and key in self.active_keys:
                return None
            sides = (None, None, place_a, place_b, talent)
        if active:
            self.active_keys.add(key)
        return sides

    def _team_of_side(self, resident: int | None, place: int | None) -> int:
        if resident is not None:
            return self.world.resident[resident][0]
        return self.world.team_of_place(place)

    def _verbinder(self, team: int, day: datetime.date) -> int | None:
        world, rng = self.world, self.rng
        demo = world.demo_verbinder.get(team)
        days_ago = (self.today - day).days
        share = DEMO_VERBINDER_SHARE if world.demo else 0.3
        if world.demo and days_ago < 120:
            share = RECENT_DEMO_VERBINDER_SHARE  # what is running now: on the demo logins
        recent = world.demo or days_ago < 45
        if demo and recent and rng.random() < share:
            return demo
        team_verbinders = world.team_verbinders.get(team) or world.all_verbinders
        return rng.choice(team_verbinders) if team_verbinders else None

    def _at(self, day: datetime.date, hour: int | None = None) -> datetime.datetime:
        at = datetime.datetime.combine(
            day,
            datetime.time(
                hour if hour is not None else self.rng.randint(9, 16), self.rng.randint(0, 59)
            ),
            tzinfo=self.tz,
        )
        return min(at, self.now)

    def _add_match(self, fate: _Fate, sides, *, source: str | None) -> None:
        rng = self.rng
        resident_a, resident_b, place_a, place_b, talent = sides
        team = self._team_of_side(resident_a, place_a)
        team_b = self._team_of_side(resident_b, place_b)
        verbinder = self._verbinder(team, fate.proposed_on)
        if verbinder is None:
            return
        pk = self.match_id
        self.match_id += 1
        request = None
        if self.request_budget is not None and len(self.request_rows) >= self.request_budget:
            source = None
        if source is not None:
            request = self._matched_request(
                fate, source, resident_a, place_a, talent, team, verbinder
            )
        follow_up = fate.proposed_on + datetime.timedelta(days=settings.MATCH_FOLLOW_UP_DAYS)
        if fate.agreed_on is None and fate.started_on is not None:
            fate.agreed_on = fate.started_on
        agreed_at = self._events(pk, fate, verbinder)
        evaluation_a = evaluation_b = ""
        stop_reason, continues = "", None
        if fate.status == MatchStatus.ENDED:
            if fate.outcome == Outcome.STOPPED:
                stop_reason = rng.choices(list(STOP_WEIGHTS), list(STOP_WEIGHTS.values()))[0]
                evaluation_a = rng.choice(EVALUATIONS_STOPPED)
                continues = False
            else:
                evaluation_a = rng.choice(EVALUATIONS_GOOD)
                continues = rng.random() < 0.6
            evaluation_b = rng.choice(EVALUATIONS_GOOD) if rng.random() < 0.7 else ""
        if fate.started_on is not None and fate.started_on > self.today - datetime.timedelta(
            days=730
        ):
            self.started += 1
        last_day = fate.ended_on or fate.started_on or fate.agreed_on or fate.planned_on
        self.match_rows.append(
            (
                pk,
                fate.kind,
                resident_a,
                resident_b,
                place_a,
                place_b,
                talent,
                request,
                verbinder,
                team,
                team_b if team_b != team else None,
                fate.status,
                fate.proposed_on,
                fate.introduction_on,
                fate.started_on,
                fate.ended_on,
                follow_up,
                agreed_at,
                rng.choice(MATCH_NOTES),
                fate.outcome if fate.status == MatchStatus.ENDED else "",
                stop_reason,
                evaluation_a,
                evaluation_b,
                continues,
                self._at(fate.proposed_on, 10),
                self._at(last_day or fate.proposed_on, 17),
            )
        )
        if fate.started_on is not None:
            self._check_ins(pk, fate, verbinder)

    def _events(self, match: int, fate: _Fate, verbinder: int) -> datetime.datetime | None:
        """Every status change (and the agreement of both sides), with who and when; returns
        when both sides agreed."""
        steps = [(MatchStatus.PROPOSED, "", fate.proposed_on, "")]
        if fate.planned_on is not None:
            note = f"Kennismaking op {fate.introduction_on:%d-%m-%Y}."
            steps.append((MatchStatus.INTRODUCTION_PLANNED, "", fate.planned_on, note))
        if fate.agreed_on is not None:
            status = MatchStatus.INTRODUCTION_PLANNED if fate.planned_on else MatchStatus.PROPOSED
            steps.append((status, "agreed", fate.agreed_on, ""))
        if fate.started_on is not None:
            steps.append((MatchStatus.STARTED, "", fate.started_on, ""))
        if fate.ended_on is not None:
            note = "Afgerond." if fate.outcome == Outcome.COMPLETED else "Gestopt."
            steps.append((MatchStatus.ENDED, "", fate.ended_on, note))
        steps.sort(key=lambda step: step[2])  # stable: same-day steps keep their order
        agreed_at = None
        for hour, (status, what, day, note) in enumerate(steps, start=9):
            at = self._at(day, hour)
            if what == "agreed":
                agreed_at = at
            self.event_rows.append((self.event_id, match, status, what, day, note, verbinder, at))
            self.event_id += 1
        return agreed_at

    def _check_ins(self, match: int, fate: _Fate, verbinder: int) -> None:
        rng, today = self.rng, self.today
        for weeks in settings.MATCH_CHECK_IN_WEEKS:
            due = fate.started_on + datetime.timedelta(weeks=weeks)
            if fate.ended_on is not None and due > fate.ended_on:
                break
            if fate.ended_on is not None:
                done = True  # an ended match leaves nothing on the dashboard
            elif due < today - datetime.timedelta(days=21):
                done = rng.random() < 0.95
            elif due <= today:
                done = rng.random() < 0.2  # due now: work for the dashboard
            else:
                done = False
            done_at, result, note, by = None, "", "", None
            going, attends, contact_note = "", None, ""
            if done:
                done_at = self._at(min(due + datetime.timedelta(days=rng.randint(0, 3)), today))
                if fate.kind == MatchKind.RESIDENT_PLACE and rng.random() < 0.35:
                    result = CheckInResult.CONTACT_PERSON
                    going = rng.choice(CONTACT_GOING)
                    attends = rng.random() < 0.85
                    contact_note = rng.choice(CONTACT_NOTES)
                else:
                    result = rng.choices(
                        [CheckInResult.GOING_WELL, CheckInResult.CONCERN, CheckInResult.NO_ANSWER],
                        [72, 13, 15],
                    )[0]
                    by = verbinder
                    note = rng.choice(CHECK_IN_NOTES) if result == CheckInResult.CONCERN else ""
            self.check_in_rows.append(
                (
                    self.check_in_id,
                    match,
                    due,
                    done_at,
                    result,
                    note,
                    by,
                    secrets.token_urlsafe(24),
                    going,
                    attends,
                    contact_note,
                )
            )
            self.check_in_id += 1

    # --- requests ---

    def _description(self, talent: int | None, theme: str, *, place: bool) -> str:
        name = self.world.talent_names.get(talent, "").lower() if talent else ""
        if place:
            return self.rng.choice(PLACE_REQUESTS).format(talent=name or "de activiteit")
        if talent:
            return self.rng.choice(DESCRIPTIONS).format(talent=name)
        return THEME_DESCRIPTIONS.get(theme, "")

    def _signup_for(self, resident: int, before: datetime.date):
        """A real sign-up of this resident that asked for help, if there is one."""
        for signup in self.world.signups_of.get(resident, ()):
            if signup[0] not in self.used_signups and signup[1] <= before:
                self.used_signups.add(signup[0])
                return signup
        return None

    def _request_row(
        self,
        *,
        resident,
        place,
        talent,
        team,
        source,
        status,
        created_on,
        verbinder,
        close_reason="",
        closed_on=None,
        signup=None,
        theme="",
    ) -> int:
        rng = self.rng
        pk = self.request_id
        self.request_id += 1
        buurt = self.world.resident[resident][1] if resident else self.world.place[place][1]
        referred_by = None
        created_by = verbinder
        if source == RequestSource.PARTNER:
            referred_by = created_by = rng.choice(self.world.partners)
        description = self._description(talent, theme, place=place is not None)
        if signup is not None:
            description = signup[3] or description
            theme = theme or signup[2]
        updated = closed_on or created_on
        self.request_rows.append(
            (
                pk,
                resident,
                place,
                talent,
                theme,
                description,
                buurt,
                team,
                source,
                status,
                close_reason,
                rng.choice(CLOSE_NOTES) if close_reason else "",
                referred_by,
                signup[0] if signup else None,
                None,
                created_by,
                created_on,
                closed_on,
                self._at(created_on, 9),
                self._at(updated, 16),
            )
        )
        return pk

    def _source(self, place) -> str:
        if place is not None:
            return RequestSource.VERBINDER
        source = self.rng.choices(list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values()))[0]
        if source == RequestSource.PARTNER and not self.world.partners:
            return RequestSource.VERBINDER
        return source

    def _matched_request(self, fate, source, resident, place, talent, team, verbinder) -> int:
        rng = self.rng
        created_on = fate.proposed_on - datetime.timedelta(days=int(rng.triangular(0, 60, 5)))
        signup = None
        if source == RequestSource.SELF and resident is not None:
            signup = self._signup_for(resident, before=fate.proposed_on)
            if signup is not None:
                created_on = min(
                    signup[1] + datetime.timedelta(days=rng.randint(0, 7)), fate.proposed_on
                )
        theme = ""
        if fate.kind == MatchKind.RESIDENTS and rng.random() < 0.2:
            theme = rng.choice(HelpTheme.values)
        return self._request_row(
            resident=resident,
            place=place,
            talent=None if theme else talent,
            team=team,
            source=source,
            status=RequestStatus.MATCHED,
            created_on=created_on,
            verbinder=verbinder,
            signup=signup,
            theme=theme,
        )

    def _asker(self, team: int, buurt: int | None = None):
        """(resident, place) asking in this wijkteam (or buurt)."""
        world, rng = self.world, self.rng
        if buurt is None and rng.random() < 0.15 and world.places_by_team[team]:
            return None, rng.choice(world.places_by_team[team])
        pool = world.by_team[team]
        if buurt is not None:
            pool = [r for r in pool if world.resident[r][1] == buurt and world.resident[r][2]]
        return (rng.choice(pool), None) if pool else (None, None)

    def _unmatched_request(self, *, team, created_on, status, buurt=None, closed_on=None):
        rng, world = self.rng, self.world
        resident, place = self._asker(team, buurt)
        if resident is None and place is None:
            return
        if (
            resident is not None
            and status == RequestStatus.OPEN
            and not world.resident[resident][2]
        ):
            return  # a resting resident asks nothing new
        talent = None
        theme = ""
        offers = world.offers_by_team[team]
        if place is not None:
            talent = rng.choice(world.place_talents[place]) if world.place_talents[place] else None
        elif rng.random() < 0.75 and offers:
            talent = rng.choice(offers)[1]
        else:
            theme = rng.choice(HelpTheme.values)
        verbinder = self._verbinder(team, created_on)
        close_reason = ""
        if status == RequestStatus.CLOSED:
            close_reason = rng.choices(list(CLOSE_WEIGHTS), list(CLOSE_WEIGHTS.values()))[0]
        self._request_row(
            resident=resident,
            place=place,
            talent=talent,
            team=team,
            source=self._source(place),
            status=status,
            created_on=created_on,
            verbinder=verbinder,
            close_reason=close_reason,
            closed_on=closed_on,
            theme=theme,
        )

    def open_and_closed(self, *, closed: int, open_recent: int, waiting: tuple[int, int]) -> None:
        """Requests that did not (yet) lead to a match."""
        rng, today, world = self.rng, self.today, self.world
        teams = [t for t in world.team_ids if world.by_team.get(t)]
        weights = [world.team_weights[world.team_ids.index(t)] for t in teams]
        if not teams:
            return
        for _ in range(closed):
            team = rng.choices(teams, weights)[0]
            created = today - datetime.timedelta(days=rng.randint(40, 730))
            closed_on = min(created + datetime.timedelta(days=rng.randint(7, 90)), today)
            self._unmatched_request(
                team=team, created_on=created, status=RequestStatus.CLOSED, closed_on=closed_on
            )
        for _ in range(open_recent):
            team = rng.choices(teams, weights)[0]
            created = today - datetime.timedelta(days=int(rng.triangular(0, 28, 2)))
            self._unmatched_request(team=team, created_on=created, status=RequestStatus.OPEN)
        buurten = sorted(
            {(info[0], info[1]) for info in world.resident.values() if info[1] and info[2]}
        )
        count, per_buurt = waiting
        for team, buurt in rng.sample(buurten, k=min(count, len(buurten))):
            for _ in range(per_buurt):
                created = today - datetime.timedelta(days=rng.randint(32, 120))
                self._unmatched_request(
                    team=team, created_on=created, status=RequestStatus.OPEN, buurt=buurt
                )

    # --- writing ---

    def write(self) -> None:
        _write(Request, REQUEST_COLUMNS, self.request_rows)
        _write(Match, MATCH_COLUMNS, self.match_rows)
        _write(MatchEvent, EVENT_COLUMNS, self.event_rows)
        _write(CheckIn, CHECK_IN_COLUMNS, self.check_in_rows)
        for model in (Request, Match, MatchEvent, CheckIn):
            _reset_sequence(model)
        update_places_taken()


def _write(model, columns, rows: list[tuple], batch: int = 5000) -> None:
    """COPY on PostgreSQL (``talents.demo_city._copy``); on SQLite batched INSERTs with the
    dates and times adapted here (``_copy`` looks the connection's operations up for every
    value, which would be most of the demo's time)."""
    if connection.vendor != "sqlite":
        _copy(model, columns, rows)
        return
    ops = connection.ops
    adapt = {
        datetime.datetime: ops.adapt_datetimefield_value,
        datetime.date: ops.adapt_datefield_value,
    }
    names = ", ".join(ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Table and column names come from the models, never from input.
    sql = f"INSERT INTO {model._meta.db_table} ({names}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for first in range(0, len(rows), batch):
            cursor.executemany(
                sql,
                [
                    [adapt[type(v)](v) if type(v) in adapt else v for v in row]
                    for row in rows[first : first + batch]
                ],
            )


def update_places_taken() -> None:
    """An ontwikkelplaats's places taken: its started matches with a resident."""
    started = (
        Match.objects.filter(
            place_b=OuterRef("pk"), kind=MatchKind.RESIDENT_PLACE, status=MatchStatus.STARTED
        )
        .order_by()
        .values("place_b")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Ontwikkelplaats.objects.update(places_taken=Coalesce(Subquery(started), Value(0)))


REQUEST_COLUMNS = (
    "id",
    "resident_id",
    "ontwikkelplaats_id",
    "talent_id",
    "help_theme",
    "description",
    "buurt_id",
    "wijkteam_id",
    "source",
    "status",
    "close_reason",
    "close_note",
    "referred_by_id",
    "signup_id",
    "conversation_id",
    "created_by_id",
    "created_on",
    "closed_on",
    "created_at",
    "updated_at",
)
MATCH_COLUMNS = (
    "id",
    "kind",
    "resident_a_id",
    "resident_b_id",
    "place_a_id",
    "place_b_id",
    "talent_id",
    "request_id",
    "verbinder_id",
    "wijkteam_id",
    "wijkteam_b_id",
    "status",
    "proposed_on",
    "introduction_on",
    "started_on",
    "ended_on",
    "follow_up_on",
    "both_agreed_at",
    "note",
    "outcome",
    "stop_reason",
    "evaluation_a",
    "evaluation_b",
    "continues_on_own",
    "created_at",
    "updated_at",
)
EVENT_COLUMNS = ("id", "match_id", "status", "what", "date", "note", "by_id", "at")
CHECK_IN_COLUMNS = (
    "id",
    "match_id",
    "due_on",
    "done_at",
    "result",
    "note",
    "by_id",
    "key",
    "going",
    "attends",
    "contact_note",
)


# --- matches with student houses ---------------------------------------------------------------

#: Share of the demo's student houses that have a match (some started, some only proposed).
HOUSE_MATCH_SHARE = 0.5


def _house_matches(*, rng: random.Random, stdout) -> None:
    """A request of a nearby resident for a talent the house offers, and its match, by the
    demo's rules: a resident in fewer than MATCH_MAX_ACTIVE_PER_RESIDENT active matches, every
    step recorded, both sides agreed before the start; a started one records two or three
    members who went (issue 15)."""
    today = timezone.localdate()
    follow_up = datetime.timedelta(days=settings.MATCH_FOLLOW_UP_DAYS)
    houses = list(
        StudentHouse.objects.filter(active=True)
        .select_related("buurt__wijk")
        .prefetch_related("talents", "members")
        .order_by("pk")
    )
    verbinders: dict[int, list] = defaultdict(list)
    for user in users_with(Perm.WORK_IN_WIJKTEAMS).prefetch_related("wijkteams").order_by("pk"):
        for team in user.wijkteams.all():
            verbinders[team.pk].append(user)
    busy = Counter()
    for a, b in Match.objects.active().values_list("resident_a", "resident_b"):
        busy.update(r for r in (a, b) if r)
    made = started = 0
    for house in houses:
        talents = list(house.talents.all())
        members = [m for m in house.members.all() if m.active]
        team = house.buurt.wijk.wijkteam_id
        if not talents or not members or not verbinders[team] or rng.random() > HOUSE_MATCH_SHARE:
            continue
        nearby = [
            pk
            for pk in Resident.objects.filter(
                buurt__wijk=house.buurt.wijk,
                status__in=[ResidentStatus.IN_CONVERSATION, ResidentStatus.ACTIVE],
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:200]
            if busy[pk] < settings.MATCH_MAX_ACTIVE_PER_RESIDENT
        ]
        if not nearby:
            continue
        resident = Resident.objects.select_related("buurt").get(pk=rng.choice(nearby))
        busy[resident.pk] += 1
        talent = rng.choice(talents)
        verbinder = rng.choice(verbinders[team])
        is_started = rng.random() < 0.7
        # Pending ones are recent (the demo's rule: older proposals have started or ended).
        proposed = today - datetime.timedelta(
            days=rng.randint(20, 200) if is_started else rng.randint(1, 30)
        )
        agreed_on = proposed + datetime.timedelta(days=rng.randint(1, 6))
        request = Request.objects.create(
            resident=resident,
            talent=talent,
            description=f"Iemand die kan helpen: {talent.name.lower()}.",
            buurt=resident.buurt,
            wijkteam_id=team,
            source=RequestSource.VERBINDER,
            status=RequestStatus.MATCHED,
            created_by=verbinder,
            created_on=proposed - datetime.timedelta(days=rng.randint(1, 20)),
        )
        match = Match.objects.create(
            kind=MatchKind.HOUSE_RESIDENT,
            resident_a=resident,
            house_b=house,
            talent=talent,
            request=request,
            verbinder=verbinder,
            wijkteam_id=team,
            status=MatchStatus.STARTED if is_started else MatchStatus.PROPOSED,
            proposed_on=proposed,
            started_on=agreed_on + datetime.timedelta(days=7) if is_started else None,
            both_agreed_at=(
                timezone.make_aware(datetime.datetime.combine(agreed_on, datetime.time(11)))
                if is_started
                else None
            ),
            follow_up_on=proposed + follow_up,
        )
        events = [MatchEvent(match=match, status=MatchStatus.PROPOSED, date=proposed, by=verbinder)]
        if is_started:
            events += [
                MatchEvent(
                    match=match,
                    status=MatchStatus.PROPOSED,
                    what="agreed",
                    date=agreed_on,
                    by=verbinder,
                ),
                MatchEvent(
                    match=match, status=MatchStatus.STARTED, date=match.started_on, by=verbinder
                ),
            ]
            match.house_members.set(rng.sample(members, k=min(len(members), rng.randint(2, 3))))
            started += 1
        MatchEvent.objects.bulk_create(events)
        made += 1
    stdout.write(f"Student house matches: {made} ({started} started, with who went).")
