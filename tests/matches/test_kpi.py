"""The KPI dashboard (issue 12): every figure against a small hand-built data set whose answers
are written here, including the edges: 31 December versus 1 January, a proposal that never
started, a match that started and was stopped, an anonymised resident, a buurt that moved to
another wijkteam, and a request closed without a match."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from buurtinbloei.models import Buurt, Wijk, Wijkteam
from matches.kpi import KpiFilters, Period, attach_links, compute, kpi_list_url, pro_rata
from matches.models import (
    CloseReason,
    MatchKind,
    MatchStatus,
    Outcome,
    RequestStatus,
    StopReason,
)
from networks.models import ActivityStatus, Stage
from talents.models import ResidentStatus
from tests.conftest import client_for
from tests.factories import (
    ActivityFactory,
    ConversationFactory,
    CoreTeamFactory,
    CoreTeamMemberFactory,
    MatchFactory,
    OntwikkelplaatsFactory,
    OrganisationFactory,
    RequestFactory,
    ResidentFactory,
    ResidentTalentFactory,
    SignUpFactory,
    UserFactory,
)
from tests.queries import assert_queries_flat

D = datetime.date
YEAR_2025 = "/kpi/?period=jaar&year=2025&wijkteam=alle"


def buurten(team: Wijkteam) -> list[Buurt]:
    return list(Buurt.objects.filter(wijk__wijkteam=team).order_by("pk"))


def started(*, on, request_days=None, status=MatchStatus.STARTED, **kwargs):
    """A match that started on ``on``; with ``request_days`` made for a request that waited
    that many days."""
    match = MatchFactory(status=status, proposed_on=on, started_on=on, **kwargs)
    if request_days is not None:
        side = match.resident_a or None
        request = RequestFactory(
            resident=side,
            ontwikkelplaats=None if side else match.place_a,
            created_on=on - datetime.timedelta(days=request_days),
            status=RequestStatus.MATCHED,
        )
        match.request = request
        match.save(update_fields=["request"])
    return match


def place_in(buurt: Buurt):
    return OntwikkelplaatsFactory(organisation=OrganisationFactory(buurt=buurt), buurt=buurt)


@pytest.fixture
def data(personas):
    """The hand-built year 2025 (see the module docstring); returns what the tests need."""
    own, other = personas.own_wijkteam, personas.other_wijkteam
    b1, b2, b3 = buurten(own)[:3]
    o1 = buurten(other)[0]
    today = timezone.localdate()
    giver_and_receiver = ResidentFactory(buurt=b1, last_name="Tweerichting")
    # 31 December 2025 counts for 2025 (and December, Q4); its request waited 10 days.
    m1 = started(
        on=D(2025, 12, 31),
        request_days=10,
        resident_a=ResidentFactory(buurt=b3, last_name="Oudjaar"),
        resident_b=giver_and_receiver,
    )
    # 1 January 2026 does not count for 2025.
    started(on=D(2026, 1, 1), resident_a=ResidentFactory(buurt=b3, last_name="Nieuwjaar"))
    # Proposed, never started: counts nowhere.
    MatchFactory(resident_a=ResidentFactory(buurt=b3), status=MatchStatus.PROPOSED)
    MatchFactory(
        resident_a=ResidentFactory(buurt=b3),
        status=MatchStatus.INTRODUCTION_PLANNED,
        proposed_on=D(2025, 5, 1),
    )
    # Started and stopped: it started, so it counts on its start date (request: 9 days).
    started(
        on=D(2025, 3, 10),
        request_days=9,
        status=MatchStatus.ENDED,
        ended_on=D(2025, 4, 1),
        outcome=Outcome.STOPPED,
        stop_reason=StopReason.NO_CLICK,
        resident_a=giver_and_receiver,
        resident_b=ResidentFactory(buurt=b3),
    )
    # An anonymised resident's match still counts (request: 30 days).
    anonymous = ResidentFactory(
        buurt=b3, first_name="Geanonimiseerd", last_name="", phone="", status="anonymised"
    )
    started(
        on=D(2025, 3, 20),
        request_days=30,
        resident_a=anonymous,
        resident_b=ResidentFactory(buurt=b3),
    )
    # The other wijkteam: a resident with a place (request: 31 days), two places.
    started(
        on=D(2025, 2, 1),
        request_days=31,
        kind=MatchKind.RESIDENT_PLACE,
        resident_a=ResidentFactory(buurt=o1),
        resident_b=None,
        place_b=place_in(o1),
    )
    started(
        on=D(2025, 11, 30),
        kind=MatchKind.PLACES,
        resident_a=None,
        resident_b=None,
        place_a=place_in(o1),
        place_b=place_in(o1),
    )
    # Requests open today: one of 3 days, one of 45 days (flags b1); one closed without match.
    RequestFactory(resident=ResidentFactory(buurt=b1), created_on=today - datetime.timedelta(3))
    RequestFactory(resident=ResidentFactory(buurt=b1), created_on=today - datetime.timedelta(45))
    RequestFactory(
        resident=ResidentFactory(buurt=b1),
        created_on=today - datetime.timedelta(100),
        status=RequestStatus.CLOSED,
        close_reason=CloseReason.NO_MATCH,
        closed_on=today,
    )
    # Offers: b1 has one free offer (the giver is busy in m1, so theirs does not count);
    # b2 has six free offers and no request (3 to 1), plus a resting and a stale one.
    ResidentTalentFactory(resident=giver_and_receiver)
    ResidentTalentFactory(resident=ResidentFactory(buurt=b1))
    for _ in range(6):
        ResidentTalentFactory(resident=ResidentFactory(buurt=b2))
    ResidentTalentFactory(resident=ResidentFactory(buurt=b2, status=ResidentStatus.RESTING))
    ResidentTalentFactory(
        resident=ResidentFactory(buurt=b2), confirmed_on=today - datetime.timedelta(days=800)
    )
    # The funnel: three sign-ups in 2025 (all steps, a conversation only, nothing yet), one
    # on New Year's Eve 2024 late in the evening.
    talked = ResidentFactory(buurt=b1)
    ConversationFactory(resident=talked)
    ConversationFactory(resident=giver_and_receiver)
    for resident, moment in [
        (giver_and_receiver, datetime.datetime(2025, 5, 1, 10)),
        (talked, datetime.datetime(2025, 6, 1, 10)),
        (None, datetime.datetime(2025, 7, 1, 10)),
        (None, datetime.datetime(2024, 12, 31, 23, 30)),
    ]:
        signup = SignUpFactory(buurt=b1, resident=resident)
        type(signup).objects.filter(pk=signup.pk).update(created_at=timezone.make_aware(moment))
    # Kernteams in b3: one active (5 active members), one with 4 active and 2 inactive.
    active_team = CoreTeamFactory(buurt=b3, stage=Stage.STARTING)
    CoreTeamMemberFactory.create_batch(5, core_team=active_team)
    small_team = CoreTeamFactory(buurt=b3, stage=Stage.CO_LED)
    CoreTeamMemberFactory.create_batch(4, core_team=small_team)
    CoreTeamMemberFactory.create_batch(2, core_team=small_team, active=False)
    ActivityFactory(core_team=active_team, starts_on=D(2025, 5, 5), participants=25)
    ActivityFactory(core_team=active_team, starts_on=D(2025, 12, 1), status=ActivityStatus.PLANNED)
    ActivityFactory(core_team=small_team, starts_on=D(2025, 6, 1), status=ActivityStatus.IDEA)
    ActivityFactory(core_team=small_team, starts_on=D(2024, 12, 31), participants=40)
    return {"own": own, "other": other, "b1": b1, "b2": b2, "b3": b3, "o1": o1, "m1": m1}


def figures_for(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.context["f"]


def test_started_matches_by_kind_month_and_wijkteam(data, personas):
    f = figures_for(client_for(personas.coordinator), YEAR_2025)
    assert f.started == 5
    assert [(r.label, r.value) for r in f.by_kind] == [
        ("inwoner met inwoner", 3),
        ("inwoner met ontwikkelplaats", 1),
        ("ontwikkelplaats met ontwikkelplaats", 1),
        ("inwoner met studentenhuis", 0),
    ]
    months = {r.key.month: r.value for r in f.by_month}
    assert len(f.by_month) == 12
    assert months == {1: 0, 2: 1, 3: 2, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0, 11: 1, 12: 1}
    teams = {r.key: r.value for r in f.by_wijkteam}
    assert teams[data["own"].pk] == 3
    assert teams[data["other"].pk] == 2
    assert sum(teams.values()) == 5
    assert len(teams) == Wijkteam.objects.count()
    # Per wijk of the first side's buurt: b3 twice, b1 once (the stopped match), o1 twice.
    expected: dict[str, int] = {}
    for buurt, n in [(data["b3"], 2), (data["b1"], 1), (data["o1"], 2)]:
        expected[buurt.wijk.name] = expected.get(buurt.wijk.name, 0) + n
    assert {r.label: r.value for r in f.by_wijk} == expected


def test_the_year_boundary_and_a_quarter(data, personas):
    coordinator = client_for(personas.coordinator)
    q4 = figures_for(coordinator, "/kpi/?period=kwartaal&year=2025&quarter=4&wijkteam=alle")
    assert q4.started == 2  # 30 November and 31 December
    q1 = figures_for(coordinator, "/kpi/?period=kwartaal&year=2026&quarter=1&wijkteam=alle")
    assert q1.started == 1  # 1 January 2026
    december = figures_for(coordinator, "/kpi/?period=maand&year=2025&month=12&wijkteam=alle")
    assert december.started == 1
    own_q4 = figures_for(
        coordinator, f"/kpi/?period=kwartaal&year=2025&quarter=4&wijkteam={data['own'].pk}"
    )
    assert own_q4.started == 1
    target = data["own"].yearly_match_target
    assert own_q4.target == pytest.approx(target * 92 / 365)
    assert own_q4.by_wijkteam[0].target == pytest.approx(target * 92 / 365)
    ranged = figures_for(
        coordinator,
        "/kpi/?period=van-tot&date_from=2025-12-31&date_to=2026-01-01&wijkteam=alle",
    )
    assert ranged.started == 2
    assert [r.value for r in ranged.by_month] == [1, 1]


def test_the_target_is_pro_rata_and_city_wide_the_sum_of_the_teams(data, personas):
    f = figures_for(client_for(personas.coordinator), YEAR_2025)
    city = sum(Wijkteam.objects.values_list("yearly_match_target", flat=True))
    assert f.target == pytest.approx(city)
    assert sum(r.target for r in f.by_month) == pytest.approx(city)
    assert f.by_month[1].target == pytest.approx(city * 28 / 365)  # February 2025
    assert pro_rata(1000, D(2024, 1, 1), D(2024, 12, 31)) == pytest.approx(1000)  # leap year
    assert pro_rata(366, D(2024, 12, 31), D(2025, 1, 1)) == pytest.approx(1 + 366 / 365)
    # A wijk or a kind has no target of its own.
    kind = figures_for(client_for(personas.coordinator), YEAR_2025 + "&kind=places")
    assert kind.started == 1 and kind.target is None


def test_kind_and_wijk_filters(data, personas):
    coordinator = client_for(personas.coordinator)
    residents = figures_for(coordinator, YEAR_2025 + "&kind=residents")
    assert residents.started == 3
    assert [r.label for r in residents.by_kind] == ["inwoner met inwoner"]
    wijk = figures_for(coordinator, YEAR_2025 + f"&wijk={data['b3'].wijk_id}")
    assert wijk.started == 2 + (data["b1"].wijk_id == data["b3"].wijk_id)


def test_median_days_from_request_to_start(data, personas):
    f = figures_for(client_for(personas.coordinator), YEAR_2025)
    # Waits of 9, 10, 30 and 31 days: the median is halfway between 10 and 30.
    assert f.with_request == 4
    assert f.median_days == pytest.approx(20)
    own = figures_for(client_for(personas.coordinator), YEAR_2025[:-4] + str(data["own"].pk))
    assert own.median_days == pytest.approx(10)  # 9, 10, 30


def test_reciprocity(data, personas):
    f = figures_for(client_for(personas.coordinator), YEAR_2025)
    assert (f.givers, f.receivers, f.reciprocal) == (3, 3, 1)


def test_funnel(data, personas):
    f = figures_for(client_for(personas.coordinator), YEAR_2025)
    assert [(r.key, r.value) for r in f.funnel] == [("signups", 3), ("talked", 2), ("matched", 1)]
    other = figures_for(client_for(personas.coordinator), YEAR_2025[:-4] + str(data["other"].pk))
    assert [r.value for r in other.funnel] == [0, 0, 0]


def test_open_requests_by_age_leave_out_closed_and_matched_ones(data, personas):
    f = figures_for(client_for(personas.coordinator), YEAR_2025)
    assert f.open_requests == 2
    assert [r.value for r in f.open_by_age] == [1, 0, 1, 0]
    other = figures_for(client_for(personas.coordinator), YEAR_2025[:-4] + str(data["other"].pk))
    assert other.open_requests == 0


def test_balance_per_buurt_with_flags(data, personas):
    f = figures_for(client_for(personas.coordinator), YEAR_2025)
    rows = {r.key: r for r in f.balance}
    b1, b2 = rows[data["b1"].pk], rows[data["b2"].pk]
    assert (b1.value, b1.extra["requests"]) == (1, 2)
    assert b1.extra["waiting"] and not b1.extra["too_many_offers"]
    assert (b2.value, b2.extra["requests"]) == (6, 0)
    assert b2.extra["too_many_offers"] and not b2.extra["waiting"]
    assert set(rows) == {data["b1"].pk, data["b2"].pk}
    assert [r.key for r in f.flagged] == [r.key for r in f.balance]


def test_core_teams_and_activities(data, personas):
    f = figures_for(client_for(personas.coordinator), YEAR_2025)
    assert [(r.key, r.value, r.extra["active"]) for r in f.core_teams] == [
        ("starting", 1, 1),
        ("co_led", 1, 0),
        ("independent", 0, 0),
    ]
    assert (f.core_teams_total, f.core_teams_active) == (2, 1)
    assert f.activities == {"done": 1, "planned": 1, "participants": 25}


def test_a_buurt_that_moved_keeps_its_matches_with_the_team_that_made_them(personas):
    own, other = personas.own_wijkteam, personas.other_wijkteam
    buurt = buurten(own)[0]
    started(on=D(2025, 6, 15), resident_a=ResidentFactory(buurt=buurt))
    ResidentTalentFactory(resident=ResidentFactory(buurt=buurt))
    Wijk.objects.filter(pk=buurt.wijk_id).update(wijkteam=other)
    coordinator = client_for(personas.coordinator)
    assert figures_for(coordinator, YEAR_2025[:-4] + str(own.pk)).started == 1
    moved_to = figures_for(coordinator, YEAR_2025[:-4] + str(other.pk))
    assert moved_to.started == 0
    # Today's snapshots follow today's map: the buurt's offer is the new team's now.
    assert buurt.pk in {r.key for r in moved_to.balance}
    # The wijk follows the first side's buurt as it is now.
    assert figures_for(coordinator, YEAR_2025 + f"&wijk={buurt.wijk_id}").started == 1


def test_a_verbinder_opens_on_the_own_wijkteam_and_may_look_at_the_city(data, personas):
    verbinder = client_for(personas.verbinder)
    f = figures_for(verbinder, "/kpi/?period=jaar&year=2025")
    assert f.filters.wijkteam == data["own"]
    assert f.started == 3
    city = figures_for(verbinder, YEAR_2025)
    assert city.filters.wijkteam is None and city.started == 5
    coordinator = figures_for(client_for(personas.coordinator), "/kpi/?period=jaar&year=2025")
    assert coordinator.filters.wijkteam is None


def test_the_page_shows_no_names(data, personas):
    html = client_for(personas.coordinator).get(YEAR_2025).content.decode()
    for name in ("Tweerichting", "Oudjaar", "Nieuwjaar", "Geanonimiseerd"):
        assert name not in html
    assert "<svg" in html and "<title" in html


def test_bad_filters_give_a_dutch_message_and_keep_what_was_typed(data, personas):
    client = client_for(personas.coordinator)
    response = client.get("/kpi/?period=van-tot&date_from=2025-13-45&date_to=2025-01-01&wijk=x")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voer een geldige datum in" in html
    assert 'value="2025-13-45"' in html
    response = client.get("/kpi/?period=van-tot&date_from=2025-02-01&date_to=2025-01-01")
    assert "De laatste dag ligt vóór de eerste dag." in response.content.decode()
    assert response.context["f"].filters.period.start == D(timezone.localdate().year, 1, 1)
    response = client.get("/kpi/export.csv?period=kwartaal&year=abc&quarter=9")
    assert response.status_code == 200


def test_htmx_gets_only_the_figures(data, personas):
    response = client_for(personas.coordinator).get(YEAR_2025, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="kpi-figures"')
    assert "<form" not in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_the_menu_shows_cijfers_to_those_allowed(personas):
    for user, shown in [
        (personas.coordinator, True),
        (personas.verbinder, True),
        (personas.beheerder, False),
        (personas.partner, False),
    ]:
        html = client_for(user).get("/privacy/").content.decode()
        assert ('href="/kpi/"' in html) is shown, user


def test_links_to_the_lists_only_where_the_lists_exist_and_the_viewer_may_read_them(data, personas):
    own = data["own"]
    filters = KpiFilters(Period(D(2025, 1, 1), D(2025, 12, 31), "2025"), wijkteam=own)
    url = kpi_list_url("matches", filters, kind="residents")
    assert url.startswith("/matches/?period=started&date_from=2025-01-01")
    assert f"wijkteam={own.pk}" in url and "kind=residents" in url
    figures = attach_links(compute(filters), lambda which, wijkteam_id=None, buurt_id=None: False)
    assert figures.urls["started"] is None
    figures = attach_links(compute(filters), lambda which, wijkteam_id=None, buurt_id=None: True)
    assert figures.urls["started"] == kpi_list_url("matches", filters)


# --- exports -------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def xlsx_rows(response) -> list[list[str]]:
    """The first sheet's cells as text, read with the standard library."""
    ns = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        shared = [
            "".join(t.text or "" for t in si.iter(f"{{{ns['x']}}}t"))
            for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall(  # noqa: S314
                "x:si", ns
            )
        ]
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))  # noqa: S314
    rows: dict[int, dict[int, str]] = {}
    for cell in sheet.iter(f"{{{ns['x']}}}c"):
        column, row = re.match(r"([A-Z]+)(\d+)", cell.get("r")).groups()
        value = cell.find("x:v", ns)
        text = value.text if value is not None else ""
        if cell.get("t") == "s":
            text = shared[int(text)]
        elif text.endswith(".0"):
            text = text[:-2]
        rows.setdefault(int(row), {})[ord(column) - ord("A")] = text
    return [
        [rows[r].get(c, "") for c in range(max(rows[r]) + 1)] if r in rows else []
        for r in range(1, max(rows) + 1)
    ]


def find(rows, first):
    return next(row for row in rows if row and row[0] == first)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_hold_the_filters_and_the_figures_with_small_buurt_cells_hidden(
    data, personas, fmt
):
    own = data["own"]
    client = client_for(personas.coordinator)
    response = client.get(f"/kpi/export.{fmt}?period=jaar&year=2025&wijkteam={own.pk}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert find(rows, "Van")[1] == "2025-01-01"
    assert find(rows, "Tot en met")[1] == "2025-12-31"
    assert find(rows, "Wijkteam")[1] == own.name
    assert find(rows, "Soort match")[1] == "Alle soorten"
    total = rows.index(["Gestarte matches", "aantal", "doel (naar rato)"]) + 1
    assert rows[total][:2] == ["Totaal", "3"]
    assert find(rows, "inwoner met inwoner")[1] == "3"
    assert find(rows, "dec 2025")[1] == "1"
    assert find(rows, "Mediaan")[1:] == ["10", "3"]
    assert find(rows, "Gaven én ontvingen")[1] == "1"
    b1, b2 = find(rows, data["b1"].name), find(rows, data["b2"].name)
    assert b1[2:4] == ["<5", "<5"]  # 1 offer, 2 requests
    assert b2[2:4] == ["6", "<5"]  # 6 offers, 0 requests
    assert "aanbod 3 op 1" in b2[4]
    text = "\n".join(";".join(r) for r in rows)
    for name in ("Tweerichting", "Oudjaar", "Geanonimiseerd"):
        assert name not in text


def test_the_csv_export_cannot_smuggle_a_formula(personas):
    from matches.kpi_export import _safe

    assert _safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _safe("Woensel") == "Woensel"


# --- query counts --------------------------------------------------------------------------


def test_the_dashboard_query_count_does_not_grow_with_the_data(personas, settings):
    settings.KPI_CACHE_SECONDS = 0  # compute every time: the cache would hide the queries
    own = personas.own_wijkteam
    b1 = buurten(own)[0]
    verbinder = UserFactory(wijkteams=[own])
    year = timezone.localdate().year

    def add_rows(n):
        for i in range(n):
            match = started(
                on=D(year, 1 + i % 12, 1 + i % 28),
                request_days=i % 40,
                resident_a=ResidentFactory(buurt=b1),
                resident_b=ResidentFactory(buurt=b1),
                verbinder=verbinder,
            )
            ResidentTalentFactory(resident=ResidentFactory(buurt=b1))
            SignUpFactory(buurt=b1, resident=match.resident_a)
            RequestFactory(resident=ResidentFactory(buurt=b1))
            CoreTeamMemberFactory(core_team=CoreTeamFactory(buurt=b1))

    client = client_for(personas.coordinator)
    assert_queries_flat(client, "/kpi/", add_rows, small=10, large=40)
    assert_queries_flat(client, "/kpi/export.csv", lambda n: add_rows(n), small=1, large=5)
    assert_queries_flat(client, "/kpi/export.xlsx", lambda n: add_rows(n), small=1, large=5)


def test_figures_are_kept_for_a_while_and_recomputed_when_the_cache_is_off(personas, settings):
    """Kept figures wait for KPI_CACHE_SECONDS for what changes often and slowly matters (a
    new sign-up in the funnel); a match or a request renews them at once."""
    buurt = buurten(personas.own_wijkteam)[0]
    client = client_for(personas.coordinator)
    year = timezone.localdate().year
    url = f"/kpi/?period=jaar&year={year}&wijkteam=alle"
    settings.KPI_CACHE_SECONDS = 300
    signups = figures_for(client, url).funnel[0].value
    SignUpFactory(buurt=buurt)
    assert figures_for(client, url).funnel[0].value == signups  # kept, with its time shown
    assert "Berekend om" in client.get(url).content.decode()
    settings.KPI_CACHE_SECONDS = 0
    assert figures_for(client, url).funnel[0].value == signups + 1


def test_todays_snapshot_is_kept_across_periods(personas, settings):
    """Open requests, balance and kernteams do not depend on the period: choosing another
    period reuses them (kept for the day and KPI_CACHE_SECONDS), the match figures do not."""
    settings.KPI_CACHE_SECONDS = 300
    buurt = buurten(personas.own_wijkteam)[0]
    client = client_for(personas.coordinator)
    RequestFactory(resident=ResidentFactory(buurt=buurt))
    assert figures_for(client, YEAR_2025).open_requests == 1
    RequestFactory(resident=ResidentFactory(buurt=buurt))
    started(on=D(2025, 2, 3), resident_a=ResidentFactory(buurt=buurt))
    quarter = figures_for(client, "/kpi/?period=kwartaal&year=2025&quarter=1&wijkteam=alle")
    assert quarter.open_requests == 2  # a new request renews the kept figures at once
    assert quarter.started == 1  # computed for this period


def test_kept_figures_follow_a_new_match_at_once(data, personas, settings):
    """Figures are kept KPI_CACHE_SECONDS, but never past a change to a match or request: the
    dashboard and the list must agree at any moment."""
    settings.KPI_CACHE_SECONDS = 300
    client = client_for(personas.coordinator)
    before = figures_for(client, YEAR_2025).started
    assert figures_for(client, YEAR_2025).started == before  # kept
    started(on=datetime.date(2025, 6, 1))
    assert figures_for(client, YEAR_2025).started == before + 1
