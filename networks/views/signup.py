"""The public sign-up for organisations at /aanmelden/organisatie/: no account, plain words."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from buurtinbloei.audit import client_ip
from buurtinbloei.public_forms import RATE_LIMITED_STATUS, rate_limited_message

from .. import services
from ..forms import OrganisationSignUpForm


@require_http_methods(["GET", "POST"])
@never_cache
def organisation_signup(request: HttpRequest) -> HttpResponse:
    status = 200
    form = OrganisationSignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_signup_submit(data=form.cleaned_data, ip=client_ip(request))
        except services.SignUpRateLimited:
            form.add_error(None, rate_limited_message())
            status = RATE_LIMITED_STATUS
        else:
            return redirect("networks:organisation-signup-thanks")
    return render(request, "networks/signup_form.html", {"form": form}, status=status)


@require_GET
def organisation_signup_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "networks/signup_thanks.html")
