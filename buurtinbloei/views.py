from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import Buurt, User, Wijk, Wijkteam
from .outage import RETRY_AFTER
from .permissions import Perm, requires
from .privacy import PRIVACY_STATEMENT_VERSION, who_sees_what
from .registry import panels_for
from .scoping import get_object_for_user

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "buurtinbloei/landing.html")
    wijkteams = (
        Wijkteam.objects.visible_to(request.user)
        .annotate(wijk_count=Count("wijken", distinct=True))
        .order_by("name")
    )
    context = {"wijkteams": wijkteams, "panels": panels_for(request.user)}
    return render(request, "buurtinbloei/dashboard.html", context)


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    context = {"version": PRIVACY_STATEMENT_VERSION, "who_sees_what": who_sees_what()}
    return render(request, "buurtinbloei/privacy.html", context)


#: The same green dot base.html links inline; served for the browsers and bots that ask for
#: /favicon.ico anyway (before a page's <link rel="icon"> arrives, or on a non-HTML answer).
FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
    '<circle cx="8" cy="8" r="8" fill="#0b6e4f"/></svg>'
)


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(FAVICON, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=604800"
    return response


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"; the body says which part
        # No traceback and no error mail: a health check asks every few seconds, and the
        # pages' own 503s already tell beheer (buurtinbloei/outage.py).
        logger.warning("healthz: the database does not answer", exc_info=False)
        response = JsonResponse({"status": "unavailable", "reason": "database"}, status=503)
        response.headers["Retry-After"] = str(RETRY_AFTER)
        return response
    return JsonResponse({"status": "ok"})


@require_GET
@login_required
@requires(Perm.VIEW_WIJKTEAMS)
def wijkteam_list(request: HttpRequest) -> HttpResponse:
    wijkteams = (
        Wijkteam.objects.visible_to(request.user)
        .annotate(
            wijk_count=Count("wijken", distinct=True),
            buurt_count=Count("wijken__buurten", distinct=True),
            verbinder_count=Count("members", distinct=True),
        )
        .order_by("name")
    )
    return render(request, "buurtinbloei/wijkteam_list.html", {"wijkteams": wijkteams})


@require_GET
@login_required
def wijkteam_detail(request: HttpRequest, slug: str) -> HttpResponse:
    wijkteam = get_object_for_user(Wijkteam, request.user, slug=slug)
    wijken = (
        Wijk.objects.filter(wijkteam=wijkteam)
        .select_related("stadsdeel")
        .prefetch_related(Prefetch("buurten", queryset=Buurt.objects.order_by("name")))
    )
    members = User.objects.filter(wijkteams=wijkteam, is_active=True).order_by("first_name")
    context = {"wijkteam": wijkteam, "wijken": wijken, "members": members}
    return render(request, "buurtinbloei/wijkteam_detail.html", context)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)
