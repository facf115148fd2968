"""Organisations: the list, create and edit, the page with its partner roles and places, and the
review of a public sign-up. Readable city-wide, changed by the verbinders of its buurt."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.conflicts import StaleVersion, conflict_response
from buurtinbloei.permissions import Perm, requires

from .. import services
from ..forms import OrganisationFilterForm, OrganisationForm, PartnerForm
from ..models import Organisation, Partner
from ..selectors import get_organisation_for_user, may_change


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_NETWORKS)
@vary_on_headers("HX-Request")
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET)
    filters = form.filters()
    organisations = (
        Organisation.objects.visible_to(request.user)
        .select_related("buurt__wijk")
        .annotate(
            place_count=Count("ontwikkelplaatsen", distinct=True),
            partner_count=Count("partnerships", filter=Q(partnerships__active=True), distinct=True),
        )
        .order_by("name", "pk")
    )
    if filters.get("q"):
        organisations = organisations.filter(name__icontains=filters["q"])
    if filters.get("kind"):
        organisations = organisations.filter(kind=filters["kind"])
    if filters.get("wijk"):
        organisations = organisations.filter(buurt__wijk=filters["wijk"])
    if filters.get("review") == "waiting":
        organisations = organisations.awaiting_review()
    page = Paginator(organisations, 25).get_page(request.GET.get("page"))
    template = "networks/organisation_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#organisation-table"
    return render(request, template, {"form": form, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.CHANGE_NETWORKS)
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_save(
            data=form.cleaned_data, by=request.user, request=request
        )
        messages.success(request, _("%(name)s is toegevoegd.") % {"name": organisation.name})
        return redirect(organisation)
    return render(request, "networks/organisation_form.html", {"form": form})


@require_http_methods(["GET", "HEAD"])
@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    context = {
        "organisation": organisation,
        "can_change": may_change(organisation, request.user),
        "places": organisation.ontwikkelplaatsen.select_related("buurt").order_by("title"),
        # Partner roles and contacts are the business of the wijk's own team.
        "partners": Partner.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("wijk")
        .order_by("wijk__name", "role"),
    }
    return render(request, "networks/organisation_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk, for_change=True)
    form = OrganisationForm(request.POST or None, user=request.user, initial=_initial(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_save(
                data=form.cleaned_data,
                by=request.user,
                request=request,
                organisation=organisation,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except StaleVersion:
            current = get_organisation_for_user(request.user, pk, for_change=True)
            return conflict_response(
                request,
                "networks/organisation_form.html",
                {"organisation": current},
                rebind=lambda data: OrganisationForm(
                    data, user=request.user, initial=_initial(current)
                ),
                current=current,
                actions=("organisation.update", "organisation.create"),
                discard_url=current.get_absolute_url(),
            )
        messages.success(request, _("De wijzigingen zijn opgeslagen."))
        return redirect(organisation)
    context = {"form": form, "organisation": organisation}
    return render(request, "networks/organisation_form.html", context)


def _initial(organisation: Organisation) -> dict:
    initial = {name: getattr(organisation, name) for name in services.ORGANISATION_FIELDS}
    return {**initial, "version": organisation.version}


@require_POST
@login_required
def organisation_review(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk, for_change=True)
    services.organisation_review(organisation=organisation, by=request.user, request=request)
    messages.success(
        request,
        _("%(name)s is beoordeeld: de ontwikkelplaatsen zijn nu beschikbaar.")
        % {"name": organisation.name},
    )
    return redirect(organisation)


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.CHANGE_NETWORKS)
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Make an organisation (from anywhere in the city) a partner in one of the own wijken."""
    organisation = get_organisation_for_user(request.user, pk)
    form = PartnerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_add(
                organisation=organisation, data=form.cleaned_data, by=request.user, request=request
            )
        except services.NetworkError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("De partnerrol is toegevoegd."))
            return redirect(organisation)
    context = {"form": form, "organisation": organisation}
    return render(request, "networks/partner_form.html", context)
