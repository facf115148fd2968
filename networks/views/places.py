"""Ontwikkelplaatsen: the list with filters, create and edit, the page, and the review of a
public sign-up. Only reviewed, active places with a free place count as available."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.conflicts import StaleVersion, conflict_response
from buurtinbloei.permissions import Perm, requires
from talents.models import Talent

from .. import services
from ..forms import OntwikkelplaatsFilterForm, OntwikkelplaatsForm
from ..models import Ontwikkelplaats
from ..selectors import get_place_for_user, may_change


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_NETWORKS)
@vary_on_headers("HX-Request")
def place_list(request: HttpRequest) -> HttpResponse:
    form = OntwikkelplaatsFilterForm(request.GET)
    filters = form.filters()
    places = (
        Ontwikkelplaats.objects.visible_to(request.user)
        .select_related("organisation", "buurt__wijk")
        .prefetch_related(Prefetch("talents", queryset=Talent.objects.order_by("name")))
        .order_by("title", "pk")
    )
    if filters.get("q"):
        places = places.filter(
            Q(title__icontains=filters["q"]) | Q(organisation__name__icontains=filters["q"])
        )
    if filters.get("kind"):
        places = places.filter(kind=filters["kind"])
    if filters.get("wijk"):
        places = places.filter(buurt__wijk=filters["wijk"])
    if filters.get("talent"):
        places = places.filter(talents=filters["talent"])
    if filters.get("available") == "free":
        places = places.available()
    elif filters.get("available") == "waiting":
        places = places.filter(Q(reviewed=False) | Q(organisation__reviewed=False))
    page = Paginator(places, 25).get_page(request.GET.get("page"))
    template = "networks/place_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#place-table"
    return render(request, template, {"form": form, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.CHANGE_NETWORKS)
def place_create(request: HttpRequest) -> HttpResponse:
    initial = {"organisation": request.GET.get("organisatie"), "active": True, "places_taken": 0}
    form = OntwikkelplaatsForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        place = services.ontwikkelplaats_save(
            data=form.cleaned_data, by=request.user, request=request
        )
        messages.success(request, _("%(title)s is toegevoegd.") % {"title": place.title})
        return redirect(place)
    return render(request, "networks/place_form.html", {"form": form})


@require_http_methods(["GET", "HEAD"])
@login_required
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_place_for_user(request.user, pk)
    context = {
        "place": place,
        "talents": place.talents.order_by("name"),
        "can_change": may_change(place, request.user),
    }
    return render(request, "networks/place_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_place_for_user(request.user, pk, for_change=True)
    form = _form(request, place, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ontwikkelplaats_save(
                data=form.cleaned_data,
                by=request.user,
                request=request,
                place=place,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except StaleVersion:
            current = get_place_for_user(request.user, pk, for_change=True)
            return conflict_response(
                request,
                "networks/place_form.html",
                {"place": current},
                rebind=lambda data: _form(request, current, data),
                current=current,
                actions=PLACE_CHANGES,
                discard_url=current.get_absolute_url(),
            )
        messages.success(request, _("De wijzigingen zijn opgeslagen."))
        return redirect(place)
    return render(request, "networks/place_form.html", {"form": form, "place": place})


#: Audit actions that change a place (who saved last, on the conflict page); a match starting
#: or ending there moves its places taken.
PLACE_CHANGES = (
    "ontwikkelplaats.update",
    "ontwikkelplaats.create",
    "ontwikkelplaats.place_taken",
    "ontwikkelplaats.place_returned",
)


def _form(request: HttpRequest, place: Ontwikkelplaats, data) -> OntwikkelplaatsForm:
    """The edit form of ``place`` as it is saved now (its version included)."""
    initial = {name: getattr(place, name) for name in services.ONTWIKKELPLAATS_FIELDS}
    initial["talents"] = list(place.talents.values_list("pk", flat=True))
    initial["version"] = place.version
    return OntwikkelplaatsForm(
        data, user=request.user, initial=initial, current_organisation_id=place.organisation_id
    )


@require_POST
@login_required
def place_review(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_place_for_user(request.user, pk, for_change=True)
    services.ontwikkelplaats_review(place=place, by=request.user, request=request)
    messages.success(
        request, _("%(title)s is beoordeeld en nu beschikbaar.") % {"title": place.title}
    )
    return redirect(place)
