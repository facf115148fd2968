"""The public sign-up at /aanmelden/: no account, plain words, nothing typed is lost."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from buurtinbloei.audit import client_ip

from ..forms_public import SignUpForm
from ..services_signup import SignUpRateLimited, signup_submit


@require_http_methods(["GET", "POST"])
@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        base_url = settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")
        try:
            signup_submit(data=form.cleaned_data, ip=client_ip(request), base_url=base_url)
        except SignUpRateLimited:
            form.add_error(
                None,
                _(
                    "Er zijn vanaf deze internetverbinding net al veel aanmeldingen verstuurd. "
                    "Probeer het later nog een keer, of bel WIJeindhoven."
                ),
            )
        else:
            return redirect("public:signup-thanks")
    return render(request, "talents/signup_form.html", {"form": form})


@require_GET
def signup_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "talents/signup_thanks.html")
