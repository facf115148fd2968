"""A resident's trainings, as a section of the resident's page (registry Section)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.audit import record
from talents.selectors import get_resident_for_user

from ..models import Training, TrainingParticipant, completion_percent


@require_http_methods(["GET", "HEAD"])
@login_required
@vary_on_headers("HX-Request")
def resident_trainings(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_resident_for_user(request.user, pk)
    record("resident.view", resident, request=request)
    visible = Training.objects.visible_to(request.user)
    participations = (
        TrainingParticipant.objects.filter(resident=resident, training__in=visible)
        .with_progress()
        .select_related("training", "next_step_place", "next_step_core_team")
        .order_by("-joined_on", "-pk")
    )
    context = {
        "resident": resident,
        "participations": participations,
        "percent": completion_percent(),
    }
    template = "trainings/resident_trainings.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#resident-trainings"
    return render(request, template, context)
