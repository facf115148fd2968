"""Reads the training views share: a training or participant for a user, the attendance grid,
and the next steps that fit a finished participant."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from buurtinbloei.scoping import get_object_for_user
from matches.selectors.suggestions import Suggestion, suggestions_for_resident
from networks.models import CoreTeam

from .models import Attendance, Training, TrainingParticipant

#: How many kernteams a finished participant is offered at most.
CORE_TEAM_SUGGESTIONS = 5


def get_training_for_user(user, pk: int, *, for_change: bool = False) -> Training:
    qs = Training.objects.select_related("wijkteam", "trainer")
    return get_object_for_user(qs, user, pk=pk, for_change=for_change)


def get_participant_for_user(
    user, pk: int, participant_pk: int, *, for_change: bool = False
) -> TrainingParticipant:
    """The participant of a training the user may see (404) and, ``for_change``, change (403)."""
    training = get_training_for_user(user, pk, for_change=for_change)
    qs = TrainingParticipant.objects.with_progress().select_related(
        "resident__buurt__wijk",
        "next_step_place",
        "next_step_request",
        "next_step_core_team",
        "next_step_match",
    )
    participant = get_object_or_404(qs, training=training, pk=participant_pk)
    participant.training = training
    return participant


def participants_of(training: Training) -> QuerySet[TrainingParticipant]:
    return (
        TrainingParticipant.objects.filter(training=training)
        .with_progress()
        .select_related("resident__buurt")
    )


@dataclass
class Grid:
    """Who came to which session: rows of (participant, [(session, present), ...])."""

    sessions: list
    rows: list = field(default_factory=list)
    #: Sessions at which someone was marked present (those cannot be removed).
    attended_sessions: set = field(default_factory=set)


def attendance_grid(training: Training) -> Grid:
    """Three queries, however many participants and sessions."""
    sessions = list(training.sessions.all())
    participants = list(participants_of(training))
    present = set(
        Attendance.objects.filter(participant__training=training).values_list(
            "participant_id", "session_id"
        )
    )
    grid = Grid(sessions=sessions, attended_sessions={session for _p, session in present})
    for participant in participants:
        cells = [(s, (participant.pk, s.pk) in present) for s in sessions]
        grid.rows.append((participant, cells))
    return grid


@dataclass
class NextSteps:
    matches: list[Suggestion]
    core_teams: list[CoreTeam]


def next_steps_for(user, participant: TrainingParticipant) -> NextSteps:
    """Open requests and ontwikkelplaatsen that fit what the resident offers or wants to
    develop (the "Past bij" suggestions), and kernteams in the resident's wijk, own buurt
    first, that the resident is not in yet."""
    resident = participant.resident
    matches = suggestions_for_resident(user, resident, limit=8)
    teams: list[CoreTeam] = []
    if resident.buurt_id:
        teams = list(
            CoreTeam.objects.visible_to(user)
            .filter(buurt__wijk_id=resident.buurt.wijk_id)
            .exclude(members__resident=resident, members__active=True)
            .annotate(
                here=Case(
                    When(buurt_id=resident.buurt_id, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .select_related("buurt")
            .order_by("here", "name", "pk")[:CORE_TEAM_SUGGESTIONS]
        )
    return NextSteps(matches=[s for s in matches if not s.is_elsewhere], core_teams=teams)
