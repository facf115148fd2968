"""Residents: the list with live search, create, edit (optimistic locking), the timeline page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.audit import record
from buurtinbloei.paging import CappedPaginator
from buurtinbloei.permissions import role_required
from buurtinbloei.scoping import get_object_for_user

from .. import services
from ..forms import ConversationForm, ResidentFilterForm, ResidentForm, ResidentTalentForm
from ..models import Resident, ResidentTalent, Talent

#: Coordinators look along (lists, no notes) but do not change residents; beheerders manage the
#: application, not residents (DESIGN.md, roles).
STAFF = ("verbinder", "coordinator")
WRITERS = ("verbinder",)


#: How many talents the conversation form's picker suggests at most.
SUGGESTIONS = 12


def picker_talents(user, chosen_ids) -> tuple[list[Talent], list[Talent]]:
    """The chosen talents, and the common ones as first suggestions."""
    usable = Talent.objects.usable_by(user)
    chosen = list(usable.filter(pk__in=chosen_ids))
    suggestions = list(usable.filter(common=True).exclude(pk__in=chosen_ids)[:SUGGESTIONS])
    return chosen, suggestions


def ensure_writer(user) -> None:
    """After the scope check (404 first), refuse roles that may only read."""
    if user.role not in WRITERS:
        raise PermissionDenied


def get_resident_for_user(request: HttpRequest, pk: int) -> Resident:
    qs = Resident.objects.select_related("buurt__wijk", "responsible_verbinder")
    return get_object_for_user(qs, request.user, pk=pk)


def warn_if_unreachable(request: HttpRequest, resident: Resident) -> None:
    if not resident.is_reachable:
        messages.warning(
            request,
            _(
                "Er is geen e-mailadres of telefoonnummer. "
                "Dat is nodig om later een match te maken."
            ),
        )


def timeline(resident: Resident, user):
    """The resident's conversations this user may see (sensitive ones only for the wijkteam)."""
    return (
        resident.conversations.without_sensitive_for(user)
        .select_related("verbinder")
        .prefetch_related("talents")
    )


#: Conversations the resident page shows at first; older ones come with "eerdere gesprekken".
TIMELINE_PAGE = 20


def timeline_page(resident: Resident, user, start: int = 0) -> dict:
    """The conversations from ``start`` on (newest first), and where the next batch starts."""
    rows = list(timeline(resident, user)[start : start + TIMELINE_PAGE + 1])
    more_from = start + TIMELINE_PAGE if len(rows) > TIMELINE_PAGE else None
    return {"conversations": rows[:TIMELINE_PAGE], "more_from": more_from}


def talent_links(resident: Resident):
    return resident.talent_links.select_related("talent").order_by("talent__name")


@require_http_methods(["GET", "HEAD"])
@login_required
@role_required(*STAFF)
@vary_on_headers("HX-Request")
def resident_list(request: HttpRequest) -> HttpResponse:
    form = ResidentFilterForm(request.GET, user=request.user)
    residents = (
        Resident.objects.visible_to(request.user)
        .filter_by(form.filters(), user=request.user)
        .select_related("buurt", "responsible_verbinder")
        .prefetch_related(
            Prefetch(
                "talent_links",
                queryset=ResidentTalent.objects.select_related("talent").order_by("talent__name"),
            )
        )
    )
    page = CappedPaginator(residents, 25).get_page(request.GET.get("page"))
    # A list shows names and contact details: its reads are audited too (without the query,
    # which may itself be a phone number).
    record("resident.list", request=request)
    template = "talents/resident_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#resident-table"
    return render(request, template, {"form": form, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
@role_required(*WRITERS)
def resident_create(request: HttpRequest) -> HttpResponse:
    form = ResidentForm(
        request.POST or None, user=request.user, initial={"responsible_verbinder": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        resident = services.resident_create(
            data=form.cleaned_data, by=request.user, request=request
        )
        messages.success(request, _("%(name)s is toegevoegd.") % {"name": resident.first_name})
        warn_if_unreachable(request, resident)
        return redirect(resident)
    return render(request, "talents/resident_form.html", {"form": form})


@require_http_methods(["GET", "HEAD"])
@login_required
@vary_on_headers("HX-Request")
def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_resident_for_user(request, pk)
    record("resident.view", resident, request=request)
    context = {
        "resident": resident,
        **timeline_page(resident, request.user),
        "talent_links": talent_links(resident),
        "talent_form": ResidentTalentForm(user=request.user),
        "conversation_form": ConversationForm(user=request.user),
        "can_write": request.user.role in WRITERS,
        # Coordinators see that a conversation took place, never what was said (DESIGN.md).
        "show_notes": request.user.is_verbinder,
    }
    if context["can_write"]:
        context["chosen"], context["suggestions"] = picker_talents(request.user, [])
    return render(request, "talents/resident_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def resident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_resident_for_user(request, pk)
    ensure_writer(request.user)
    initial = {"version": resident.version}
    form = ResidentForm(request.POST or None, instance=resident, user=request.user, initial=initial)
    if request.method == "GET":
        record("resident.view", resident, request=request)
    elif form.is_valid():
        try:
            resident = services.resident_update(
                resident=resident,
                data=form.cleaned_data,
                by=request.user,
                request=request,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except services.ResidentChangedError:
            return _edit_conflict(request, pk)
        messages.success(request, _("De wijzigingen zijn opgeslagen."))
        warn_if_unreachable(request, resident)
        return redirect(resident)
    return render(request, "talents/resident_form.html", {"form": form, "resident": resident})


def _edit_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep what was typed, show what is saved now, and let the person save again on purpose."""
    current = get_resident_for_user(request, pk)
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = ResidentForm(data, instance=current, user=request.user)
    form.is_valid()
    context = {
        "form": form,
        "resident": current,
        "conflict": True,
        "current_fields": ResidentForm(instance=current, user=request.user),
    }
    return render(request, "talents/resident_form.html", context, status=409)


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def resident_talents(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_resident_for_user(request, pk)
    ensure_writer(request.user)
    form = ResidentTalentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        talent = (
            data["talent"]
            or services.talents_from_names(
                names=[data["new_talent"]], by=request.user, request=request
            )[0]
        )
        services.resident_talent_set(
            resident=resident,
            talent=talent,
            offered=data["offered"],
            note=data["note"],
            wants_to_develop=data["wants_to_develop"],
            by=request.user,
            request=request,
        )
        if not request.htmx:
            return redirect(resident.get_absolute_url() + "#talents")
        form = ResidentTalentForm(user=request.user)
    elif request.method == "GET":
        record("resident.view", resident, request=request)
    return _render_talents(request, resident, form)


def _render_talents(request: HttpRequest, resident: Resident, form) -> HttpResponse:
    context = {
        "resident": resident,
        "talent_links": talent_links(resident),
        "talent_form": form,
        "can_write": True,
    }
    template = "talents/resident_talents.html"
    if request.htmx:
        template = "talents/resident_detail.html#talents"
    return render(request, template, context)


@require_POST
@login_required
def resident_talent_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    resident = get_resident_for_user(request, pk)
    ensure_writer(request.user)
    # The resident passed the scope check; its own links are in scope with it.
    link = get_object_or_404(ResidentTalent, resident=resident, pk=link_pk)
    services.resident_talent_remove(link=link, by=request.user, request=request)
    if not request.htmx:
        return redirect(resident.get_absolute_url() + "#talents")
    return _render_talents(request, resident, ResidentTalentForm(user=request.user))
