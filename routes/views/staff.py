"""The wijkteam's pages of a landing route: set one up with the resident (and counsellor), its
page with the consent matrix, the parties' links, check-ins, and ending it. Only the verbinders
of the resident's wijkteam get here (``Pathway.objects.visible_to``); every read is audited."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from buurtinbloei.audit import record
from buurtinbloei.once import submit_once
from buurtinbloei.paging import CappedPaginator
from buurtinbloei.permissions import Perm, requires
from buurtinbloei.scoping import get_object_for_user
from talents.models import Resident

from .. import services
from ..forms import CheckInForm, ConsentChangeForm, PathwayEditForm, PathwayForm
from ..models import LINK_PARTIES, Item, Party, Pathway, PathwayCheckIn, PathwayConsentChange
from ..picker import PICK_ROWS, PICKERS, chosen_ids, neighbours_of, pick
from ..sharing import STATE_LABELS, check_in_state, matrix_of

#: Consent changes shown on the route's page (the full history is in the access export).
HISTORY_ROWS = 20


def _route_rows(routes) -> list[Pathway]:
    return list(
        routes.select_related("resident", "verbinder", "partner_organisation").order_by(
            "status", "-start_date", "-pk"
        )
    )


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.RUN_ROUTES)
def route_list(request: HttpRequest) -> HttpResponse:
    """The own wijkteams' routes, and (reduced) the ones other wijkteams share with verbinders."""
    own = Pathway.objects.visible_to(request.user).select_related("resident", "verbinder")
    page = CappedPaginator(own.order_by("status", "-start_date", "-pk"), 25).get_page(
        request.GET.get("page")
    )
    shared = Pathway.objects.shared_with_verbinders(request.user).order_by("-start_date", "-pk")
    record("route.list", request=request)
    return render(
        request,
        "routes/route_list.html",
        {"page": page, "shared": list(shared.values("pk", "start_date")[:25])},
    )


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.RUN_ROUTES)
def route_create(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_object_for_user(
        Resident.objects.select_related("buurt"), request.user, pk=pk, for_change=True
    )
    form = PathwayForm(
        request.POST if request.method == "POST" else None, user=request.user, resident=resident
    )
    if request.method == "POST" and request.POST.get("zoek") in PICKERS:
        form.searching()  # "Zoek" without JavaScript: the same form, as typed, with results
    elif request.method == "POST" and form.is_valid():
        submitted = submit_once(
            token=form.cleaned_data["token"],
            user=request.user,
            create=lambda: services.route_create(
                resident=resident,
                data=form.route_data(),
                consents=form.consents(),
                counsellor_present=form.cleaned_data["counsellor_present"],
                by=request.user,
                request=request,
            ),
            url_of=lambda route: route.get_absolute_url(),
        )
        if submitted.again:
            return redirect(submitted.earlier_url or "routes:route-list")
        messages.success(request, _("De landingsroute staat klaar."))
        return redirect(submitted.created)
    record("resident.view", resident, request=request, details={"via": "route-create"})
    context = {"form": form, "resident": resident, "pickers": form.pickers(), "rows": PICK_ROWS}
    return render(request, "routes/route_form.html", context)


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.RUN_ROUTES)
def neighbour_search(request: HttpRequest, pk: int) -> HttpResponse:
    """The pickers' search as you type (htmx): ``?wie=buddy|group_residents`` and its search box,
    with the already chosen ids, which stay shown and chosen. Only neighbours the user may
    change, in the resident's own buurt, never the resident themself."""
    resident = get_object_for_user(
        Resident.objects.only("pk", "buurt_id"), request.user, pk=pk, for_change=True
    )
    name = request.GET.get("wie", "")
    name = name if name in PICKERS else "buddy"
    picked = pick(
        neighbours_of(request.user, resident),
        q=request.GET.get(PICKERS[name], ""),
        chosen=chosen_ids(request.GET.getlist(name)),
    )
    record("resident.list", request=request, details={"via": "route-picker"})
    context = {"name": name, "resident": resident, **picked}
    return render(request, "routes/neighbour_picker.html#results", context)


def _route_for(request: HttpRequest, pk: int, *, for_change: bool = False) -> Pathway:
    qs = Pathway.objects.select_related(
        "resident__buurt", "verbinder", "counsellor", "partner_organisation", "buddy"
    ).select_related("group_core_team", "group_place")
    return get_object_for_user(qs, request.user, pk=pk, for_change=for_change)


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.RUN_ROUTES)
def route_detail(request: HttpRequest, pk: int) -> HttpResponse:
    route = _route_for(request, pk)
    today = services._today()
    matrix = matrix_of(route)
    check_ins = list(PathwayCheckIn.objects.filter(route=route).select_related("by"))
    rows = [
        (c, str(STATE_LABELS[check_in_state(c, today)]), CheckInForm(prefix=f"c{c.pk}"))
        for c in check_ins
    ]
    links = services.open_links(route)
    context = {
        "route": route,
        "items": list(Item),
        "matrix_rows": [
            (party, [(item, matrix[(party.value, item.value)]) for item in Item]) for party in Party
        ],
        "check_ins": rows,
        "states": {c.pk: check_in_state(c, today) for c in check_ins},
        "links": [
            (party, links.get(party.value), services.link_token(links[party.value]))
            if party.value in links
            else (party, None, None)
            for party in LINK_PARTIES
        ],
        "group_residents": list(route.group_residents.only("pk", "first_name", "last_name")),
        "history": list(
            PathwayConsentChange.objects.filter(route=route).select_related("by")[:HISTORY_ROWS]
        ),
    }
    record("route.view", route, request=request, details={"resident": route.resident_id})
    return render(request, "routes/route_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.RUN_ROUTES)
def route_edit(request: HttpRequest, pk: int) -> HttpResponse:
    route = _route_for(request, pk, for_change=True)
    if not route.is_active:
        messages.info(request, _("Deze landingsroute is afgesloten."))
        return redirect(route)
    form = PathwayEditForm(
        request.POST if request.method == "POST" else None, user=request.user, route=route
    )
    if request.method == "POST" and request.POST.get("zoek") in PICKERS:
        form.searching()  # "Zoek" without JavaScript: the same form, as typed, with results
    elif request.method == "POST" and form.is_valid():
        changed = services.route_update(
            route=route, data=form.route_data(), by=request.user, request=request
        )
        if "buddy" in changed or "group_residents" in changed:
            messages.success(
                request, _("Opgeslagen. Wie er veranderde, krijgt een nieuwe link van je.")
            )
        else:
            messages.success(request, _("Opgeslagen."))
        return redirect(route)
    record("route.view", route, request=request, details={"resident": route.resident_id})
    context = {"form": form, "route": route, "resident": route.resident}
    context.update(pickers=form.pickers(), rows=PICK_ROWS)
    return render(request, "routes/route_edit.html", context)


@require_POST
@login_required
@requires(Perm.RUN_ROUTES)
def route_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """One click: withdraw (or give) one cell of the matrix, or a party's whole row."""
    route = _route_for(request, pk, for_change=True)
    form = ConsentChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een partij en wat er gedeeld mag worden."))
        return redirect(route)
    party, items, granted = form.cleaned_data["change"]
    try:
        changed = services.consent_set(
            route=route,
            party=party,
            items=items,
            granted=granted,
            counsellor_present=form.cleaned_data["counsellor_present"],
            by=request.user,
            request=request,
        )
    except services.PathwayError as error:
        messages.error(request, error.message)
    else:
        if not changed:
            messages.info(request, _("Er veranderde niets."))
        elif granted:
            messages.success(request, _("Toestemming vastgelegd."))
        else:
            messages.success(request, _("Toestemming ingetrokken. Dit geldt meteen."))
    return redirect(route)


@require_POST
@login_required
@requires(Perm.RUN_ROUTES)
def route_link(request: HttpRequest, pk: int, party: str) -> HttpResponse:
    """A new link for the buddy or the group (the old one stops working)."""
    route = _route_for(request, pk, for_change=True)
    try:
        services.link_create(route=route, party=party, by=request.user, request=request)
    except services.PathwayError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Nieuwe link gemaakt. Een eerdere link werkt niet meer."))
    return redirect(route)


@require_POST
@login_required
@requires(Perm.RUN_ROUTES)
def route_link_revoke(request: HttpRequest, pk: int, party: str) -> HttpResponse:
    route = _route_for(request, pk, for_change=True)
    if party not in LINK_PARTIES:  # only the buddy and the group have links (and never a NUL)
        raise Http404
    if services.link_revoke(route=route, party=party, by=request.user, request=request):
        messages.success(request, _("De link werkt niet meer."))
    else:
        messages.info(request, _("Er was geen werkende link."))
    return redirect(route)


@require_POST
@login_required
@requires(Perm.RUN_ROUTES)
def route_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    qs = PathwayCheckIn.objects.select_related("route")
    check_in = qs.filter(route__in=Pathway.objects.editable_by(request.user)).filter(pk=pk).first()
    if check_in is None:  # the same answer as any object outside one's scope
        raise Http404
    form = CheckInForm(request.POST, prefix=f"c{check_in.pk}")
    if not form.is_valid():
        messages.error(request, _("Kies hoe het ging."))
        return redirect(check_in.route)
    try:
        services.check_in_log(
            check_in=check_in,
            result=form.cleaned_data["result"],
            note=form.cleaned_data["note"],
            by=request.user,
            request=request,
        )
    except services.PathwayError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Check-in vastgelegd."))
    return redirect(check_in.route)


@require_POST
@login_required
@requires(Perm.RUN_ROUTES)
def route_end(request: HttpRequest, pk: int) -> HttpResponse:
    route = _route_for(request, pk, for_change=True)
    if not route.is_active:
        messages.info(request, _("Deze landingsroute was al afgesloten."))
    else:
        services.route_end(route=route, by=request.user, request=request)
        messages.success(request, _("Landingsroute afgesloten. De links werken niet meer."))
    return redirect(route)
