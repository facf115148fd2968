"""The home page panel with the verbinder's own follow-ups: due this week, and overdue."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.paging import CappedPaginator
from buurtinbloei.permissions import role_required
from buurtinbloei.scoping import get_object_for_user

from .. import services
from ..models import Conversation
from .residents import WRITERS


def open_follow_ups(user):
    return Conversation.objects.visible_to(user).filter(
        verbinder=user, follow_up_done=False, follow_up_on__isnull=False
    )


#: The panel shows the most urgent follow-ups; the full list has the rest.
PANEL_SIZE = 8


def render_panel(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    end_of_week = today + datetime.timedelta(days=6 - today.weekday())
    due = open_follow_ups(request.user).filter(follow_up_on__lte=end_of_week)
    counts = due.aggregate(
        overdue=Count("pk", filter=Q(follow_up_on__lt=today)),
        this_week=Count("pk", filter=Q(follow_up_on__gte=today)),
    )
    # A verbinder with hundreds open gets the most overdue first, not a 150 KB fragment.
    urgent = list(due.select_related("resident").order_by("follow_up_on", "pk")[:PANEL_SIZE])
    context = {
        "overdue": [c for c in urgent if c.follow_up_on < today],
        "this_week": [c for c in urgent if c.follow_up_on >= today],
        "overdue_count": counts["overdue"],
        "this_week_count": counts["this_week"],
        "not_shown": counts["overdue"] + counts["this_week"] - len(urgent),
        "today": today,
    }
    template = "talents/follow_ups.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#follow-ups"
    return render(request, template, context)


@require_http_methods(["GET", "HEAD"])
@login_required
@role_required(*WRITERS)
@vary_on_headers("HX-Request")
def follow_ups_panel(request: HttpRequest) -> HttpResponse:
    return render_panel(request)


@require_POST
@login_required
@role_required(*WRITERS)
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = get_object_for_user(open_follow_ups(request.user), request.user, pk=pk)
    services.conversation_follow_up_done(
        conversation=conversation, by=request.user, request=request
    )
    if request.POST.get("next") == "list":
        return redirect("talents:follow-ups")
    if not request.htmx:
        return redirect("talents:follow-ups-panel")
    return render_panel(request)


@require_http_methods(["GET", "HEAD"])
@login_required
@role_required(*WRITERS)
def follow_up_list(request: HttpRequest) -> HttpResponse:
    """All of the verbinder's open follow-ups, the most overdue first."""
    follow_ups = (
        open_follow_ups(request.user).select_related("resident").order_by("follow_up_on", "pk")
    )
    page = CappedPaginator(follow_ups, 25).get_page(request.GET.get("page"))
    context = {"page": page, "today": timezone.localdate()}
    return render(request, "talents/follow_up_list.html", context)
