"""Residents of other wijkteams who offer a talent, in the reduced cross-wijkteam form.

A verbinder looking for someone who can help may look beyond the own wijkteam, but only sees
first name, wijk and the verbinder to contact (DESIGN.md, roles): the policy's
``discoverable_by`` fetches nothing more, so this page cannot show more.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from buurtinbloei.audit import record
from buurtinbloei.permissions import Perm, requires

from ..forms import DiscoverForm
from ..models import Resident, ResidentTalent


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.DISCOVER_ACROSS_WIJKTEAMS)
def resident_discover(request: HttpRequest) -> HttpResponse:
    form = DiscoverForm(request.GET or None)
    talent = form.talent_or_none()
    page = None
    if talent is not None:
        offers = ResidentTalent.objects.filter(resident=OuterRef("pk"), talent=talent, offered=True)
        residents = (
            Resident.objects.filter(Exists(offers))
            .discoverable_by(request.user)
            .order_by("buurt__wijk__name", "first_name", "pk")
        )
        page = Paginator(residents, 25).get_page(request.GET.get("page"))
        record("resident.discover", request=request)
    context = {"form": form, "talent": talent, "page": page}
    return render(request, "talents/resident_discover.html", context)
