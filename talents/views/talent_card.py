"""The talent card ('talentkaart'): one printable page with a resident's first name, talents,
what they would like to do, and the verbinder to contact; nothing else. Verbinders hand it out
at the buurtbus, so it is for the verbinders of the resident's wijkteam only."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from buurtinbloei.audit import record

from ..models import Conversation
from ..selectors import get_resident_for_user

#: Paper sizes the card prints on; the first is the default.
FORMATS = ("a6", "a4")


@require_http_methods(["GET", "HEAD"])
@login_required
def talent_card(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_resident_for_user(request.user, pk, for_change=True)
    record("resident.talent_card", resident, request=request)
    paper = request.GET.get("formaat", FORMATS[0])
    if paper not in FORMATS:
        paper = FORMATS[0]
    links = list(resident.talent_links.select_related("talent").order_by("talent__name"))
    # What they would like to do: the latest wish from a conversation that is not sensitive
    # (a card is handed out in the street; notes about health never go on it).
    wish = (
        Conversation.objects.filter(resident=resident, sensitive=False)
        .exclude(wishes="")
        .order_by("-date", "-pk")
        .values_list("wishes", flat=True)
        .first()
    )
    verbinder = resident.responsible_verbinder
    if verbinder is None or not verbinder.is_active:
        verbinder = request.user
    context = {
        "resident": resident,
        "first_name": resident.first_name,
        "offers": [link.talent for link in links if link.offered],
        "to_develop": [link.talent for link in links if link.wants_to_develop],
        "wish": wish or "",
        "verbinder_name": verbinder.get_full_name() or verbinder.email,
        "verbinder_email": verbinder.email,
        "phone": settings.WIJ_PHONE,
        "paper": paper,
        "formats": FORMATS,
    }
    return render(request, "talents/talent_card.html", context)
