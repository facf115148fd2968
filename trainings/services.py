"""State changes of Kom tot Bloei trainings: keyword-only ``<entity>_<action>`` functions, each
validating what the database cannot and writing its audit event next to the change."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtinbloei.audit import record
from matches.models import Request
from matches.services.matches import MatchError, kind_for, propose_match
from networks.models import CoreTeam, MemberRole, Ontwikkelplaats
from networks.services import NetworkError, core_team_member_add
from talents.models import Conversation, ConversationKind, Resident, Talent
from talents.services import conversation_log

from .models import (
    Attendance,
    NextStepKind,
    Training,
    TrainingParticipant,
    TrainingSession,
)

TRAINING_FIELDS = ("name", "wijkteam", "trainer", "trainer_name", "place", "description")
SESSION_FIELDS = ("date", "starts_at", "place")


class TrainingError(Exception):
    """A change that cannot be made now; ``message`` says why, in plain Dutch."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def training_create(*, data: dict, by, request=None) -> Training:
    with transaction.atomic():
        training = Training.objects.create(
            created_by=by, **{k: v for k, v in data.items() if k in TRAINING_FIELDS}
        )
        record("training.create", training, request=request, actor=by)
    return training


def session_add(*, training: Training, data: dict, by, request=None) -> TrainingSession:
    with transaction.atomic():
        session = TrainingSession.objects.create(
            training=training, **{k: v for k, v in data.items() if k in SESSION_FIELDS}
        )
        record("training.session_add", training, request=request, actor=by)
    return session


def session_remove(*, session: TrainingSession, by, request=None) -> None:
    """Take a session off (a wrong date) while nobody is marked present at it yet."""
    if Attendance.objects.filter(session=session).exists():
        raise TrainingError(
            _("Bij deze bijeenkomst is al aanwezigheid vastgelegd; ze blijft staan.")
        )
    with transaction.atomic():
        record(
            "training.session_remove",
            session.training,
            request=request,
            actor=by,
            details={"session": session.pk},
        )
        session.delete()


def participant_add(
    *, training: Training, resident: Resident, by, request=None
) -> TrainingParticipant:
    """Add a resident of the training's wijkteam (the form offers only those)."""
    if resident.wijkteam_id != training.wijkteam_id:
        raise TrainingError(_("Deze inwoner hoort niet bij het wijkteam van de training."))
    try:
        with transaction.atomic():
            participant = TrainingParticipant.objects.create(training=training, resident=resident)
            record("training.participant_add", participant, request=request, actor=by)
    except IntegrityError:
        raise TrainingError(
            _("%(name)s doet al mee aan deze training.") % {"name": resident.first_name}
        ) from None
    return participant


def participant_remove(*, participant: TrainingParticipant, by, request=None) -> None:
    """Take someone off the list who signed up but never came; who came is the training's
    history (and its counts), so they stay."""
    if Attendance.objects.filter(participant=participant).exists():
        raise TrainingError(
            _("%(name)s was al bij een bijeenkomst en blijft op de lijst.")
            % {"name": participant.resident.first_name}
        )
    with transaction.atomic():
        record("training.participant_remove", participant, request=request, actor=by)
        participant.delete()


def attendance_set(
    *, participant: TrainingParticipant, session: TrainingSession, present: bool, by, request=None
) -> bool:
    """Mark the participant present at (or absent from) the session; returns ``present``.
    Setting what is already so changes nothing, so a double tap cannot flip it back."""
    if session.training_id != participant.training_id:
        raise TrainingError(_("Deze bijeenkomst hoort niet bij deze training."))
    with transaction.atomic():
        if present:
            _row, created = Attendance.objects.get_or_create(
                participant=participant, session=session
            )
            changed = created
        else:
            changed = bool(
                Attendance.objects.filter(participant=participant, session=session).delete()[0]
            )
        if changed:
            record(
                "training.attendance",
                participant,
                request=request,
                actor=by,
                details={"session": session.pk, "present": present},
            )
    return present


def participant_talents_record(
    *,
    participant: TrainingParticipant,
    talents: list[Talent],
    data: dict,
    by,
    request=None,
) -> Conversation:
    """Talents found during the training, logged like any talent conversation (kind 'Kom tot
    Bloei'): they become the resident's offered talents and confirm their offers that day."""
    return conversation_log(
        resident=participant.resident,
        data={
            "date": data.get("date") or timezone.localdate(),
            "kind": ConversationKind.KOM_TOT_BLOEI,
            "summary": data.get("summary", ""),
            "wishes": data.get("wishes", ""),
        },
        talents=talents,
        by=by,
        request=request,
    )


def next_step_choose(
    *,
    participant: TrainingParticipant,
    kind: str,
    by,
    place: Ontwikkelplaats | None = None,
    request_obj: Request | None = None,
    core_team: CoreTeam | None = None,
    talent: Talent | None = None,
    note: str = "",
    request=None,
    today: datetime.date | None = None,
) -> TrainingParticipant:
    """Record the next step a finished participant takes, and take it: a proposed match with
    the ontwikkelplaats or the request's asker, or membership of the kernteam."""
    progress = TrainingParticipant.objects.with_progress().get(pk=participant.pk)
    if not progress.completed:
        raise TrainingError(_("Deze deelnemer heeft de training nog niet afgerond."))
    resident = participant.resident
    changes: dict = {
        "next_step_kind": kind,
        "next_step_place": None,
        "next_step_request": None,
        "next_step_core_team": None,
        "next_step_match": None,
        "next_step_note": note[:300],
        "next_step_on": today or timezone.localdate(),
        "next_step_by": by,
    }
    try:
        with transaction.atomic():
            if kind == NextStepKind.PLACE and place is not None:
                match = propose_match(
                    by,
                    kind=kind_for(resident_a=resident, place_b=place) or "",
                    resident_a=resident,
                    place_b=place,
                    talent=talent,
                    http_request=request,
                )
                changes.update(next_step_place=place, next_step_match=match)
            elif kind == NextStepKind.REQUEST and request_obj is not None:
                asker, asking_place = request_obj.resident, request_obj.ontwikkelplaats
                match = propose_match(
                    by,
                    kind=kind_for(resident_a=asker, place_a=asking_place, resident_b=resident)
                    or "",
                    resident_a=asker,
                    place_a=asking_place,
                    resident_b=resident,
                    talent=request_obj.talent,
                    request=request_obj,
                    http_request=request,
                )
                changes.update(next_step_request=request_obj, next_step_match=match)
            elif kind == NextStepKind.CORE_TEAM and core_team is not None:
                core_team_member_add(
                    team=core_team,
                    data={"resident": resident, "role": MemberRole.VOLUNTEER},
                    by=by,
                    request=request,
                )
                changes["next_step_core_team"] = core_team
            elif kind == NextStepKind.OTHER and note.strip():
                pass
            else:
                raise TrainingError(_("Kies een volgende stap."))
            for name, value in changes.items():
                setattr(participant, name, value)
            participant.save(update_fields=list(changes))
            record("training.next_step", participant, request=request, actor=by)
    except (MatchError, NetworkError) as error:
        raise TrainingError(error.message) from None
    return participant
