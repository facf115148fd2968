"""The talents app's part of one resident's data: export (right of access) and erasure.

The core's privacy tools call these through the registry (talents/contributions.py), so a
resident's access export and erasure cover every table of this app.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, F, OuterRef

from .models import (
    ConsentRecord,
    Conversation,
    Resident,
    ResidentStatus,
    ResidentTalent,
    SignUp,
    SignUpStatus,
    refresh_asks,
)

#: What an erased resident is called from then on (no initials: nothing that identifies).
ERASED_NAME = "Geanonimiseerd"


def _date(value) -> str | None:
    return value.isoformat() if value else None


def export(resident: Resident) -> dict:
    """Everything this app stores about the resident, sensitive conversations included."""
    return {
        "resident": {
            "first_name": resident.first_name,
            "last_name": resident.last_name,
            "email": resident.email,
            "phone": resident.phone,
            "postcode": resident.postcode,
            "buurt": str(resident.buurt) if resident.buurt_id else None,
            "birth_year": resident.birth_year,
            "languages": resident.languages,
            "status": resident.status,
            "source": resident.source,
            "responsible_verbinder": str(resident.responsible_verbinder or "") or None,
            "created_at": _date(resident.created_at),
            "updated_at": _date(resident.updated_at),
        },
        "talents": [
            {
                "talent": link.talent.name,
                "offered": link.offered,
                "wants_to_develop": link.wants_to_develop,
                "note": link.note,
            }
            for link in ResidentTalent.objects.filter(resident=resident)
            .select_related("talent")
            .order_by("talent__name")
        ],
        "conversations": [
            {
                "date": _date(c.date),
                "kind": c.kind,
                "verbinder": str(c.verbinder or "") or None,
                "summary": c.summary,
                "talents": [t.name for t in c.talents.all()],
                "wishes": c.wishes,
                "asks": c.asks,
                "next_step": c.next_step,
                "follow_up_on": _date(c.follow_up_on),
                "sensitive": c.sensitive,
            }
            for c in Conversation.objects.filter(resident=resident)
            .select_related("verbinder")
            .prefetch_related("talents")
            .order_by("date", "pk")
        ],
        "signups": [
            {
                "received": _date(s.created_at),
                "first_name": s.first_name,
                "email": s.email,
                "phone": s.phone,
                "postcode": s.postcode,
                "wants_to_give": s.wants_to_give,
                "wants_to_receive": s.wants_to_receive,
                "talents": [t.name for t in s.talents.all()],
                "talents_other": s.talents_other,
                "help_wanted": s.help_wanted,
                "preferred_language": s.preferred_language,
            }
            for s in SignUp.objects.filter(resident=resident)
            .prefetch_related("talents")
            .order_by("created_at")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "text_version": c.text_version,
                "given_at": _date(c.given_at),
                "withdrawn_at": _date(c.withdrawn_at),
                "channel": c.get_channel_display(),
                "legal_ground": c.legal_ground,
            }
            for c in ConsentRecord.objects.filter(resident=resident).order_by("given_at")
        ],
    }


@transaction.atomic
def erase(resident: Resident, *, by) -> None:
    """Remove what identifies the resident; keep the rows (buurt, dates, talents) that counts
    and other people's records need. Irreversible."""
    Resident.objects.filter(pk=resident.pk).update(
        first_name=ERASED_NAME,
        last_name="",
        email="",
        phone="",
        postcode="",
        birth_year=None,
        languages="",
        status=ResidentStatus.ANONYMISED,
        version=F("version") + 1,
    )
    ResidentTalent.objects.filter(resident=resident).update(note="")
    # The version too: a correction opened before the erasure never writes the notes back.
    Conversation.objects.filter(resident=resident).update(
        summary="", wishes="", asks="", next_step="", version=F("version") + 1
    )
    # A sign-up that became this resident is done: its contact details are no longer needed.
    # One still open is closed with it (the check constraint asks an open sign-up for a way to
    # reach the person, and nobody may reach them any more).
    SignUp.objects.filter(resident=resident).update(
        status=SignUpStatus.DONE,
        first_name=ERASED_NAME,
        email="",
        phone="",
        postcode="",
        talents_other="",
        help_wanted="",
        preferred_language="",
    )
    refresh_asks([resident.pk])  # the flags are derived from the texts just cleared
    resident.refresh_from_db()


def audit_subjects(resident: Resident) -> dict[str, list]:
    """What the audit log may name for this resident in this app."""
    return {
        Resident._meta.label_lower: [resident.pk],
        Conversation._meta.label_lower: list(
            Conversation.objects.filter(resident=resident).values_list("pk", flat=True)
        ),
        SignUp._meta.label_lower: list(
            SignUp.objects.filter(resident=resident).values_list("pk", flat=True)
        ),
    }


def activity_since(cutoff) -> list:
    """A conversation on or after the cutoff, or a sign-up received since (the resident's own
    ``updated_at`` is the retention command's first condition)."""
    return [
        Exists(Conversation.objects.filter(resident=OuterRef("pk"), date__gte=cutoff.date())),
        Exists(SignUp.objects.filter(resident=OuterRef("pk"), created_at__gte=cutoff)),
    ]
