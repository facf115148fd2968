"""Erasure and the KPI dashboard (issue 13): ``matches.kpi.compute`` for a hand-built data set,
before and after erasing a resident who asked a request, is side a of a started match, gave help
in another and sits in a kernteam.

Every figure about what happened (matches started, by month, wijkteam, wijk and kind; time to
match; the funnel; givers, receivers and reciprocity; kernteams and activities) stays exactly
the same. Today's state changes only where the erasure means it to (matches/privacy.py, merged
from main in 8ea6b14): the erased resident's open request is closed and their running match
ended, so "open requests" drops by that request and the helper counts as available again.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.core.cache import cache
from django.utils import timezone

from buurtinbloei.registry import erase_resident
from matches import kpi
from matches.models import (
    MatchStatus,
    Outcome,
    Request,
    RequestStatus,
)
from talents.models import Resident, ResidentStatus, Talent
from tests.factories import (
    ConversationFactory,
    CoreTeamFactory,
    CoreTeamMemberFactory,
    RequestFactory,
    ResidentTalentFactory,
    SignUpFactory,
    StartedMatchFactory,
)
from tests.talents.staff import other_resident, own_resident

TODAY = timezone.localdate()


def build_data_set(personas) -> Resident:
    """Fenna asked a request, is side a of a started match and side b of another."""
    cooking = Talent.objects.get(name="Koken")
    gardening = Talent.objects.get(name="Tuinieren")
    fenna = own_resident(personas, first_name="Fenna")
    helper = own_resident(personas, first_name="Henk")
    neighbour = own_resident(personas, first_name="Nora")
    far = other_resident(personas, first_name="Ver")
    for resident in (fenna, helper, neighbour, far):
        ConversationFactory(resident=resident, verbinder=personas.verbinder)
    SignUpFactory(resident=fenna, buurt=fenna.buurt)
    ResidentTalentFactory(resident=fenna, talent=gardening, note="Moestuin achter het huis")
    ResidentTalentFactory(resident=helper, talent=cooking)
    ResidentTalentFactory(resident=neighbour, talent=gardening)
    asked = RequestFactory(
        resident=fenna,
        talent=cooking,
        status=RequestStatus.MATCHED,
        created_on=datetime.date(2026, 2, 1),
    )
    RequestFactory(resident=fenna, talent=gardening, description="Nog een vraag")  # open
    RequestFactory(resident=far, talent=cooking)
    StartedMatchFactory(
        resident_a=fenna,
        resident_b=helper,
        request=asked,
        talent=cooking,
        started_on=datetime.date(2026, 3, 10),
    )
    StartedMatchFactory(
        resident_a=neighbour,
        resident_b=fenna,  # Fenna gives too: reciprocity
        talent=gardening,
        started_on=datetime.date(2026, 4, 2),
        status=MatchStatus.ENDED,
        ended_on=datetime.date(2026, 5, 1),
        outcome=Outcome.COMPLETED,
        evaluation_b="Fijn om samen te tuinieren",
    )
    return fenna


def dashboard(filters) -> dict:
    cache.clear()  # the dashboard keeps today's snapshot: compute it afresh each time
    figures = dataclasses.asdict(kpi.compute(filters, today=TODAY))
    figures.pop("computed_at")
    return figures


def _history(figures: dict) -> dict:
    return {k: v for k, v in figures.items() if k not in kpi.SNAPSHOT_FIELDS}


def test_erasure_keeps_every_dashboard_figure_about_what_happened(personas):
    fenna = build_data_set(personas)
    CoreTeamMemberFactory(core_team=CoreTeamFactory(buurt=fenna.buurt), resident=fenna)
    year = kpi.Period(datetime.date(TODAY.year, 1, 1), TODAY, str(TODAY.year))
    views = [
        kpi.KpiFilters(year),
        kpi.KpiFilters(year, wijkteam=personas.own_wijkteam),
        kpi.KpiFilters(year, wijkteam=personas.other_wijkteam),
    ]
    before = [dashboard(filters) for filters in views]
    assert (before[0]["started"], before[0]["reciprocal"], before[0]["core_teams_total"]) == (
        2,
        1,
        1,
    )  # the data set has figures worth keeping
    fenna_open = Request.objects.filter(resident=fenna, status=RequestStatus.OPEN).count()

    erase_resident(Resident.objects.get(pk=fenna.pk), by=personas.verbinder)

    assert Resident.objects.get(pk=fenna.pk).status == ResidentStatus.ANONYMISED
    after = [dashboard(filters) for filters in views]
    for old, new in zip(before, after, strict=True):
        assert _history(new) == _history(old)
        for name in ("core_teams", "core_teams_total", "core_teams_active"):
            assert new[name] == old[name]
    city_before, city_after = before[0], after[0]
    assert fenna_open == 1
    assert city_after["open_requests"] == city_before["open_requests"] - fenna_open
    own_balance_before = {row["key"]: row for row in city_before["balance"]}
    for row in city_after["balance"]:
        old = own_balance_before[row["key"]]
        assert row["extra"]["requests"] == old["extra"]["requests"] - (row["key"] == fenna.buurt_id)
