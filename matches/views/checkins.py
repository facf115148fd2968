"""Check-ins: the verbinder's one click ("gebeld, gaat goed", "geen gehoor", "aandachtspunt"),
and the contact person's link, without an account: signed, expiring, single use."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from buurtinbloei.permissions import Perm, requires
from buurtinbloei.scoping import get_object_for_user

from ..forms.matches import CheckInLogForm, ContactCheckInForm
from ..models import CheckIn, MatchStatus
from ..services import matches as services


@require_POST
@login_required
@requires(Perm.CHANGE_RESIDENTS)
def check_in_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Back to the panel, or to the match page (``next=match``); htmx follows the redirect and
    gets that page's fragment."""
    qs = CheckIn.objects.filter(match__status=MatchStatus.STARTED).select_related("match")
    check_in = get_object_for_user(qs, request.user, pk=pk, for_change=True)
    form = CheckInLogForm(request.POST)
    try:
        if not form.is_valid():
            raise services.MatchError(_("Kies hoe het gesprek ging."))
        services.check_in_log(
            check_in=check_in,
            result=form.cleaned_data["result"],
            by=request.user,
            request=request,
        )
    except services.MatchError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Check-in vastgelegd."))
    if request.POST.get("next") == "match":
        return redirect(check_in.match)
    return redirect("matches:panel")


def _link_refused(request: HttpRequest, status: int) -> HttpResponse:
    return render(request, "matches/checkin_gone.html", {"status": status}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def contact_check_in(request: HttpRequest, token: str) -> HttpResponse:
    """The contact person's three questions. The page names only the resident's first name and
    the places' titles; a link that expired or was used answers 410, a wrong one 404."""
    try:
        check_in = services.check_in_for_token(token)
    except services.LinkGone:
        return _link_refused(request, 410)
    except services.LinkUnknown:
        return _link_refused(request, 404)
    form = ContactCheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in_answer(check_in=check_in, **form.cleaned_data, request=request)
        except services.LinkGone:
            return _link_refused(request, 410)
        return render(request, "matches/checkin_thanks.html")
    match = check_in.match
    context = {
        "form": form,
        "first_name": match.resident_a.first_name if match.resident_a_id else "",
        "place_a": match.place_a.title if match.place_a_id else "",
        "place_b": match.place_b.title,
    }
    return render(request, "matches/checkin_contact.html", context)
