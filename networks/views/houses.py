"""Student houses: the list with filters, create and edit, the house's page with its members,
and the contact's confirmation page (a signed link, no login).

Houses are readable city-wide by whoever works with networks (any verbinder may match one,
like an ontwikkelplaats); their members are personal data: named only to the verbinders of the
house's own wijkteam, and that read is audited. Coördinatoren see how many members there are.
The contact's e-mail and phone go to whoever may read contact persons, and that read is audited
too.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.audit import record
from buurtinbloei.conflicts import StaleVersion, conflict_response
from buurtinbloei.permissions import Perm, requires
from buurtinbloei.scoping import get_object_for_user
from talents.models import Talent

from .. import services_houses as services
from ..forms_houses import (
    HouseConfirmForm,
    HouseFilterForm,
    HouseForm,
    HouseMemberForm,
    availability_text,
)
from ..models import HouseMember, StudentHouse, academic_year_label
from ..selectors import may_change

TEMPLATE = "networks/house_detail.html"


def _houses():
    return StudentHouse.objects.select_related("buurt__wijk").annotate(
        active_member_count=Count("members", filter=Q(members__active=True), distinct=True),
        unconfirmed=services.unconfirmed_q(),
    )


def get_house_for_user(user, pk: int, *, for_change: bool = False) -> StudentHouse:
    return get_object_for_user(_houses(), user, pk=pk, for_change=for_change)


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_NETWORKS)
@vary_on_headers("HX-Request")
def house_list(request: HttpRequest) -> HttpResponse:
    form = HouseFilterForm(request.GET)
    filters = form.filters()
    houses = (
        _houses()
        .visible_to(request.user)
        .prefetch_related(Prefetch("talents", queryset=Talent.objects.order_by("name")))
        .order_by("name", "pk")
    )
    if filters.get("q"):
        houses = houses.filter(name__icontains=filters["q"])
    if filters.get("wijk"):
        houses = houses.filter(buurt__wijk=filters["wijk"])
    if filters.get("talent"):
        houses = houses.filter(talents=filters["talent"])
    if filters.get("state") == "unconfirmed":
        houses = houses.filter(unconfirmed=True)
    elif filters.get("state") == "inactive":
        houses = houses.filter(active=False)
    page = Paginator(houses, 25).get_page(request.GET.get("page"))
    template = "networks/house_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#house-table"
    return render(request, template, {"form": form, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.CHANGE_NETWORKS)
def house_create(request: HttpRequest) -> HttpResponse:
    form = HouseForm(request.POST or None, user=request.user, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        house = services.house_save(data=form.cleaned_data, by=request.user, request=request)
        messages.success(request, _("%(name)s is toegevoegd.") % {"name": house.name})
        return redirect(house)
    return render(request, "networks/house_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def house_edit(request: HttpRequest, pk: int) -> HttpResponse:
    house = get_house_for_user(request.user, pk, for_change=True)
    form = _form(request, house, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.house_save(
                data=form.cleaned_data,
                by=request.user,
                request=request,
                house=house,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except StaleVersion:
            current = get_house_for_user(request.user, pk, for_change=True)
            return conflict_response(
                request,
                "networks/house_form.html",
                {"house": current},
                rebind=lambda data: _form(request, current, data),
                current=current,
                actions=HOUSE_CHANGES,
                discard_url=current.get_absolute_url(),
            )
        messages.success(request, _("De wijzigingen zijn opgeslagen."))
        return redirect(house)
    return render(request, "networks/house_form.html", {"form": form, "house": house})


#: Audit actions that change a house's fields (who saved last, on the conflict page).
HOUSE_CHANGES = ("house.update", "house.create")


def _form(request: HttpRequest, house: StudentHouse, data) -> HouseForm:
    """The edit form of ``house`` as it is saved now (its version included)."""
    initial = {name: getattr(house, name) for name in services.HOUSE_FIELDS}
    initial["availability"] = availability_text(house.availability)
    initial["talents"] = list(house.talents.values_list("pk", flat=True))
    initial["version"] = house.version
    return HouseForm(data, user=request.user, initial=initial)


def _detail(request: HttpRequest, house: StudentHouse, member_form=None, status=200):
    can_change = may_change(house, request.user)
    show_members = can_change and request.user.may.see_team_members
    context = {
        "house": house,
        "talents": house.talents.order_by("name"),
        "can_change": can_change,
        "show_members": show_members,
        "confirmation": services.open_confirmation(house),
    }
    # The contact's e-mail and phone (city-wide, to whoever may read contact persons) and the
    # members' names (the own wijkteam) are personal data: a page showing either is audited,
    # once, saying which it showed.
    show_contact = request.user.may.read_contact_persons
    if show_members or show_contact:
        details = {"members": show_members, "contact": show_contact}
        record("house.view", house, request=request, details=details)
    if show_members:
        context["members"] = list(house.members.order_by("-active", "first_name", "pk"))
        context["member_form"] = member_form or HouseMemberForm()
    last = house.confirmations.order_by("-academic_year").first()
    if last is not None:
        context["last_confirmation"] = last
        context["last_year"] = academic_year_label(last.academic_year)
    return render(request, TEMPLATE, context, status=status)


@require_http_methods(["GET", "HEAD"])
@login_required
def house_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_house_for_user(request.user, pk))


@require_http_methods(["GET", "POST"])
@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the house page with the form; POST: add the member (errors keep what was typed)."""
    house = get_house_for_user(request.user, pk, for_change=True)
    form = HouseMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = services.member_add(
            house=house, data=form.cleaned_data, by=request.user, request=request
        )
        messages.success(request, _("%(name)s is toegevoegd.") % {"name": member.first_name})
        return redirect(house)
    return _detail(request, house, member_form=form)


@require_POST
@login_required
def member_toggle(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    house = get_house_for_user(request.user, pk, for_change=True)
    member = get_object_for_user(
        HouseMember.objects.filter(house=house), request.user, pk=member_pk, for_change=True
    )
    services.member_set_active(
        member=member, active=not member.active, by=request.user, request=request
    )
    if member.active:
        messages.success(request, _("%(name)s is weer actief.") % {"name": member.first_name})
    else:
        messages.success(request, _("%(name)s is niet meer actief.") % {"name": member.first_name})
    return redirect(house)


# --- The contact's confirmation page -------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    """The link is a secret: never indexed (never_cache keeps it out of caches)."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_refused(request: HttpRequest, status: int) -> HttpResponse:
    page = render(request, "networks/house_confirm_gone.html", {"status": status}, status=status)
    return _private(page)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def house_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Who lives in the house this academic year? The page shows the house's name and its
    members' first names and studies (the contact knows them); 410 once used or expired."""
    try:
        confirmation = services.confirmation_for_token(token)
    except services.LinkGone:
        return _link_refused(request, 410)
    except services.LinkUnknown:
        return _link_refused(request, 404)
    house = confirmation.house
    members = list(house.members.filter(active=True).order_by("first_name", "pk"))
    form = HouseConfirmForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirmation_answer(
                confirmation=confirmation,
                staying=form.cleaned_data["staying_ids"],
                new_members=form.cleaned_data["new_members"],
                request=request,
            )
        except services.LinkGone:
            return _link_refused(request, 410)
        return _private(render(request, "networks/house_confirm_thanks.html", {"house": house}))
    context = {
        "form": form,
        "house": house,
        "year": academic_year_label(confirmation.academic_year),
    }
    return _private(render(request, "networks/house_confirm.html", context))
