"""A match with a student house: which members went (on the match page), and the "Matches"
section on a house's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.permissions import Perm, may
from buurtinbloei.scoping import get_object_for_user
from networks.models import StudentHouse

from ..forms.matches import HouseMembersForm
from ..models import Match
from ..services import houses as house_services
from ..services.matches import MatchError


def house_match_context(match: Match, user, can_change: bool, members_form=None) -> dict:
    """Who of the house went: by first name for those who may see members by name (the
    verbinders), as a number for the others (coördinatoren)."""
    went = list(match.house_members.order_by("first_name", "pk"))
    context = {
        "house_members_went": went,
        "house_members_named": Perm.SEE_TEAM_MEMBERS in may(user),
    }
    if can_change and Perm.SEE_TEAM_MEMBERS in may(user):
        context["members_form"] = members_form or HouseMembersForm(
            choosable=house_services.house_members_choosable(match),
            initial={"members": [member.pk for member in went]},
        )
    return context


@require_POST
@login_required
def match_house_members(request: HttpRequest, pk: int) -> HttpResponse:
    from .matches import _refused, get_match_for_user

    match = get_match_for_user(request.user, pk, for_change=True)
    if not match.house_b_id:
        messages.error(request, _("Deze match is niet met een studentenhuis."))
        return redirect(match)
    form = HouseMembersForm(request.POST, choosable=house_services.house_members_choosable(match))
    if not form.is_valid():
        return _refused(request, match, members_form=form)
    try:
        house_services.match_set_house_members(
            match=match, members=form.cleaned_data["members"], by=request.user, request=request
        )
    except MatchError as error:
        return _refused(request, match, error=error.message)
    messages.success(request, _("Vastgelegd wie van het huis gingen."))
    return redirect(match)


@require_http_methods(["GET", "HEAD"])
@login_required
@vary_on_headers("HX-Request")
def house_matches(request: HttpRequest, pk: int) -> HttpResponse:
    from .matches import _section

    house = get_object_for_user(StudentHouse, request.user, pk=pk)
    matches = Match.objects.visible_to(request.user).involving_house(house)
    return _section(request, house, matches, new_url=None)
