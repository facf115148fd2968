"""The Buurtkijker: a profile per wijk and per buurt, with a picture of the buurt's network.
Verbinders use it for the neighbourhood analysis; coördinatoren see the figures, no names."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from buurtinbloei.models import Buurt
from buurtinbloei.permissions import Perm, requires

from ..graph import build_network
from ..models import ACTIVE_TEAM_SIZE, Organisation
from ..selectors import (
    buurt_rows,
    network_links,
    network_members,
    network_places,
    profile_for,
    visible_buurten,
    visible_wijken,
)


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_NETWORKS)
def buurt_index(request: HttpRequest) -> HttpResponse:
    wijken = (
        visible_wijken(request.user)
        .select_related("wijkteam")
        .prefetch_related(Prefetch("buurten", queryset=Buurt.objects.order_by("name")))
        .order_by("wijkteam__name", "name")
    )
    return render(request, "networks/buurt_index.html", {"wijken": wijken})


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_NETWORKS)
def buurt_profile(request: HttpRequest, pk: int) -> HttpResponse:
    buurt = get_object_or_404(visible_buurten(request.user).select_related("wijk"), pk=pk)
    profile = profile_for([buurt.pk], request.user, wijk_ids=[buurt.wijk_id])
    show_names = request.user.may.see_team_members
    # The network: the buurt's organisations, the wijk's partners, and whoever worked with
    # the buurt's kernteams on an activity.
    team_ids = [t.pk for t in profile.teams]
    links = network_links(team_ids)
    partner_roles: dict[int, list[str]] = {}
    for partner in profile.partners:
        partner_roles.setdefault(partner.organisation_id, []).append(partner.get_role_display())
    organisations = {o.pk: o for o in profile.organisations}
    for partner in profile.partners:
        organisations.setdefault(partner.organisation_id, partner.organisation)
    missing = {org_id for _team, org_id in links} - set(organisations)
    if missing:
        for organisation in Organisation.objects.visible_to(request.user).filter(pk__in=missing):
            organisations[organisation.pk] = organisation
    ordered = sorted(
        organisations.values(), key=lambda o: (o.pk not in partner_roles, o.name.lower())
    )
    members = network_members(team_ids)
    places = network_places(list(organisations))
    for team in profile.teams:  # for the table alternative of the picture
        team.network_members = members.get(team.pk, [])
        team.linked_organisations = sorted(
            organisations[org_id].name for team_id, org_id in links if team_id == team.pk
        )
    network = build_network(
        buurt=buurt,
        teams=profile.teams,
        members=members,
        organisations=ordered,
        partner_roles=partner_roles,
        places=places,
        links=links,
        show_names=show_names,
    )
    context = {
        "buurt": buurt,
        "profile": profile,
        "network": network,
        "network_organisations": [
            (o, partner_roles.get(o.pk, []), places.get(o.pk, [])) for o in ordered
        ],
        "show_names": show_names,
        "active_size": ACTIVE_TEAM_SIZE,
    }
    return render(request, "networks/buurt_profile.html", context)


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_NETWORKS)
def wijk_profile(request: HttpRequest, pk: int) -> HttpResponse:
    wijk = get_object_or_404(visible_wijken(request.user).select_related("wijkteam"), pk=pk)
    buurt_ids = list(Buurt.objects.filter(wijk=wijk).values_list("pk", flat=True))
    profile = profile_for(buurt_ids, request.user, wijk_ids=[wijk.pk])
    context = {
        "wijk": wijk,
        "profile": profile,
        "rows": buurt_rows(wijk, request.user),
        "active_size": ACTIVE_TEAM_SIZE,
    }
    return render(request, "networks/wijk_profile.html", context)
