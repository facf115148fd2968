"""The home page panel: proposed matches whose follow-up is due and check-ins due, in the own
wijkteams, the verbinder's own first, each logged with one click."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.audit import record
from buurtinbloei.permissions import Perm, requires

from ..models import CheckIn, CheckInResult, Match, MatchStatus
from ..services import matches as services

#: The panel is a to-do list, not a report.
PANEL_ROWS = 6

ONE_CLICK = [
    (CheckInResult.GOING_WELL, CheckInResult.GOING_WELL.label),
    (CheckInResult.NO_ANSWER, CheckInResult.NO_ANSWER.label),
    (CheckInResult.CONCERN, CheckInResult.CONCERN.label),
]


def _own_first(user, field: str = "verbinder"):
    return Case(When(**{field: user}, then=Value(0)), default=Value(1), output_field=IntegerField())


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.CHANGE_RESIDENTS)
@vary_on_headers("HX-Request")
def match_panel(request: HttpRequest) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    follow_ups = Match.objects.editable_by(user).filter(services.due_q(today))
    check_ins = (
        CheckIn.objects.editable_by(user).due(today).filter(match__status=MatchStatus.STARTED)
    )
    context = {
        "follow_ups": list(
            services.with_names(follow_ups)
            .alias(own=_own_first(user))
            .order_by("own", "follow_up_on", "pk")[:PANEL_ROWS]
        ),
        "follow_up_count": follow_ups.count(),
        "check_ins": list(
            check_ins.annotate(
                a_first_name=F("match__resident_a__first_name"),
                b_first_name=F("match__resident_b__first_name"),
                a_title=F("match__place_a__title"),
                b_title=Coalesce(F("match__place_b__title"), F("match__house_b__name")),
                started_on=F("match__started_on"),
            )
            .alias(own=_own_first(user, "match__verbinder"))
            .order_by("own", "due_on", "pk")[:PANEL_ROWS]
        ),
        "check_in_count": check_ins.count(),
        "choices": ONE_CLICK,
        "today": today,
    }
    # The panel names residents: audited like the other lists that do.
    record("match.panel", request=request)
    template = "matches/panel.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#match-panel"
    return render(request, template, context)
