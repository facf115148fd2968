"""One participant of a training: progress, the talents found (a 'Kom tot Bloei' conversation
on the resident) and, once finished, the next step."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from buurtinbloei.audit import record
from buurtinbloei.once import submit_once
from talents.services import talents_from_names

from .. import services
from ..forms import NextStepForm, TalentsFoundForm
from ..models import Training, TrainingParticipant, completion_percent
from ..selectors import get_participant_for_user, next_steps_for


def _context(request: HttpRequest, participant: TrainingParticipant, **forms) -> dict:
    training = participant.training
    editable = Training.objects.editable_by(request.user).filter(pk=training.pk).exists()
    context = {
        "training": training,
        "participant": participant,
        "resident": participant.resident,
        "editable": editable,
        "percent": completion_percent(),
        "talents_form": forms.get("talents_form") or TalentsFoundForm(user=request.user),
        "step_form": forms.get("step_form"),
    }
    if editable and participant.completed:
        context["next_steps"] = next_steps_for(request.user, participant)
    return context


@require_http_methods(["GET", "HEAD"])
@login_required
def participant_detail(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    participant = get_participant_for_user(request.user, pk, participant_pk)
    record(
        "training.participant_view",
        participant,
        request=request,
        details={"resident": participant.resident_id},
    )
    return render(request, "trainings/participant_detail.html", _context(request, participant))


@require_POST
@login_required
def participant_talents(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    participant = get_participant_for_user(request.user, pk, participant_pk, for_change=True)
    form = TalentsFoundForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data

        def create():
            talents = list(data["talents"]) + talents_from_names(
                names=data["new_talents"], by=request.user, request=request
            )
            return services.participant_talents_record(
                participant=participant,
                talents=talents,
                data=data,
                by=request.user,
                request=request,
            )

        submit_once(
            token=data["token"],
            user=request.user,
            create=create,
            url_of=lambda conversation: participant.get_absolute_url(),
        )
        messages.success(
            request,
            _("De talenten staan nu bij %(name)s, als gesprek 'Kom tot Bloei-training'.")
            % {"name": participant.resident.first_name},
        )
        return redirect(participant.get_absolute_url())
    context = _context(request, participant, talents_form=form)
    return render(request, "trainings/participant_detail.html", context, status=200)


@require_POST
@login_required
def participant_next_step(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    participant = get_participant_for_user(request.user, pk, participant_pk, for_change=True)
    form = NextStepForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.next_step_choose(
                participant=participant,
                kind=data["kind"],
                place=data["place"],
                request_obj=data["request"],
                core_team=data["core_team"],
                talent=data["talent"],
                note=data["note"],
                by=request.user,
                request=request,
            )
        except services.TrainingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("De volgende stap is vastgelegd."))
            return redirect(participant.get_absolute_url() + "#volgende-stap")
    context = _context(request, participant, step_form=form)
    return render(request, "trainings/participant_detail.html", context)
