"""Trainings: the list, a new training, its page with the attendance grid, sessions and
participants. Participant lists name residents: every read of one is audited."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.audit import record
from buurtinbloei.once import submit_once
from buurtinbloei.paging import CappedPaginator
from buurtinbloei.permissions import Perm, requires

from .. import services
from ..forms import (
    ParticipantForm,
    ParticipantSearchForm,
    SessionForm,
    TrainingForm,
    candidates_for,
)
from ..models import Training, TrainingParticipant, TrainingSession, completion_percent
from ..selectors import attendance_grid, get_training_for_user

#: Residents the participant search shows at most.
SEARCH_ROWS = 20


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_RESIDENTS)
def training_list(request: HttpRequest) -> HttpResponse:
    trainings = (
        Training.objects.visible_to(request.user)
        .with_counts()
        .select_related("wijkteam", "trainer")
        .order_by("-first_day", "-pk")
    )
    page = CappedPaginator(trainings, 25).get_page(request.GET.get("page"))
    return render(request, "trainings/training_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.CHANGE_RESIDENTS)
def training_create(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = TrainingForm(data, user=request.user)
    if request.method == "POST" and form.is_valid():
        submitted = submit_once(
            token=form.cleaned_data["token"],
            user=request.user,
            create=lambda: services.training_create(
                data=form.cleaned_data, by=request.user, request=request
            ),
            url_of=lambda training: training.get_absolute_url(),
        )
        if submitted.again:
            return redirect(submitted.earlier_url or "trainings:training-list")
        messages.success(request, _("De training is aangemaakt. Voeg nu de bijeenkomsten toe."))
        return redirect(submitted.created)
    return render(request, "trainings/training_form.html", {"form": form})


def _detail_context(request: HttpRequest, training: Training, **extra) -> dict:
    editable = Training.objects.editable_by(request.user).filter(pk=training.pk).exists()
    return {
        "training": training,
        "grid": attendance_grid(training),
        "editable": editable,
        "percent": completion_percent(),
        "session_form": extra.pop("session_form", None) or SessionForm(),
        **extra,
    }


@require_http_methods(["GET", "HEAD"])
@login_required
@vary_on_headers("HX-Request")
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_training_for_user(request.user, pk)
    record("training.view", training, request=request)
    template = "trainings/training_detail.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#attendance"
    return render(request, template, _detail_context(request, training))


@require_http_methods(["GET", "POST"])
@login_required
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_training_for_user(request.user, pk, for_change=True)
    form = SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        submit_once(
            token=form.cleaned_data["token"],
            user=request.user,
            create=lambda: services.session_add(
                training=training, data=form.cleaned_data, by=request.user, request=request
            ),
            url_of=lambda session: training.get_absolute_url(),
        )
        messages.success(request, _("De bijeenkomst is toegevoegd."))
        return redirect(training.get_absolute_url() + "#aanwezigheid")
    return render(request, "trainings/session_form.html", {"training": training, "form": form})


@require_POST
@login_required
def session_remove(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    training = get_training_for_user(request.user, pk, for_change=True)
    session = get_object_or_404(TrainingSession, training=training, pk=session_pk)
    try:
        services.session_remove(session=session, by=request.user, request=request)
    except services.TrainingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("De bijeenkomst is verwijderd."))
    return redirect(training.get_absolute_url() + "#bijeenkomsten-kop")


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: search the wijkteam's residents. POST: add the one chosen."""
    training = get_training_for_user(request.user, pk, for_change=True)
    search = ParticipantSearchForm(request.GET or None)
    q = search.cleaned_data.get("q", "") if search.is_valid() else ""
    if request.method == "POST":
        form = ParticipantForm(request.POST, user=request.user, training=training)
        if form.is_valid():
            resident = form.cleaned_data["resident"]
            try:
                services.participant_add(
                    training=training, resident=resident, by=request.user, request=request
                )
            except services.TrainingError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("%(name)s doet mee.") % {"name": resident.first_name})
            return redirect(request.get_full_path())
        messages.error(request, form.errors["resident"][0])
        return redirect(request.get_full_path())
    rows: list = []
    if len(q) >= 2:
        rows = list(
            candidates_for(request.user, training)
            .search(q)
            .select_related("buurt")
            .order_by("first_name", "last_name", "pk")[: SEARCH_ROWS + 1]
        )
        record("resident.list", request=request)
    context = {
        "training": training,
        "search": search,
        "q": q,
        "candidates": rows[:SEARCH_ROWS],
        "more": len(rows) > SEARCH_ROWS,
        "searched": len(q) >= 2,
    }
    template = "trainings/participant_add.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#candidates"
    return render(request, template, context)


@require_POST
@login_required
def attendance_toggle(request: HttpRequest, pk: int, participant_pk: int, session_pk: int):
    """One tap per participant: ``present`` is "1" or "0" (what the button says it will do, so
    a double tap sets the same again instead of flipping it back)."""
    training = get_training_for_user(request.user, pk, for_change=True)
    participant = get_object_or_404(TrainingParticipant, training=training, pk=participant_pk)
    session = get_object_or_404(TrainingSession, training=training, pk=session_pk)
    present = request.POST.get("present") == "1"
    services.attendance_set(
        participant=participant, session=session, present=present, by=request.user, request=request
    )
    if request.htmx:
        context = _detail_context(request, training)
        return render(request, "trainings/training_detail.html#attendance", context)
    return redirect(training.get_absolute_url() + f"#deelnemer-{participant.pk}")


@require_POST
@login_required
def participant_remove(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    training = get_training_for_user(request.user, pk, for_change=True)
    participant = get_object_or_404(
        TrainingParticipant.objects.select_related("resident"), training=training, pk=participant_pk
    )
    try:
        services.participant_remove(participant=participant, by=request.user, request=request)
    except services.TrainingError as error:
        messages.error(request, error.message)
        return redirect(participant.get_absolute_url())
    messages.success(
        request,
        _("%(name)s doet niet meer mee aan deze training.")
        % {"name": participant.resident.first_name},
    )
    return redirect(training.get_absolute_url() + "#aanwezigheid")
