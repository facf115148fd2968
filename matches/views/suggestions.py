"""Suggestions: for a request ("Suggesties" on its page) and for a resident ("Past bij" on
theirs), and the one-click "Biedt dit nog steeds aan" for a stale offer.

Both lists are sections other pages load with htmx (registry.Section); without JavaScript the
section's link opens the same list as a page of its own.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.audit import record
from buurtinbloei.permissions import Perm, requires
from buurtinbloei.scoping import get_object_for_user
from talents.models import ResidentTalent
from talents.selectors import get_resident_for_user

from ..models import Request
from ..selectors.suggestions import (
    stale_offers,
    suggestions_for_request,
    suggestions_for_resident,
    why_not_suggested,
)


def _template(request: HttpRequest, name: str, partial: str) -> str:
    if request.htmx and not request.htmx.history_restore_request:
        return f"{name}#{partial}"
    return name


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_RESIDENTS)
@vary_on_headers("HX-Request")
def request_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Request.objects.select_related(
        "resident", "ontwikkelplaats", "talent", "signup", "buurt__wijk"
    )
    hulpvraag = get_object_for_user(queryset, request.user, pk=pk)
    suggestions = suggestions_for_request(request.user, hulpvraag)
    # A list that names people: the look is audited, like the resident list.
    record("request.suggestions", hulpvraag, request=request)
    context = {"hulpvraag": hulpvraag, "suggestions": suggestions}
    template = _template(request, "matches/suggestions_request.html", "request-suggestions")
    return render(request, template, context)


def _resident_context(request: HttpRequest, resident) -> dict:
    suggestions = suggestions_for_resident(request.user, resident)
    return {
        "resident": resident,
        "suggestions": suggestions,
        # Only an empty list can have a reason to be empty.
        "blocked": "" if suggestions else why_not_suggested(resident),
        "stale": list(stale_offers(resident)),
    }


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_RESIDENTS)
@vary_on_headers("HX-Request")
def resident_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_resident_for_user(request.user, pk)
    record("resident.suggestions", resident, request=request)
    template = _template(request, "matches/suggestions_resident.html", "resident-suggestions")
    return render(request, template, _resident_context(request, resident))


@require_POST
@login_required
@requires(Perm.CHANGE_RESIDENTS)
def offer_confirm(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    """ "Biedt dit nog steeds aan": the offer counts as fresh from today (pressing it twice
    does the same once)."""
    resident = get_resident_for_user(request.user, pk, for_change=True)
    # The resident passed the scope check; their own offers are in scope with it.
    link = get_object_or_404(
        ResidentTalent.objects.select_related("talent"), resident=resident, pk=link_pk, offered=True
    )
    ResidentTalent.objects.filter(pk=link.pk).update(confirmed_on=datetime.date.today())
    record("resident.offer_confirm", resident, request=request)
    confirmed = _("%(talent)s staat weer in het aanbod.") % {"talent": link.talent.display_name}
    if not request.htmx:
        messages.success(request, confirmed)
        return redirect("matches:resident-suggestions", pk=resident.pk)
    context = {**_resident_context(request, resident), "confirmed": confirmed}
    return render(request, "matches/suggestions_resident.html#resident-suggestions", context)
