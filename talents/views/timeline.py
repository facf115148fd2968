"""Older conversations on the resident page ("eerdere gesprekken"), a batch at a time.

Someone followed for years has hundreds of conversations; the resident page shows the latest
ones and this view serves the next batch: as an htmx fragment that replaces the button, or as a
page of its own without JavaScript.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.audit import record

from ..selectors import get_resident_for_user, timeline_page

#: Far enough for anyone; a tampered number must not turn into a huge OFFSET.
MAX_START = 100_000


@require_http_methods(["GET", "HEAD"])
@login_required
@vary_on_headers("HX-Request")
def resident_conversations(request: HttpRequest, pk: int) -> HttpResponse:
    """Like the resident page: whoever may see the resident (others get 404)."""
    resident = get_resident_for_user(request.user, pk)
    record("resident.view", resident, request=request)
    start = request.GET.get("vanaf", "")
    start = min(int(start), MAX_START) if start.isdigit() and len(start) < 7 else 0
    context = {
        "resident": resident,
        **timeline_page(resident, request.user, start),
    }
    template = "talents/resident_conversations.html"
    if request.htmx and not request.htmx.history_restore_request:
        template = "talents/resident_detail.html#conversation-items"
    return render(request, template, context)
