"""The home page panel (check-ins due and missed, for the wijkteam), the section on a
resident's page, and the counts coördinatoren see instead of routes."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.audit import record
from buurtinbloei.models import Wijkteam
from buurtinbloei.permissions import Perm, requires
from buurtinbloei.scoping import get_object_for_user
from talents.models import Resident

from .. import services
from ..models import Pathway, PathwayCheckIn, PathwayStatus

#: The panel is a to-do list, not a report.
PANEL_ROWS = 8
#: Check-ins this many days ahead are shown as coming up.
COMING_UP_DAYS = 7


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.RUN_ROUTES)
@vary_on_headers("HX-Request")
def route_panel(request: HttpRequest) -> HttpResponse:
    """Check-ins of the own wijkteams' routes: missed ones first (an alert for the whole team),
    then those due now or in the coming week. Names the resident by first name only."""
    today = services._today()
    routes = Pathway.objects.visible_to(request.user)
    open_check_ins = PathwayCheckIn.objects.open().filter(route__in=routes)
    missed = open_check_ins.filter(services.overdue_q(today))
    coming = open_check_ins.exclude(services.overdue_q(today)).filter(
        due_on__lte=today + datetime.timedelta(days=COMING_UP_DAYS)
    )
    fields = ("pk", "week", "due_on", "route_id", "route__resident__first_name")
    context = {
        "missed": list(missed.order_by("due_on", "pk").values(*fields)[:PANEL_ROWS]),
        "missed_count": missed.count(),
        "coming": list(coming.order_by("due_on", "pk").values(*fields)[:PANEL_ROWS]),
        "coming_count": coming.count(),
    }
    record("route.panel", request=request)
    template = "routes/panel.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#route-panel"
    return render(request, template, context)


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.RUN_ROUTES)
@vary_on_headers("HX-Request")
def resident_routes(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_object_for_user(Resident, request.user, pk=pk)
    routes = list(
        Pathway.objects.visible_to(request.user)
        .filter(resident=resident)
        .only("pk", "start_date", "review_date", "status", "ended_on")
    )
    editable = Resident.objects.editable_by(request.user).filter(pk=pk).exists()
    record("route.section", resident, request=request)
    template = "routes/resident_section.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#routes-section"
    return render(
        request,
        template,
        {"obj": resident, "routes": routes, "editable": editable},
    )


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.COUNT_ROUTES)
def route_counts(request: HttpRequest) -> HttpResponse:
    """Per wijkteam: running routes, routes ended this year, missed check-ins. Counts only:
    no names, no dates of a single person, nothing a route says."""
    today = services._today()
    team = Coalesce("resident__buurt__wijk__wijkteam", "resident__fallback_wijkteam")
    routes = {
        row["team"]: row
        for row in Pathway.objects.annotate(team=team)
        .values("team")
        .annotate(
            active=Count("pk", filter=Q(status=PathwayStatus.ACTIVE)),
            ended=Count("pk", filter=Q(status=PathwayStatus.ENDED, ended_on__year=today.year)),
        )
    }
    missed = dict(
        PathwayCheckIn.objects.filter(services.overdue_q(today))
        .annotate(
            team=Coalesce(
                "route__resident__buurt__wijk__wijkteam", "route__resident__fallback_wijkteam"
            )
        )
        .values("team")
        .annotate(n=Count("pk"))
        .values_list("team", "n")
    )
    rows = [
        (
            team,
            routes.get(team.pk, {}).get("active", 0),
            routes.get(team.pk, {}).get("ended", 0),
            missed.get(team.pk, 0),
        )
        for team in Wijkteam.objects.order_by("name")
    ]
    totals = [sum(row[i] for row in rows) for i in (1, 2, 3)]
    return render(
        request, "routes/counts.html", {"rows": rows, "totals": totals, "year": today.year}
    )
