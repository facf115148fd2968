"""The trainings' part of the KPI dashboard (a registry KpiSection): aggregates only.

A training counts in the period in which its first session falls (like a match on the day it
starts), for the wijkteam it belongs to. With a wijk chosen, only participants who live in that
wijk count. Completion is the database's: attended at least TRAINING_COMPLETION_PERCENT of the
training's sessions (by now).
"""

from __future__ import annotations

from django.db.models import Count, Min, OuterRef, Subquery

from .models import TrainingParticipant, TrainingSession, completion_percent


def figures(filters) -> dict:
    first_day = Subquery(
        TrainingSession.objects.filter(training=OuterRef("training"))
        .order_by()
        .values("training")
        .annotate(first=Min("date"))
        .values("first")[:1]
    )
    participants = TrainingParticipant.objects.alias(first_day=first_day).filter(
        first_day__gte=filters.period.start, first_day__lte=filters.period.end
    )
    if filters.wijkteam is not None:
        participants = participants.filter(training__wijkteam_id=filters.wijkteam.pk)
    if filters.wijk is not None:
        participants = participants.filter(resident__buurt__wijk_id=filters.wijk.pk)
    counts = participants.aggregate(
        trainings=Count("training", distinct=True),
        participants=Count("pk"),
        residents=Count("resident", distinct=True),
    )
    # Completion is itself computed from aggregates (subqueries), so it is counted apart.
    finished = participants.with_progress().filter(completed=True)
    counts["completed"] = finished.count()
    counts["next_steps"] = finished.exclude(next_step_kind="").count()
    share = None
    if counts["participants"]:
        share = round(100 * counts["completed"] / counts["participants"])
    return {"trainings": {**counts, "share": share, "percent": completion_percent()}}
