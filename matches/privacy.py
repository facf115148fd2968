"""A resident's part in the matches app, for the privacy tools (buurtinbloei/registry.py): the
requests they asked, the matches they are a side of, and the check-ins on those matches.

Erasure keeps every row, because the KPI counts matches and requests (DESIGN.md): it empties the
free text that could identify or describe the person and leaves dates, statuses and kinds.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from networks.models import Ontwikkelplaats

from .models import (
    ACTIVE_STATUSES,
    CheckIn,
    CloseReason,
    Match,
    MatchEvent,
    MatchKind,
    MatchStatus,
    Outcome,
    Request,
    RequestStatus,
    StopReason,
)


def _matches_of(resident):
    return Match.objects.filter(Q(resident_a=resident) | Q(resident_b=resident))


def export(resident) -> dict:
    requests = Request.objects.filter(resident=resident).select_related("talent", "buurt")
    matches = _matches_of(resident).select_related(
        "talent", "resident_a", "resident_b", "place_b", "house_b", "verbinder"
    )
    check_ins = CheckIn.objects.filter(match__in=_matches_of(resident)).order_by("due_on", "pk")
    return {
        "requests": [
            {
                "talent": r.talent.name if r.talent_id else "",
                "help_theme": r.get_help_theme_display(),
                "description": r.description,
                "source": r.get_source_display(),
                "status": r.get_status_display(),
                "close_reason": r.get_close_reason_display(),
                "close_note": r.close_note,
                "created_on": r.created_on.isoformat(),
                "closed_on": r.closed_on.isoformat() if r.closed_on else None,
            }
            for r in requests
        ],
        "matches": [
            {
                "kind": m.get_kind_display(),
                "side": "a" if m.resident_a_id == resident.pk else "b",
                # The other side is named by first name or place title only: the export is the
                # resident's own, not the other person's.
                # A student house by its name; who of the house went are other people's data.
                "with": (
                    m.place_b.title
                    if m.place_b_id
                    else m.house_b.name
                    if m.house_b_id
                    else (
                        m.resident_b if m.resident_a_id == resident.pk else m.resident_a
                    ).first_name
                ),
                "talent": m.talent.name if m.talent_id else "",
                "status": m.get_status_display(),
                "proposed_on": m.proposed_on.isoformat(),
                "started_on": m.started_on.isoformat() if m.started_on else None,
                "ended_on": m.ended_on.isoformat() if m.ended_on else None,
                "outcome": m.get_outcome_display(),
                "stop_reason": m.get_stop_reason_display(),
                "note": m.note,
                "evaluation": m.evaluation_a if m.resident_a_id == resident.pk else m.evaluation_b,
            }
            for m in matches
        ],
        "check_ins": [
            {
                "match": c.match_id,
                "due_on": c.due_on.isoformat(),
                "result": c.get_result_display(),
                "note": c.note,
                "contact_note": c.contact_note,
            }
            for c in check_ins
        ],
    }


def erase(resident, *, by) -> None:
    """Empty what was written about the resident, and end what still runs: an erased person
    takes part in no match and asks nothing any more. A match that started keeps its start
    date (it counted, and keeps counting, for the KPI on that date)."""
    today = timezone.localdate()
    for match in _matches_of(resident).active().select_related("place_b"):
        if match.status == MatchStatus.STARTED and match.kind == MatchKind.RESIDENT_PLACE:
            Ontwikkelplaats.objects.filter(pk=match.place_b_id, places_taken__gt=0).update(
                places_taken=F("places_taken") - 1, version=F("version") + 1
            )
        Match.objects.filter(pk=match.pk).update(
            status=MatchStatus.ENDED,
            outcome=Outcome.STOPPED,
            stop_reason=StopReason.OTHER,
            ended_on=max(today, match.started_on or match.proposed_on),
            follow_up_on=None,
            updated_at=timezone.now(),
            version=F("version") + 1,
        )
        MatchEvent.objects.create(
            match=match, status=MatchStatus.ENDED, date=today, by=by, what="erased"
        )
        CheckIn.objects.filter(match=match, done_at__isnull=True).delete()
    Request.objects.filter(resident=resident).exclude(status=RequestStatus.CLOSED).update(
        status=RequestStatus.CLOSED,
        close_reason=CloseReason.OTHER,
        closed_on=today,
        updated_at=timezone.now(),
    )
    Request.objects.filter(resident=resident).update(description="", close_note="")
    _matches_of(resident).update(note="")
    Match.objects.filter(resident_a=resident).update(evaluation_a="")
    Match.objects.filter(resident_b=resident).update(evaluation_b="")
    CheckIn.objects.filter(match__in=_matches_of(resident)).update(note="", contact_note="")


def audit_subjects(resident) -> dict[str, list]:
    return {
        Request._meta.label_lower: list(
            Request.objects.filter(resident=resident).values_list("pk", flat=True)
        ),
        Match._meta.label_lower: list(_matches_of(resident).values_list("pk", flat=True)),
    }


def activity_since(cutoff) -> list:
    """A request asked or closed, or a match (either side) proposed, started or ended on or
    after the cutoff, or still running (however long ago it started); one subquery per foreign
    key, so each uses that key's index."""
    day = cutoff.date()
    recent_request = Q(created_on__gte=day) | Q(closed_on__gte=day)
    recent_match = (
        Q(proposed_on__gte=day)
        | Q(started_on__gte=day)
        | Q(ended_on__gte=day)
        | Q(status__in=ACTIVE_STATUSES)
    )
    return [
        Exists(Request.objects.filter(recent_request, resident=OuterRef("pk"))),
        Exists(Match.objects.filter(recent_match, resident_a=OuterRef("pk"))),
        Exists(Match.objects.filter(recent_match, resident_b=OuterRef("pk"))),
    ]
