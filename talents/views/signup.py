"""The public sign-up at /aanmelden/: no account, plain words, nothing typed is lost."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from buurtinbloei.audit import client_ip
from buurtinbloei.public_forms import RATE_LIMITED_STATUS, rate_limited_message

from ..forms_public import SignUpForm
from ..services_signup import SignUpRateLimited, signup_submit

#: The first step's choices, as ``?wil=``: what someone wants to give, to get, or both.
CHOICES = {"geven": (True, False), "hulp": (False, True), "allebei": (True, True)}


def _choice(request: HttpRequest) -> str | None:
    """The entry chosen on the landing page or the first step; on a post, what was sent."""
    if request.method == "POST":
        flags = (
            bool(request.POST.get("wants_to_give")),
            bool(request.POST.get("wants_to_receive")),
        )
        return next((key for key, value in CHOICES.items() if value == flags), None)
    choice = request.GET.get("wil", "")
    return choice if choice in CHOICES else None


@require_http_methods(["GET", "POST"])
@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    """Step one asks what someone wants (``?wil=geven|hulp|allebei``, the landing page's links);
    step two asks only what that choice needs. It all works without JavaScript."""
    choice = _choice(request)
    status = 200
    if request.method == "GET" and choice is None:
        return render(request, "talents/signup_choose.html")
    form = SignUpForm(request.POST if request.method == "POST" else None, choice=choice)
    if request.method == "POST" and form.is_valid():
        base_url = settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")
        try:
            signup_submit(data=form.cleaned_data, ip=client_ip(request), base_url=base_url)
        except SignUpRateLimited:
            form.add_error(None, rate_limited_message())
            status = RATE_LIMITED_STATUS
        else:
            return redirect("public:signup-thanks")
    context = {"form": form, "choice": choice, "gives": choice in {"geven", "allebei"}}
    context["receives"] = choice in {"hulp", "allebei"}
    return render(request, "talents/signup_form.html", context, status=status)


@require_GET
def signup_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "talents/signup_thanks.html")
