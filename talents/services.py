"""State changes of the talents app (staff side): keyword-only ``<entity>_<action>`` functions.

Each one validates what the database cannot, saves in one transaction, and writes its audit
event next to the change. ``request`` is optional and only gives the audit event its IP address.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.http import HttpRequest
from django.utils import timezone

from buurtinbloei.audit import record
from buurtinbloei.conflicts import StaleVersion, save_if_unchanged
from buurtinbloei.models import Wijkteam
from buurtinbloei.privacy import PRIVACY_STATEMENT_VERSION

from .models import (
    RESIDENT_FIELDS,
    ConsentRecord,
    Conversation,
    ConversationKind,
    Resident,
    ResidentSource,
    ResidentStatus,
    ResidentTalent,
    SignUp,
    Talent,
    TalentCategory,
)


class ResidentChangedError(StaleVersion):
    """Someone else saved the resident after this edit started (optimistic locking)."""


class NoWijkteamError(ValueError):
    """A resident without a buurt, saved by someone who works in no wijkteam."""


def resident_home_wijkteam(*, buurt, verbinder, by, current_id: int | None = None) -> int | None:
    """The wijkteam a resident without a buurt belongs to (None when the buurt says it).

    A resident keeps the wijkteam they have when the person saving works there; otherwise the
    wijkteam the person saving shares with the responsible verbinder (the first by name), so a
    resident never ends up outside the team of whoever saved them.
    """
    if buurt is not None:
        return None
    mine = set(by.wijkteam_ids) if by.may.work_in_wijkteams else set()
    if current_id in mine:
        return current_id
    shared = mine & set(verbinder.wijkteam_ids) if verbinder is not None else set()
    team = (
        Wijkteam.objects.filter(pk__in=shared or mine)
        .order_by("name")
        .values_list("pk", flat=True)
        .first()
    )
    if team is None:
        raise NoWijkteamError
    return team


# --- Talents ------------------------------------------------------------------------------------


def talent_propose(*, name: str, by, request: HttpRequest | None = None) -> Talent:
    """The talent with this name, or a new proposal waiting for a beheerder's approval."""
    name = " ".join(name.split())[: Talent._meta.get_field("name").max_length]
    existing = Talent.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        talent = Talent.objects.create(
            name=name[:1].upper() + name[1:],
            category=TalentCategory.OTHER,
            approved=False,
            proposed_by=by,
        )
        record("talent.propose", talent, request=request, actor=by)
    return talent


def talents_from_names(*, names: Iterable[str], by, request=None) -> list[Talent]:
    """Existing talents the user may use, matched by name; new names become proposals."""
    talents: list[Talent] = []
    for name in names:
        match = Talent.objects.usable_by(by).filter(name__iexact=name).first()
        talent = match or talent_propose(name=name, by=by, request=request)
        if talent not in talents:
            talents.append(talent)
    return talents


def talent_merge(*, source: Talent, target: Talent, by, request=None) -> Talent:
    """Move every link from ``source`` to ``target`` without duplicates, then delete ``source``."""
    if source.pk == target.pk:
        raise ValueError("A talent cannot be merged into itself")
    with transaction.atomic():
        _merge_resident_links(source=source, target=target)
        for through in (Conversation.talents.through, SignUp.talents.through):
            _merge_m2m(through, source=source, target=target)
        # The audit log names objects by id only, so the removed talent can be named too.
        record("talent.merge_source", source, request=request, actor=by)
        record("talent.merge", target, request=request, actor=by)
        source.delete()
    target.refresh_from_db()
    return target


def _merge_resident_links(*, source: Talent, target: Talent) -> None:
    target_links = {link.resident_id: link for link in ResidentTalent.objects.filter(talent=target)}
    for link in ResidentTalent.objects.filter(talent=source):
        kept = target_links.get(link.resident_id)
        if kept is None:
            link.talent = target
            link.save(update_fields=["talent"])
            continue
        # Both existed: keep one row that says everything the two said.
        kept.offered = kept.offered or link.offered
        kept.wants_to_develop = kept.wants_to_develop or link.wants_to_develop
        if link.note and link.note not in kept.note:
            kept.note = "; ".join(filter(None, [kept.note, link.note]))[:300]
        kept.save(update_fields=["offered", "wants_to_develop", "note"])
        link.delete()


def _merge_m2m(through, *, source: Talent, target: Talent) -> None:
    owner = next(f.name for f in through._meta.fields if f.name not in {"id", "talent"})
    has_target = through.objects.filter(talent=target).values(owner)
    through.objects.filter(talent=source, **{f"{owner}__in": has_target}).delete()
    through.objects.filter(talent=source).update(talent=target)


# --- Residents ----------------------------------------------------------------------------------


def resident_create(*, data: dict, by, request=None) -> Resident:
    values = {k: v for k, v in data.items() if k in RESIDENT_FIELDS}
    if not values.get("buurt") and not values.get("responsible_verbinder"):
        values["responsible_verbinder"] = by
    values["fallback_wijkteam_id"] = resident_home_wijkteam(
        buurt=values.get("buurt"), verbinder=values.get("responsible_verbinder"), by=by
    )
    with transaction.atomic():
        resident = Resident.objects.create(**values)
        record("resident.create", resident, request=request, actor=by)
    return resident


def resident_update(
    *, resident: Resident, data: dict, expected_version: int, by, request=None
) -> Resident:
    """Save the changes only if nobody saved the resident since ``expected_version``."""
    values = {k: v for k, v in data.items() if k in RESIDENT_FIELDS}
    values["fallback_wijkteam_id"] = resident_home_wijkteam(
        buurt=values.get("buurt", resident.buurt),
        verbinder=values.get("responsible_verbinder", resident.responsible_verbinder),
        by=by,
        current_id=resident.fallback_wijkteam_id,
    )
    with transaction.atomic():
        try:
            save_if_unchanged(Resident, pk=resident.pk, expected_version=expected_version, **values)
        except StaleVersion:
            raise ResidentChangedError from None
        record("resident.update", resident, request=request, actor=by)
    resident.refresh_from_db()
    return resident


def resident_talent_set(
    *,
    resident: Resident,
    talent: Talent,
    offered: bool,
    wants_to_develop: bool,
    note: str,
    by,
    request=None,
) -> ResidentTalent:
    """Add a talent to a resident, or change how it is marked when it is there already."""
    with transaction.atomic():
        link, _ = ResidentTalent.objects.update_or_create(
            resident=resident,
            talent=talent,
            defaults={"offered": offered, "wants_to_develop": wants_to_develop, "note": note},
        )
        record("resident.talent_set", resident, request=request, actor=by)
    return link


def resident_talent_remove(*, link: ResidentTalent, by, request=None) -> None:
    with transaction.atomic():
        resident = link.resident
        link.delete()
        record("resident.talent_remove", resident, request=request, actor=by)


# --- Conversations ------------------------------------------------------------------------------

CONVERSATION_FIELDS = (
    "date",
    "kind",
    "summary",
    "wishes",
    "asks",
    "next_step",
    "follow_up_on",
    "sensitive",
)


def conversation_log(
    *, resident: Resident, data: dict, talents: Iterable[Talent], by, request=None
) -> Conversation:
    """Log a conversation; its talents become the resident's offered talents."""
    talents = list(talents)
    with transaction.atomic():
        conversation = Conversation.objects.create(
            resident=resident,
            verbinder=by,
            **{k: v for k, v in data.items() if k in CONVERSATION_FIELDS},
        )
        conversation.talents.set(talents)
        known = set(
            ResidentTalent.objects.filter(resident=resident, talent__in=talents).values_list(
                "talent_id", flat=True
            )
        )
        ResidentTalent.objects.filter(resident=resident, talent__in=known).update(offered=True)
        ResidentTalent.objects.bulk_create(
            ResidentTalent(resident=resident, talent=t, offered=True)
            for t in talents
            if t.pk not in known
        )
        if resident.status == ResidentStatus.NEW:
            Resident.objects.filter(pk=resident.pk).update(
                status=ResidentStatus.IN_CONVERSATION,
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
            resident.refresh_from_db()
        record("conversation.create", conversation, request=request, actor=by)
    return conversation


def conversation_update(
    *,
    conversation: Conversation,
    data: dict,
    talents: Iterable[Talent],
    expected_version: int,
    by,
    request=None,
) -> Conversation:
    """Correct a logged conversation, only if nobody saved it since ``expected_version``
    (:class:`StaleVersion` otherwise).

    Talents added by the correction become the resident's offered talents, as when logging;
    talents taken off stay on the resident (another conversation or the resident page may
    stand behind them; the resident page removes a talent). ``ResidentTalent.confirmed_on``
    moves forward to a later corrected date, never back (see ``Conversation.after_change``).
    A changed follow-up date opens the follow-up again."""
    talents = list(talents)
    values = {k: v for k, v in data.items() if k in CONVERSATION_FIELDS}
    if "follow_up_on" in values:  # compared in the UPDATE itself: it reads the row as it was
        values["follow_up_done"] = Case(
            When(follow_up_on=values["follow_up_on"], then=F("follow_up_done")),
            default=Value(False),
        )
    with transaction.atomic():
        save_if_unchanged(
            Conversation, pk=conversation.pk, expected_version=expected_version, **values
        )
        before = set(conversation.talents.values_list("pk", flat=True))
        conversation.talents.set(talents)
        added = [t for t in talents if t.pk not in before]
        if added:
            ResidentTalent.objects.filter(
                resident_id=conversation.resident_id, talent__in=added
            ).update(offered=True)
            ResidentTalent.objects.bulk_create(
                [
                    ResidentTalent(resident_id=conversation.resident_id, talent=t, offered=True)
                    for t in added
                ],
                ignore_conflicts=True,
            )
        conversation.refresh_from_db()
        conversation.after_change()
        record("conversation.update", conversation, request=request, actor=by)
    return conversation


def conversation_follow_up_done(*, conversation: Conversation, by, request=None) -> None:
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation.pk).update(follow_up_done=True)
        conversation.follow_up_done = True
        record("conversation.follow_up_done", conversation, request=request, actor=by)


def conversation_follow_up_reopen(*, conversation: Conversation, by, request=None) -> None:
    """ "Ongedaan maken" after "Gedaan": the follow-up is open again."""
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation.pk).update(follow_up_done=False)
        conversation.follow_up_done = False
        record("conversation.follow_up_reopen", conversation, request=request, actor=by)


@dataclass(frozen=True)
class StreetCapture:
    resident: Resident
    conversation: Conversation


def street_capture(
    *,
    data: dict,
    talent_name: str,
    gives: bool,
    by,
    request=None,
    today: datetime.date | None = None,
) -> StreetCapture:
    """A street conversation (buurtbus, bakfiets): the resident and the conversation at once."""
    today = today or timezone.localdate()
    buurt = data.get("buurt")
    # Whoever met someone in the street is their verbinder; without a buurt the resident
    # belongs to that verbinder's wijkteam (the same rule as resident_create).
    wijkteam_id = resident_home_wijkteam(buurt=buurt, verbinder=by, by=by)
    with transaction.atomic():
        resident = Resident.objects.create(
            first_name=data["first_name"],
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            buurt=buurt,
            fallback_wijkteam_id=wijkteam_id,
            source=ResidentSource.STREET,
            status=ResidentStatus.IN_CONVERSATION,
            responsible_verbinder=by,
        )
        record("resident.create", resident, request=request, actor=by)
        conversation = _street_conversation(
            resident=resident,
            data=data,
            talent_name=talent_name,
            gives=gives,
            by=by,
            request=request,
            today=today,
        )
    return StreetCapture(resident=resident, conversation=conversation)


def street_capture_existing(
    *,
    resident: Resident,
    data: dict,
    talent_name: str,
    gives: bool,
    by,
    request=None,
    today: datetime.date | None = None,
) -> StreetCapture:
    """ "Dit is dezelfde persoon": the street conversation goes to a resident the team knows;
    contact details they lacked are filled in, nothing a verbinder wrote is overwritten."""
    today = today or timezone.localdate()
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=resident.pk)
        changes = {
            name: data[name]
            for name in ("email", "phone")
            if data.get(name) and not getattr(resident, name)
        }
        if data.get("buurt") and resident.buurt_id is None:
            changes["buurt"] = data["buurt"]
        if changes:
            Resident.objects.filter(pk=resident.pk).update(
                **changes, version=F("version") + 1, updated_at=timezone.now()
            )
            resident.refresh_from_db()
            record("resident.update", resident, request=request, actor=by)
        conversation = _street_conversation(
            resident=resident,
            data=data,
            talent_name=talent_name,
            gives=gives,
            by=by,
            request=request,
            today=today,
        )
    return StreetCapture(resident=resident, conversation=conversation)


def _street_conversation(
    *, resident: Resident, data: dict, talent_name: str, gives: bool, by, request, today
) -> Conversation:
    """The street conversation, and the consent the resident gave after hearing the privacy
    statement read aloud (stored with its version, like a sign-up's consent on the website)."""
    ConsentRecord.objects.create(
        resident=resident,
        purpose=ConsentRecord.Purpose.CONTACT,
        text_version=PRIVACY_STATEMENT_VERSION,
        given_at=timezone.now(),
        channel=ConsentRecord.Channel.STREET,
        recorded_by=by,
    )
    record("resident.consent", resident, request=request, actor=by)
    talents = []
    if talent_name and gives:
        talents = talents_from_names(names=[talent_name], by=by, request=request)
    return conversation_log(
        resident=resident,
        data={
            "date": today,
            "kind": ConversationKind.STREET,
            "summary": data.get("note", ""),
            "asks": "" if gives else talent_name,
        },
        talents=talents,
        by=by,
        request=request,
    )
