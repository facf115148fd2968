"""The KPI figures (issue 12), exactly as DESIGN.md's "KPI definitions" say, as aggregate queries.

Every figure is a ``COUNT``/``SUM``/median over the database, grouped where a table needs rows
(by kind, month, wijkteam, buurt): the number of queries does not grow with the data, and no
Python loop walks over matches or residents. The only loops here run over months of the period
and over the reference geography (8 wijkteams, 19 wijken, 110 buurten).

Attribution, decided once for every figure:

- **Matches** count on the day they start (``started_on``; status ``started``, or ``ended``
  after having started: a match that started and was stopped still started). A proposal that
  never starts never counts. A match counts for the wijkteam stored on it when it was made, its
  first side's (``Match.wijkteam``). When a buurt later moves to another wijkteam, matches made
  before stay with the team that made them and whose target they were made against; the
  history does not change when the map is redrawn. A match has no stored wijk: the wijk filter
  and the table per wijk use the first side's buurt as it is now.
- **Snapshots of today** (open requests, balance, core teams) follow today's geography: the
  wijkteam filter means the buurten the wijkteam has now. Open requests by age follow the
  wijkteam stored on the request, like the request list does.
- The **kind** filter applies to the match figures; requests, balance, the funnel, core teams
  and activities have no match kind.
- An **anonymised** resident keeps their rows (erasure replaces names, not counts), so their
  matches, sign-ups and conversations count like anyone else's.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db import NotSupportedError, connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    FloatField,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtinbloei.models import Buurt, Wijk, Wijkteam
from networks.models import (
    ACTIVE_TEAM_SIZE,
    Activity,
    ActivityStatus,
    CoreTeam,
    CoreTeamMember,
    Stage,
)
from talents.models import Conversation, Resident, ResidentStatus, ResidentTalent, SignUp

from .models import ACTIVE_STATUSES, Match, MatchKind, MatchStatus, Request, RequestStatus

#: A match that has started, whether it still runs or has ended since.
COUNTED_STATUSES = (MatchStatus.STARTED, MatchStatus.ENDED)
#: Offers outnumber requests by this much (or more) in a flagged buurt.
BALANCE_RATIO = 3
#: A request open longer than this many days flags its buurt.
WAITING_DAYS = 30
#: Open requests by age: (label, from days, to days inclusive; None = no upper bound).
AGE_BANDS = (
    ("0_7", _("0 tot en met 7 dagen"), 0, 7),
    ("8_30", _("8 tot en met 30 dagen"), 8, 30),
    ("31_90", _("31 tot en met 90 dagen"), 31, 90),
    ("91_", _("meer dan 90 dagen"), 91, None),
)
#: Exports for outside the organisation show buurt-level counts below this as "<5".
SMALL_CELL = 5
#: The balance chart shows the buurten with the largest gap, at most this many (the table all).
BALANCE_CHART_ROWS = 20


# --- the filters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class KpiFilters:
    period: Period
    wijkteam: Wijkteam | None = None
    wijk: Wijk | None = None
    kind: str = ""

    @property
    def kind_label(self) -> str:
        return str(MatchKind(self.kind).label) if self.kind else ""

    def described(self) -> list[tuple[str, str]]:
        """The period and filters in words, for the page's heading and the exports."""
        return [
            (str(_("Periode")), self.period.label),
            (str(_("Van")), self.period.start.isoformat()),
            (str(_("Tot en met")), self.period.end.isoformat()),
            (str(_("Wijkteam")), self.wijkteam.name if self.wijkteam else str(_("Heel Eindhoven"))),
            (str(_("Wijk")), self.wijk.name if self.wijk else str(_("Alle wijken"))),
            (str(_("Soort match")), self.kind_label or str(_("Alle soorten"))),
        ]


def pro_rata(yearly: float, start: datetime.date, end: datetime.date) -> float:
    """The part of a yearly target that falls in ``start``..``end`` (inclusive), day by day:
    each calendar year's days count for their own year's length (365 or 366)."""
    total = 0.0
    day = start
    while day <= end:
        stop = min(end, datetime.date(day.year, 12, 31))
        year_days = 366 if calendar.isleap(day.year) else 365
        total += yearly * ((stop - day).days + 1) / year_days
        day = stop + datetime.timedelta(days=1)
    return total


def months_in(period: Period) -> list[tuple[datetime.date, datetime.date, datetime.date]]:
    """(first of the month, start, end) for each month the period touches, clipped to it."""
    months = []
    first = period.start.replace(day=1)
    while first <= period.end:
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        months.append((first, max(first, period.start), min(last, period.end)))
        first = last + datetime.timedelta(days=1)
    return months


# --- the links to the lists behind the figures -------------------------------------------------

#: The lists' URL names and the query parameters they understand (the contract with issue 11).
LIST_URL_NAMES = {"matches": "matches:match-list", "requests": "matches:request-list"}


def kpi_list_url(
    which: str, filters: KpiFilters | None = None, *, _paths: dict | None = None, **override
) -> str | None:
    """The list behind a figure, with the same filters; None while that list does not exist.

    ``which`` is "matches" (started matches:
    ``/matches/?period=started&date_from=…&date_to=…&wijkteam=…&wijk=…&kind=…``) or
    "requests" (open requests: ``/hulpvragen/?status=open&wijkteam=…&wijk=…&buurt=…``).
    ``override`` replaces or adds parameters (a month's dates, a row's wijkteam); a value of
    None drops the parameter.
    """
    path = _list_path(which) if _paths is None else _paths.setdefault(which, _list_path(which))
    if path is None:
        return None
    params: dict[str, object] = {}
    if which == "matches":
        # Started in the period, whatever became of it since: the list's start-date period.
        params["period"] = "started"
        if filters is not None:
            params["date_from"] = filters.period.start.isoformat()
            params["date_to"] = filters.period.end.isoformat()
    else:
        params["status"] = RequestStatus.OPEN.value
    if filters is not None:
        if filters.wijkteam is not None:
            params["wijkteam"] = filters.wijkteam.pk
        if filters.wijk is not None:
            params["wijk"] = filters.wijk.pk
        if which == "matches" and filters.kind:
            params["kind"] = filters.kind
    for key, value in override.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value.isoformat() if isinstance(value, datetime.date) else value
    return f"{path}?{urlencode(params)}"


def _list_path(which: str) -> str | None:
    try:
        return reverse(LIST_URL_NAMES[which])
    except NoReverseMatch:
        return None


# --- SQL helpers -------------------------------------------------------------------------------


class DaysBetween(Func):
    """Whole days from the second date to the first, in SQL."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        # PostgreSQL: date - date is an integer number of days.
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(ROUND(julianday(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - julianday(",
        )


class Median(Aggregate):
    """PostgreSQL's ``percentile_cont(0.5)``; other databases use :func:`median_of`'s fallback."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        raise NotSupportedError("SQLite has no percentile_cont; use median_of()")


def median_of(queryset: QuerySet, expression) -> float | None:
    """The median of ``expression`` over ``queryset``, computed by the database.

    PostgreSQL: one ``percentile_cont`` aggregate. Elsewhere (SQLite): count the rows, then
    fetch only the middle one or two values in order (``LIMIT 2 OFFSET (n-1)/2``); two small
    queries, never all the rows.
    """
    if connection.vendor == "postgresql":
        return queryset.aggregate(median=Median(expression))["median"]
    n = queryset.count()
    if not n:
        return None
    ordered = (
        queryset.annotate(_value=expression).order_by("_value").values_list("_value", flat=True)
    )
    middle = (n - 1) // 2
    values = list(ordered[middle : middle + (1 if n % 2 else 2)])
    return sum(values) / len(values)


def _buurt_ids(filters: KpiFilters, geography: Geography) -> list[int] | None:
    """The buurten the wijkteam and wijk filters select today; None: the whole city."""
    if filters.wijk is not None:
        return [b.pk for b in geography.buurten.values() if b.wijk_id == filters.wijk.pk]
    if filters.wijkteam is not None:
        return [
            b.pk
            for b in geography.buurten.values()
            if geography.wijken[b.wijk_id].wijkteam_id == filters.wijkteam.pk
        ]
    return None


# --- the geography, read once --------------------------------------------------------------------


@dataclass
class Geography:
    wijkteams: dict[int, Wijkteam]
    wijken: dict[int, Wijk]
    buurten: dict[int, Buurt]

    @classmethod
    def load(cls) -> Geography:
        wijkteams = {t.pk: t for t in Wijkteam.objects.order_by("name")}
        wijken = {w.pk: w for w in Wijk.objects.order_by("name")}
        buurten = {b.pk: b for b in Buurt.objects.order_by("name")}
        return cls(wijkteams, wijken, buurten)


# --- the figures -------------------------------------------------------------------------------


def started_matches(filters: KpiFilters, geography: Geography | None = None) -> QuerySet:
    """The matches that count for these filters: started in the period (DESIGN.md)."""
    period = filters.period
    matches = Match.objects.filter(
        status__in=COUNTED_STATUSES, started_on__gte=period.start, started_on__lte=period.end
    )
    if filters.wijkteam is not None:
        matches = matches.filter(wijkteam_id=filters.wijkteam.pk)
    if filters.wijk is not None:
        ids = _buurt_ids(KpiFilters(period, wijk=filters.wijk), geography or Geography.load())
        matches = matches.filter(Q(resident_a__buurt_id__in=ids) | Q(place_a__buurt_id__in=ids))
    if filters.kind:
        matches = matches.filter(kind=filters.kind)
    return matches


@dataclass
class Row:
    """One row of a figure's table (and bar of its chart)."""

    label: str
    value: float | int | None
    target: float | None = None
    url: str | None = None
    key: object = None
    extra: dict = field(default_factory=dict)
    #: Where the list behind the row is; turned into ``url`` for a viewer by attach_links().
    link: LinkSpec | None = None


@dataclass(frozen=True)
class LinkSpec:
    which: str
    wijkteam_id: int | None = None
    buurt_id: int | None = None
    override: tuple = ()


@dataclass
class Figures:
    filters: KpiFilters
    today: datetime.date
    started: int = 0
    target: float | None = None
    target_to_date: float | None = None
    by_kind: list[Row] = field(default_factory=list)
    by_month: list[Row] = field(default_factory=list)
    by_wijkteam: list[Row] = field(default_factory=list)
    by_wijk: list[Row] = field(default_factory=list)
    median_days: float | None = None
    with_request: int = 0
    funnel: list[Row] = field(default_factory=list)
    open_requests: int = 0
    open_by_age: list[Row] = field(default_factory=list)
    balance: list[Row] = field(default_factory=list)
    givers: int = 0
    receivers: int = 0
    reciprocal: int = 0
    core_teams: list[Row] = field(default_factory=list)
    core_teams_total: int = 0
    core_teams_active: int = 0
    activities: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    urls: dict = field(default_factory=dict)
    computed_at: datetime.datetime | None = None

    @property
    def target_share(self) -> int | None:
        if not self.target:
            return None
        return round(100 * self.started / self.target)

    @property
    def flagged(self) -> list[Row]:
        return [row for row in self.balance if row.extra["flagged"]]


def compute(filters: KpiFilters, *, today: datetime.date | None = None) -> Figures:
    """Every figure of the dashboard for these filters (the same for every viewer: links are
    added per viewer by :func:`attach_links`)."""
    today = today or timezone.localdate()
    geography = Geography.load()
    figures = Figures(filters=filters, today=today, computed_at=timezone.now())

    def link(which, wijkteam_id=None, buurt_id=None, **override):
        return LinkSpec(which, wijkteam_id, buurt_id, tuple(override.items()))

    _match_figures(figures, geography, link)
    _funnel(figures, geography)
    _activities(figures, geography)
    _snapshot(figures, geography, link, today)
    figures.links["requests"] = link(
        "requests", wijkteam_id=filters.wijkteam.pk if filters.wijkteam else None
    )
    return figures


#: The figures of today that do not depend on the period or the kind.
SNAPSHOT_FIELDS = (
    "open_requests",
    "open_by_age",
    "balance",
    "core_teams",
    "core_teams_total",
    "core_teams_active",
)


def _snapshot(figures: Figures, geography: Geography, link, today: datetime.date) -> None:
    """Open requests, balance and kernteams: today's state, the same for every period and
    kind, so they are kept per wijkteam, wijk and day (choosing another period does not
    compute them again)."""
    from django.core.cache import cache

    filters = figures.filters
    key = None
    if cache_seconds() > 0:
        key = cache_key(
            KpiFilters(Period(today, today, "snapshot"), filters.wijkteam, filters.wijk),
            today,
            "snapshot",
        )
        kept = cache.get(key)
        if kept is not None:
            for name in SNAPSHOT_FIELDS:
                setattr(figures, name, kept[name])
            return
    _open_requests(figures, geography, link, today)
    _balance(figures, geography, link, today)
    _core_teams(figures, geography)
    if key is not None:
        cache.set(key, {name: getattr(figures, name) for name in SNAPSHOT_FIELDS}, cache_seconds())


def attach_links(figures: Figures, allowed) -> Figures:
    """Give each figure the URL of the list behind it where ``allowed(which, wijkteam_id=…,
    buurt_id=…)`` says the viewer may follow it (None: nowhere); the lists check access again."""

    paths: dict[str, str | None] = {}  # each list's path, reversed once

    def url(spec: LinkSpec | None) -> str | None:
        if spec is None or allowed is None:
            return None
        if spec.which not in paths:
            paths[spec.which] = _list_path(spec.which)
        if paths[spec.which] is None:
            return None
        if not allowed(spec.which, wijkteam_id=spec.wijkteam_id, buurt_id=spec.buurt_id):
            return None
        return kpi_list_url(spec.which, figures.filters, _paths=paths, **dict(spec.override))

    rows = figures.by_kind + figures.by_month + figures.by_wijkteam + figures.by_wijk
    for row in rows + figures.balance:
        row.url = url(row.link)
    figures.urls = {name: url(spec) for name, spec in figures.links.items()}
    return figures


#: Figures are kept this long (seconds) per filter combination and day: at city scale they
#: take seconds to compute, and a dashboard is read far more often than the data changes.
def cache_seconds() -> int:
    return settings.KPI_CACHE_SECONDS


def cache_key(filters: KpiFilters, today: datetime.date, *extra) -> str:
    """The key under which these filters' figures (and what is drawn from them) are kept."""
    from django.utils.translation import get_language

    parts = "|".join(
        str(part)
        for part in (
            filters.period.start,
            filters.period.end,
            filters.period.label,
            filters.wijkteam.pk if filters.wijkteam else "-",
            filters.wijk.pk if filters.wijk else "-",
            filters.kind or "-",
            today,
            get_language(),
            *extra,
        )
    )
    return "kpi:" + hashlib.sha256(parts.encode()).hexdigest()


def cached(filters: KpiFilters, *, today: datetime.date | None = None) -> Figures:
    """:func:`compute`, kept in the cache for ``KPI_CACHE_SECONDS`` (0: always fresh)."""
    from django.core.cache import cache

    today = today or timezone.localdate()
    seconds = cache_seconds()
    if seconds <= 0:
        return compute(filters, today=today)
    key = cache_key(filters, today)
    figures = cache.get(key)
    if figures is None:
        figures = compute(filters, today=today)
        cache.set(key, figures, seconds)
    return figures


def _match_figures(figures: Figures, geography: Geography, link) -> None:
    filters = figures.filters
    period = filters.period
    matches = started_matches(filters, geography)
    residents = Q(kind=MatchKind.RESIDENTS)
    totals = matches.aggregate(
        total=Count("pk"),
        givers=Count("resident_b", distinct=True, filter=residents),
        receivers=Count("resident_a", distinct=True, filter=residents),
        with_request=Count("pk", filter=Q(request__isnull=False)),
        **{kind.value: Count("pk", filter=Q(kind=kind)) for kind in MatchKind},
    )
    figures.started = totals["total"]
    team_id = filters.wijkteam.pk if filters.wijkteam else None
    figures.links["started"] = link("matches", wijkteam_id=team_id)
    figures.by_kind = [
        Row(str(kind.label), totals[kind.value], link=link("matches", team_id, kind=kind.value))
        for kind in MatchKind
        if not filters.kind or filters.kind == kind
    ]
    figures.givers, figures.receivers = totals["givers"], totals["receivers"]
    figures.reciprocal = (
        matches.filter(
            residents,
            resident_b_id__in=matches.filter(residents).values("resident_a_id"),
        )
        .values("resident_b_id")
        .distinct()
        .count()
    )
    # The target: the yearly one pro rata; it covers every kind together and has no wijk part.
    yearly = None
    if not filters.wijk and not filters.kind:
        teams = [filters.wijkteam] if filters.wijkteam else list(geography.wijkteams.values())
        yearly = sum(t.yearly_match_target for t in teams)
        figures.target = pro_rata(yearly, period.start, period.end)
        if period.contains(figures.today):
            figures.target_to_date = pro_rata(yearly, period.start, figures.today)
    # Per month.
    per_month = dict(
        matches.annotate(month=TruncMonth("started_on"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    per_month = {_as_date(k): v for k, v in per_month.items()}
    figures.by_month = [
        Row(
            _month_label(first),
            per_month.get(first, 0),
            target=pro_rata(yearly, start, end) if yearly is not None else None,
            link=link("matches", team_id, date_from=start, date_to=end),
            key=first,
        )
        for first, start, end in months_in(period)
    ]
    # Per wijkteam (stored on the match), with each team's own target.
    per_team = dict(matches.order_by().values_list("wijkteam_id").annotate(n=Count("pk")))
    teams = [filters.wijkteam] if filters.wijkteam else list(geography.wijkteams.values())
    figures.by_wijkteam = [
        Row(
            team.name,
            per_team.get(team.pk, 0),
            target=(
                pro_rata(team.yearly_match_target, period.start, period.end)
                if not filters.wijk and not filters.kind
                else None
            ),
            link=link("matches", team.pk, wijkteam=team.pk),
            key=team.pk,
        )
        for team in teams
    ]
    # Per wijk: the first side's buurt as it is now, summed per wijk.
    per_buurt = (
        matches.annotate(buurt=Coalesce("resident_a__buurt_id", "place_a__buurt_id"))
        .order_by()
        .values_list("buurt")
        .annotate(n=Count("pk"))
    )
    per_wijk: dict[int | None, int] = {}
    for buurt_id, n in per_buurt:
        wijk_id = geography.buurten[buurt_id].wijk_id if buurt_id else None
        per_wijk[wijk_id] = per_wijk.get(wijk_id, 0) + n
    figures.by_wijk = [
        Row(wijk.name, per_wijk[wijk.pk], link=link("matches", team_id, wijk=wijk.pk), key=wijk.pk)
        for wijk in geography.wijken.values()
        if wijk.pk in per_wijk
    ]
    if None in per_wijk:
        figures.by_wijk.append(Row(str(_("buurt onbekend")), per_wijk[None]))
    # Time to match: days from the request to the start, over the matches made for a request.
    figures.with_request = totals["with_request"]
    figures.median_days = median_of(
        matches.filter(request__isnull=False),
        DaysBetween("started_on", "request__created_on"),
    )


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


MONTHS = (
    _("jan"),
    _("feb"),
    _("mrt"),
    _("apr"),
    _("mei"),
    _("jun"),
    _("jul"),
    _("aug"),
    _("sep"),
    _("okt"),
    _("nov"),
    _("dec"),
)


def _month_label(first: datetime.date) -> str:
    return f"{MONTHS[first.month - 1]} {first.year}"


def _day_bounds(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as aware datetimes [start, day after end) in the site's time zone."""
    start = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min)
    )
    return start, end


def _funnel(figures: Figures, geography: Geography) -> None:
    """Sign-ups received in the period, and of them: the ones whose resident has had a
    conversation, and of those the ones who also have a started match (by now)."""
    filters = figures.filters
    start, end = _day_bounds(filters.period)
    signups = SignUp.objects.filter(created_at__gte=start, created_at__lt=end)
    ids = _buurt_ids(filters, geography)
    if ids is not None:
        signups = signups.filter(buurt_id__in=ids)
    talked = Exists(Conversation.objects.filter(resident_id=OuterRef("resident_id")))
    # Two EXISTS, one per side, so that each probes its own index (an OR would not).
    counted = Match.objects.filter(status__in=COUNTED_STATUSES)
    as_a = Exists(counted.filter(resident_a_id=OuterRef("resident_id")))
    as_b = Exists(counted.filter(resident_b_id=OuterRef("resident_id")))
    counts = signups.annotate(has_talked=talked, as_a=as_a, as_b=as_b).aggregate(
        signups=Count("pk"),
        talked=Count("pk", filter=Q(has_talked=True)),
        matched=Count("pk", filter=Q(has_talked=True) & (Q(as_a=True) | Q(as_b=True))),
    )
    figures.funnel = [
        Row(str(_("Aanmeldingen")), counts["signups"], key="signups"),
        Row(str(_("Eerste gesprek")), counts["talked"], key="talked"),
        Row(str(_("Eerste match")), counts["matched"], key="matched"),
    ]


def _open_requests(figures: Figures, geography: Geography, link, today: datetime.date) -> None:
    """Requests open today, by how long they have waited (the wijkteam stored on them)."""
    filters = figures.filters
    requests = Request.objects.filter(status=RequestStatus.OPEN)
    if filters.wijkteam is not None:
        requests = requests.filter(wijkteam_id=filters.wijkteam.pk)
    if filters.wijk is not None:
        requests = requests.filter(buurt_id__in=_buurt_ids(filters, geography))

    def band(low, high) -> Q:
        q = Q(created_on__lte=today - datetime.timedelta(days=low))
        if high is not None:
            q &= Q(created_on__gte=today - datetime.timedelta(days=high))
        return q

    counts = requests.aggregate(
        total=Count("pk"),
        **{key: Count("pk", filter=band(low, high)) for key, _label, low, high in AGE_BANDS},
    )
    figures.open_requests = counts["total"]
    figures.open_by_age = [
        Row(str(label), counts[key], key=key) for key, label, _low, _high in AGE_BANDS
    ]


def _balance(figures: Figures, geography: Geography, link, today: datetime.date) -> None:
    """Per buurt: available offers (residents with an offered, still confirmed talent, who
    take part and have no active match) against open requests; flagged when offers outnumber
    requests 3 to 1, or a request has waited more than 30 days."""
    filters = figures.filters
    ids = _buurt_ids(filters, geography)
    stale_since = today - datetime.timedelta(days=round(settings.OFFER_STALE_MONTHS * 365 / 12))
    # Residents, not their talents, are counted; those in an active match are left out with
    # two NOT IN over the (few) active matches, which PostgreSQL answers with a hash.
    busy = Match.objects.filter(status__in=ACTIVE_STATUSES)
    offers = (
        Resident.objects.filter(
            buurt__isnull=False,
            status__in=[
                ResidentStatus.NEW,
                ResidentStatus.IN_CONVERSATION,
                ResidentStatus.ACTIVE,
            ],
            pk__in=ResidentTalent.objects.filter(
                offered=True, confirmed_on__gte=stale_since
            ).values("resident_id"),
        )
        .exclude(pk__in=busy.filter(resident_a__isnull=False).values("resident_a_id"))
        .exclude(pk__in=busy.filter(resident_b__isnull=False).values("resident_b_id"))
    )
    requests = Request.objects.filter(status=RequestStatus.OPEN, buurt__isnull=False)
    if ids is not None:
        offers = offers.filter(buurt_id__in=ids)
        requests = requests.filter(buurt_id__in=ids)
    offered = dict(offers.order_by().values_list("buurt_id").annotate(n=Count("pk")))
    asked = {
        buurt_id: (n, oldest)
        for buurt_id, n, oldest in requests.order_by()
        .values_list("buurt_id")
        .annotate(n=Count("pk"), oldest=Min("created_on"))
    }
    waiting_since = today - datetime.timedelta(days=WAITING_DAYS)
    rows = []
    for buurt in geography.buurten.values():
        if ids is not None and buurt.pk not in ids:
            continue
        n_offers = offered.get(buurt.pk, 0)
        n_requests, oldest = asked.get(buurt.pk, (0, None))
        if not n_offers and not n_requests:
            continue
        too_many_offers = n_offers >= BALANCE_RATIO * max(n_requests, 1)
        waiting = oldest is not None and oldest < waiting_since
        wijk = geography.wijken[buurt.wijk_id]
        rows.append(
            Row(
                buurt.name,
                n_offers,
                key=buurt.pk,
                link=link(
                    "requests",
                    wijkteam_id=wijk.wijkteam_id,
                    buurt_id=buurt.pk,
                    buurt=buurt.pk,
                    wijkteam=None,
                    wijk=None,
                )
                if n_requests
                else None,
                extra={
                    "requests": n_requests,
                    "wijk": wijk.name,
                    "oldest_days": (today - oldest).days if oldest else None,
                    "too_many_offers": too_many_offers,
                    "waiting": waiting,
                    "flagged": too_many_offers or waiting,
                },
            )
        )
    rows.sort(key=lambda r: (not r.extra["flagged"], r.extra["wijk"], r.label))
    figures.balance = rows


def _core_teams(figures: Figures, geography: Geography) -> None:
    """Kernteams today by stage, and how many are active (at least five active members)."""
    ids = _buurt_ids(figures.filters, geography)
    teams = CoreTeam.objects.all()
    if ids is not None:
        teams = teams.filter(buurt_id__in=ids)
    active_members = Subquery(
        CoreTeamMember.objects.filter(core_team=OuterRef("pk"), active=True)
        .order_by()
        .values("core_team")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    per_stage = {
        stage: (total, active)
        for stage, total, active in teams.annotate(active_size=Coalesce(active_members, 0))
        .order_by()
        .values_list("stage")
        .annotate(
            total=Count("pk"), active=Count("pk", filter=Q(active_size__gte=ACTIVE_TEAM_SIZE))
        )
    }
    figures.core_teams = [
        Row(
            str(stage.label),
            per_stage.get(stage.value, (0, 0))[0],
            key=stage.value,
            extra={"active": per_stage.get(stage.value, (0, 0))[1]},
        )
        for stage in Stage
    ]
    figures.core_teams_total = sum(total for total, _active in per_stage.values())
    figures.core_teams_active = sum(active for _total, active in per_stage.values())


def _activities(figures: Figures, geography: Geography) -> None:
    """Kernteam activities whose (start) date falls in the period."""
    period = figures.filters.period
    activities = Activity.objects.filter(starts_on__gte=period.start, starts_on__lte=period.end)
    ids = _buurt_ids(figures.filters, geography)
    if ids is not None:
        activities = activities.filter(core_team__buurt_id__in=ids)
    done = Q(status=ActivityStatus.DONE)
    figures.activities = activities.aggregate(
        done=Count("pk", filter=done),
        planned=Count("pk", filter=Q(status=ActivityStatus.PLANNED)),
        participants=Coalesce(Sum("participants", filter=done), 0),
    )
