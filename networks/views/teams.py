"""Kernteams: the list, create and edit, the team page with inline (htmx) members and
activities, and the stage and coaching history with the ladder to independence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.audit import record
from buurtinbloei.conflicts import StaleVersion, conflict_response
from buurtinbloei.permissions import Perm, requires
from buurtinbloei.scoping import get_object_for_user

from .. import services
from ..forms import ActivityForm, CoreTeamChangeForm, CoreTeamFilterForm, CoreTeamForm, MemberForm
from ..models import ACTIVE_TEAM_SIZE, CoreTeam, CoreTeamMember
from ..selectors import get_team_for_user, team_activities, team_history, team_members

TEMPLATE = "networks/coreteam_detail.html"


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_NETWORKS)
@vary_on_headers("HX-Request")
def team_list(request: HttpRequest) -> HttpResponse:
    form = CoreTeamFilterForm(request.GET, user=request.user)
    filters = form.filters()
    teams = (
        CoreTeam.objects.visible_to(request.user)
        .with_member_counts()
        .select_related("buurt__wijk", "coach")
        .order_by("name", "pk")
    )
    if filters.get("q"):
        teams = teams.filter(name__icontains=filters["q"])
    if filters.get("stage"):
        teams = teams.filter(stage=filters["stage"])
    if filters.get("wijk"):
        teams = teams.filter(buurt__wijk=filters["wijk"])
    template = "networks/coreteam_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#team-table"
    context = {"form": form, "teams": teams, "active_size": ACTIVE_TEAM_SIZE}
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.CHANGE_NETWORKS)
def team_create(request: HttpRequest) -> HttpResponse:
    form = CoreTeamForm(request.POST or None, user=request.user, initial={"coach": request.user})
    if request.method == "POST" and form.is_valid():
        team = services.core_team_create(data=form.cleaned_data, by=request.user, request=request)
        messages.success(request, _("Kernteam %(name)s is aangemaakt.") % {"name": team.name})
        return redirect(team)
    return render(request, "networks/coreteam_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk, for_change=True)
    form = _edit_form(request, team, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.core_team_update(
                team=team,
                data=form.cleaned_data,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                request=request,
            )
        except StaleVersion:
            current = get_team_for_user(request.user, pk, for_change=True)
            return conflict_response(
                request,
                "networks/coreteam_form.html",
                {"team": current},
                rebind=lambda data: _edit_form(request, current, data),
                current=current,
                actions=("coreteam.update", "coreteam.create"),
                discard_url=current.get_absolute_url(),
            )
        messages.success(request, _("De wijzigingen zijn opgeslagen."))
        return redirect(team)
    return render(request, "networks/coreteam_form.html", {"form": form, "team": team})


def _edit_form(request: HttpRequest, team: CoreTeam, data) -> CoreTeamForm:
    """The edit form of ``team`` as it is saved now (its version included)."""
    initial = {n: getattr(team, n) for n in services.CORE_TEAM_FIELDS}
    initial["version"] = team.version
    return CoreTeamForm(data, user=request.user, initial=initial, editing=True)


def _team_context(request: HttpRequest, team: CoreTeam, **forms) -> dict:
    can_change = CoreTeam.objects.editable_by(request.user).filter(pk=team.pk).exists()
    context = {
        "team": team,
        "members": team_members(team),
        "activities": team_activities(team),
        "history": team_history(team),
        "active_size": ACTIVE_TEAM_SIZE,
        "is_active": team.active_member_count >= ACTIVE_TEAM_SIZE,
        "can_change": can_change,
        "ready": services.ready_for_next_stage(team),
        "today": timezone.localdate(),
    }
    if can_change:
        context["member_form"] = forms.get("member_form") or MemberForm(
            user=request.user, team=team
        )
        context["activity_form"] = forms.get("activity_form") or ActivityForm(
            user=request.user, team=team, initial={"starts_on": timezone.localdate()}
        )
    return context


@require_http_methods(["GET", "HEAD"])
@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk)
    # The page names the residents in the team: read like a resident page, so audited.
    record("coreteam.view", team, request=request)
    return render(request, TEMPLATE, _team_context(request, team))


def _fragment(request: HttpRequest, team_pk: int, partial: str, **forms) -> HttpResponse:
    """The changed section, plus the team's status out of band (active, ready for the next
    stage), as the htmx answer to an inline form."""
    team = get_team_for_user(request.user, team_pk, for_change=True)
    context = _team_context(request, team, **forms)
    html = render_to_string(f"{TEMPLATE}#{partial}", context, request=request)
    html += render_to_string(f"{TEMPLATE}#team-status", {**context, "oob": True}, request=request)
    return HttpResponse(html)


@require_http_methods(["GET", "POST"])
@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk, for_change=True)
    form = MemberForm(request.POST or None, user=request.user, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.core_team_member_add(
                team=team, data=form.cleaned_data, by=request.user, request=request
            )
        except services.NetworkError as error:
            form.add_error("resident", error.message)
        else:
            if request.htmx:
                return _fragment(request, pk, "members")
            messages.success(
                request, _("%(name)s is toegevoegd.") % {"name": member.resident.first_name}
            )
            return redirect(team)
    if request.htmx and request.method == "POST":
        return _fragment(request, pk, "members", member_form=form)
    return render(request, "networks/member_form.html", {"form": form, "team": team})


@require_POST
@login_required
def member_toggle(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk, for_change=True)
    member = get_object_for_user(
        CoreTeamMember.objects.filter(core_team=team).select_related("resident"),
        request.user,
        pk=member_pk,
        for_change=True,
    )
    services.core_team_member_set_active(
        member=member, active=not member.active, by=request.user, request=request
    )
    if request.htmx:
        return _fragment(request, pk, "members")
    return redirect(team)


@require_http_methods(["GET", "POST"])
@login_required
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk, for_change=True)
    initial = {"starts_on": timezone.localdate()}
    form = ActivityForm(request.POST or None, user=request.user, team=team, initial=initial)
    if request.method == "POST" and form.is_valid():
        activity = services.activity_add(
            team=team, data=form.cleaned_data, by=request.user, request=request
        )
        if request.htmx:
            return _fragment(request, pk, "activities")
        messages.success(request, _("%(title)s is toegevoegd.") % {"title": activity.title})
        return redirect(team)
    if request.htmx and request.method == "POST":
        return _fragment(request, pk, "activities", activity_form=form)
    return render(request, "networks/activity_form.html", {"form": form, "team": team})


@require_http_methods(["GET", "POST"])
@login_required
def team_change(request: HttpRequest, pk: int) -> HttpResponse:
    """A new stage or coaching intensity, with its date: the verbinder confirms a step."""
    team = get_team_for_user(request.user, pk, for_change=True)
    initial = {
        "stage": request.GET.get("fase") or team.stage,
        "intensity": team.intensity,
        "date": timezone.localdate(),
    }
    form = CoreTeamChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.core_team_change(
                team=team, **form.cleaned_data, by=request.user, request=request
            )
        except services.NetworkError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("De wijziging is vastgelegd."))
            return redirect(team)
    context = {"form": form, "team": team, "history": team_history(team)}
    return render(request, "networks/coreteam_change.html", context)
