"""The trainings' part of one resident's data: export (right of access) and erasure."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from .models import Attendance, TrainingParticipant


def export(resident) -> dict:
    participations = (
        TrainingParticipant.objects.filter(resident=resident)
        .with_progress()
        .select_related("training__wijkteam", "next_step_place", "next_step_core_team")
        .prefetch_related("attendances__session")
        .order_by("joined_on", "pk")
    )
    return {
        "trainings": [
            {
                "training": p.training.name,
                "wijkteam": p.training.wijkteam.name,
                "joined_on": p.joined_on.isoformat(),
                "sessions_attended": sorted(
                    a.session.date.isoformat() for a in p.attendances.all()
                ),
                "sessions_total": p.session_count,
                "completed": p.completed,
                "next_step": p.next_step_kind or None,
                "next_step_place": str(p.next_step_place) if p.next_step_place_id else None,
                "next_step_core_team": (
                    str(p.next_step_core_team) if p.next_step_core_team_id else None
                ),
                "next_step_note": p.next_step_note,
            }
            for p in participations
        ]
    }


def erase(resident, *, by) -> None:
    """Participation and attendance stay (the training's counts need them; the resident's name
    is erased by the talents app); the free text about the next step goes."""
    TrainingParticipant.objects.filter(resident=resident).update(next_step_note="")


def audit_subjects(resident) -> dict[str, list]:
    return {
        TrainingParticipant._meta.label_lower: list(
            TrainingParticipant.objects.filter(resident=resident).values_list("pk", flat=True)
        )
    }


def activity_since(cutoff) -> list:
    """Joined a training, or came to a session, at or after the cutoff."""
    return [
        Exists(
            TrainingParticipant.objects.filter(
                resident=OuterRef("pk"), joined_on__gte=cutoff.date()
            )
        ),
        Exists(
            Attendance.objects.filter(participant__resident=OuterRef("pk"), marked_at__gte=cutoff)
        ),
    ]
