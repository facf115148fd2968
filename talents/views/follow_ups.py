"""The home page panel with the verbinder's own follow-ups: due this week, and overdue."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.audit import record
from buurtinbloei.paging import CappedPaginator
from buurtinbloei.permissions import Perm, requires
from buurtinbloei.scoping import get_object_for_user

from .. import services
from ..selectors import done_follow_ups, open_follow_ups

#: The panel shows the most urgent follow-ups; the full list has the rest.
PANEL_SIZE = 8


def render_panel(request: HttpRequest, *, done=None) -> HttpResponse:
    today = timezone.localdate()
    end_of_week = today + datetime.timedelta(days=6 - today.weekday())
    due = open_follow_ups(request.user).filter(follow_up_on__lte=end_of_week)
    counts = due.aggregate(
        overdue=Count("pk", filter=Q(follow_up_on__lt=today)),
        this_week=Count("pk", filter=Q(follow_up_on__gte=today)),
    )
    # The panel names residents and their next steps: audited like the resident list.
    record("conversation.follow_up_list", request=request)
    # A verbinder with hundreds open gets the most overdue first, not a 150 KB fragment.
    urgent = list(due.select_related("resident").order_by("follow_up_on", "pk")[:PANEL_SIZE])
    context = {
        "overdue": [c for c in urgent if c.follow_up_on < today],
        "this_week": [c for c in urgent if c.follow_up_on >= today],
        "overdue_count": counts["overdue"],
        "this_week_count": counts["this_week"],
        "not_shown": counts["overdue"] + counts["this_week"] - len(urgent),
        "today": today,
        # Just marked done: the panel offers "ongedaan maken" (a query parameter without
        # JavaScript, so a reload still shows it; only the user's own done follow-ups count).
        "done": done or _just_done(request),
    }
    template = "talents/follow_ups.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#follow-ups"
    return render(request, template, context)


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.CHANGE_RESIDENTS)
@vary_on_headers("HX-Request")
def follow_ups_panel(request: HttpRequest) -> HttpResponse:
    return render_panel(request)


@require_POST
@login_required
@requires(Perm.CHANGE_RESIDENTS)
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = get_object_for_user(open_follow_ups(request.user), request.user, pk=pk)
    services.conversation_follow_up_done(
        conversation=conversation, by=request.user, request=request
    )
    if request.POST.get("next") == "list":
        return redirect("talents:follow-ups")
    if not request.htmx:
        return redirect(reverse("talents:follow-ups-panel") + f"?gedaan={conversation.pk}")
    return render_panel(request, done=conversation)


@require_POST
@login_required
@requires(Perm.CHANGE_RESIDENTS)
def follow_up_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Ongedaan maken": a follow-up marked done by mistake is open again."""
    conversation = get_object_for_user(done_follow_ups(request.user), request.user, pk=pk)
    services.conversation_follow_up_reopen(
        conversation=conversation, by=request.user, request=request
    )
    if not request.htmx:
        return redirect("talents:follow-ups-panel")
    return render_panel(request)


def _just_done(request: HttpRequest):
    pk = request.GET.get("gedaan", "")
    if not (pk.isdigit() and len(pk) < 12):
        return None
    return done_follow_ups(request.user).select_related("resident").filter(pk=int(pk)).first()


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.CHANGE_RESIDENTS)
def follow_up_list(request: HttpRequest) -> HttpResponse:
    """All of the verbinder's open follow-ups, the most overdue first."""
    follow_ups = (
        open_follow_ups(request.user).select_related("resident").order_by("follow_up_on", "pk")
    )
    page = CappedPaginator(follow_ups, 25).get_page(request.GET.get("page"))
    record("conversation.follow_up_list", request=request)
    context = {"page": page, "today": timezone.localdate()}
    return render(request, "talents/follow_up_list.html", context)
