"""The home page panel: kernteams below five active members and partners to contact."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.permissions import Perm, requires

from ..models import ACTIVE_TEAM_SIZE
from ..selectors import core_teams_below_size, partners_to_contact

#: The panel is a to-do list, not a report: the full lists are one click away.
PANEL_ROWS = 5


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.CHANGE_NETWORKS)
@vary_on_headers("HX-Request")
def network_panel(request: HttpRequest) -> HttpResponse:
    teams = core_teams_below_size(request.user)
    partners = partners_to_contact(request.user).order_by("last_contact", "organisation__name")
    context = {
        "teams": teams[:PANEL_ROWS],
        "team_count": teams.count(),
        "partners": partners[:PANEL_ROWS],
        "partner_count": partners.count(),
        "active_size": ACTIVE_TEAM_SIZE,
    }
    template = "networks/panel.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#network-panel"
    return render(request, template, context)
