"""Erasure keeps every KPI figure (issue 13; DESIGN.md, "KPI definitions").

The KPI dashboard (``matches/kpi.py``) is not on this branch yet, so the figures are computed
here the way DESIGN.md defines them, from the rows the KPI counts: started matches per wijkteam
and month, open requests per wijkteam, reciprocity, balance per buurt, time to match and the
funnel. The resident erased is a side of a started match, asked a request, and gave help in
another match, so they touch every figure.
"""

from __future__ import annotations

import datetime
import statistics

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth

from buurtinbloei.registry import erase_resident
from matches.models import (
    ACTIVE_STATUSES,
    Match,
    MatchStatus,
    Outcome,
    Request,
    RequestStatus,
)
from talents.models import Conversation, Resident, ResidentStatus, ResidentTalent, SignUp, Talent
from tests.factories import (
    ConversationFactory,
    RequestFactory,
    ResidentTalentFactory,
    SignUpFactory,
    StartedMatchFactory,
)
from tests.talents.staff import other_resident, own_resident


def figures() -> dict:
    started = Match.objects.filter(started_on__isnull=False)
    givers = set(started.values_list("resident_b", flat=True))
    receivers = set(started.values_list("resident_a", flat=True))
    busy = Match.objects.filter(status__in=ACTIVE_STATUSES)
    offering = Resident.objects.filter(
        Exists(ResidentTalent.objects.filter(resident=OuterRef("pk"), offered=True)),
        ~Exists(busy.filter(resident_a=OuterRef("pk"))),
        ~Exists(busy.filter(resident_b=OuterRef("pk"))),
    )
    waits = [
        (m.started_on - m.request.created_on).days
        for m in started.filter(request__isnull=False).select_related("request")
    ]
    return {
        "matches_per_wijkteam_month": sorted(
            started.annotate(month=TruncMonth("started_on"))
            .values_list("wijkteam_id", "month")
            .annotate(n=Count("pk"))
        ),
        "open_requests_per_wijkteam": sorted(
            Request.objects.filter(status=RequestStatus.OPEN)
            .values_list("wijkteam_id")
            .annotate(n=Count("pk"))
        ),
        "reciprocity": len((givers & receivers) - {None}),
        "offers_per_buurt": sorted(
            offering.values_list("buurt_id").annotate(n=Count("pk")).order_by()
        ),
        "median_days_to_match": statistics.median(waits),
        "funnel": (
            SignUp.objects.count(),
            Conversation.objects.values("resident").distinct().count(),
            Resident.objects.filter(
                Q(Exists(started.filter(resident_a=OuterRef("pk"))))
                | Q(Exists(started.filter(resident_b=OuterRef("pk"))))
            ).count(),
        ),
    }


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


def test_erasing_a_resident_keeps_every_kpi_figure(personas):
    fenna = build_data_set(personas)
    before = figures()
    assert before["reciprocity"] == 1
    assert before["matches_per_wijkteam_month"]  # the data set really has figures to keep

    erase_resident(Resident.objects.get(pk=fenna.pk), by=personas.verbinder)

    assert Resident.objects.get(pk=fenna.pk).status == ResidentStatus.ANONYMISED
    assert figures() == before
