"""Residents: the list with live search, create, edit (optimistic locking), the timeline page."""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.audit import record
from buurtinbloei.conflicts import conflict_response
from buurtinbloei.once import submit_once
from buurtinbloei.paging import CappedPaginator
from buurtinbloei.permissions import Perm, requires

from .. import services
from ..forms import (
    ConversationForm,
    ResidentCreateForm,
    ResidentFilterForm,
    ResidentForm,
    ResidentTalentForm,
)
from ..models import Resident, ResidentTalent
from ..selectors import get_resident_for_user, picker_talents, talent_links, timeline_page


def warn_if_unreachable(request: HttpRequest, resident: Resident) -> None:
    if not resident.is_reachable:
        messages.warning(
            request,
            _(
                "Er is geen e-mailadres of telefoonnummer. "
                "Dat is nodig om later een match te maken."
            ),
        )


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_RESIDENTS)
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
@requires(Perm.CHANGE_RESIDENTS)
def resident_create(request: HttpRequest) -> HttpResponse:
    form = ResidentCreateForm(
        request.POST or None, user=request.user, initial={"responsible_verbinder": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        submitted = submit_once(
            token=form.cleaned_data["token"],
            user=request.user,
            create=lambda: services.resident_create(
                data=form.cleaned_data, by=request.user, request=request
            ),
            url_of=lambda resident: resident.get_absolute_url(),
        )
        name = form.cleaned_data["first_name"]
        messages.success(request, _("%(name)s is toegevoegd.") % {"name": name})
        if submitted.again:  # a double tap: the first submit made the resident
            return redirect(submitted.earlier_url or "talents:resident-list")
        warn_if_unreachable(request, submitted.created)
        return redirect(submitted.created)
    return render(request, "talents/resident_form.html", {"form": form})


@require_http_methods(["GET", "HEAD"])
@login_required
@vary_on_headers("HX-Request")
def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_resident_for_user(request.user, pk)
    record("resident.view", resident, request=request)
    context = {
        "resident": resident,
        **timeline_page(resident, request.user),
        "talent_links": talent_links(resident),
        "talent_form": ResidentTalentForm(user=request.user),
        "conversation_form": ConversationForm(user=request.user),
        "consents": resident.consents.order_by("-given_at", "-pk"),
    }
    if request.user.may.change_residents:
        context["chosen"], context["suggestions"] = picker_talents(request.user, [])
    return render(request, "talents/resident_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def resident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_resident_for_user(request.user, pk, for_change=True)
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
    current = get_resident_for_user(request.user, pk)
    return conflict_response(
        request,
        "talents/resident_form.html",
        {
            "resident": current,
            "conflict_title": _("Iemand anders heeft deze inwoner net ook gewijzigd."),
        },
        # A copy: validating the typed data writes it onto the instance, and the page's
        # heading names the resident as saved.
        rebind=lambda data: ResidentForm(data, instance=copy(current), user=request.user),
        current=current,
        actions=RESIDENT_CHANGES,
        discard_url=current.get_absolute_url(),
    )


#: Audit actions that change a resident's fields (who saved last, on the conflict page).
RESIDENT_CHANGES = ("resident.update", "resident.create")


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def resident_talents(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_resident_for_user(request.user, pk, for_change=True)
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


def _undo_key(resident: Resident) -> str:
    return f"talents.undo-remove.{resident.pk}"


def _render_talents(request: HttpRequest, resident: Resident, form) -> HttpResponse:
    context = {
        "resident": resident,
        "talent_links": talent_links(resident),
        "talent_form": form,
        # Just removed: "ongedaan maken" adds it back as it was (once; kept in the session so
        # it also works without JavaScript, after the redirect).
        "undo": request.session.pop(_undo_key(resident), None),
    }
    template = "talents/resident_talents.html"
    if request.htmx:
        template = "talents/resident_detail.html#talents"
    return render(request, template, context)


@require_POST
@login_required
def resident_talent_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    resident = get_resident_for_user(request.user, pk, for_change=True)
    # The resident passed the scope check; its own links are in scope with it.
    link = get_object_or_404(
        ResidentTalent.objects.select_related("talent"), resident=resident, pk=link_pk
    )
    services.resident_talent_remove(link=link, by=request.user, request=request)
    request.session[_undo_key(resident)] = {
        "talent": link.talent_id,
        "name": link.talent.display_name,
        "offered": link.offered,
        "wants_to_develop": link.wants_to_develop,
        "note": link.note,
    }
    if not request.htmx:
        return redirect("talents:resident-talents", pk=resident.pk)
    return _render_talents(request, resident, ResidentTalentForm(user=request.user))
