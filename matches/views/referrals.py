"""Partner referrals: a partner refers someone who agreed to it, and follows their own
referrals in plain words. A referral is a sign-up in the wijkteam's inbox; the partner never
sees a resident, a request or anything a verbinder wrote."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.audit import record
from buurtinbloei.once import submit_once
from buurtinbloei.paging import CappedPaginator
from buurtinbloei.permissions import Perm, requires
from talents.models import SignUp

from ..forms.requests import ReferralForm
from ..selectors_requests import referral_progress
from ..services.requests import referral_submit

#: The latest referrals the home page panel shows.
PANEL_ROWS = 5


def own_referrals(user):
    """The partner's own referrals, with only what the partner may see: the first name they
    typed, the date and where it stands (the linked request's status, fetched as one column)."""
    return (
        SignUp.objects.visible_to(user)
        .filter(referred_by=user)
        .annotate(request_status=F("request__status"))
        .only("pk", "first_name", "created_at", "status", "referred_by")
        .order_by("-created_at", "-pk")
    )


def _rows(signups) -> list[dict]:
    return [
        {"first_name": s.first_name, "date": s.created_at, "progress": referral_progress(s)}
        for s in signups
    ]


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.REFER_RESIDENTS)
def referral_create(request: HttpRequest) -> HttpResponse:
    form = ReferralForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        submit_once(
            token=form.cleaned_data["token"],
            user=request.user,
            create=lambda: referral_submit(
                data=form.cleaned_data, by=request.user, request=request
            ),
            url_of=lambda signup: reverse("matches:referral-list"),
        )
        messages.success(
            request,
            _("Dank je wel. %(name)s is doorverwezen; een verbinder van de wijk neemt contact op.")
            % {"name": form.cleaned_data["first_name"]},
        )
        return redirect("matches:referral-list")
    return render(request, "matches/referral_form.html", {"form": form})


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.REFER_RESIDENTS)
def referral_list(request: HttpRequest) -> HttpResponse:
    page = CappedPaginator(own_referrals(request.user), 25).get_page(request.GET.get("page"))
    # The list names the people the partner referred: audited like the other lists that do.
    record("referral.list", request=request)
    return render(request, "matches/referral_list.html", {"page": page, "rows": _rows(page)})


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.REFER_RESIDENTS)
@vary_on_headers("HX-Request")
def referral_panel(request: HttpRequest) -> HttpResponse:
    rows = _rows(own_referrals(request.user)[:PANEL_ROWS])
    record("referral.list", request=request)
    template = "matches/referral_panel.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#referral-panel"
    return render(request, template, {"rows": rows})
