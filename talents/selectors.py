"""Reads that several talents views share: a resident for a user, their timeline and talents,
the talent picker's suggestions. Views import these, never each other."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from buurtinbloei.phone import phone_variants
from buurtinbloei.scoping import get_object_for_user

from .models import Conversation, Resident, ResidentStatus, ResidentTalent, Talent

#: How many talents the conversation form's picker suggests at most.
SUGGESTIONS = 12


def get_resident_for_user(user, pk: int, *, for_change: bool = False) -> Resident:
    """The resident, if the user may see it (404 otherwise) and, ``for_change``, change it (403)."""
    qs = Resident.objects.select_related("buurt__wijk", "responsible_verbinder")
    return get_object_for_user(qs, user, pk=pk, for_change=for_change)


def get_conversation_for_user(user, resident: Resident, pk: int) -> Conversation:
    """One of the resident's conversations, if the user may see it (the policy drops sensitive
    ones for anyone outside the resident's wijkteam): 404 otherwise."""
    return get_object_or_404(
        Conversation.objects.visible_to(user).filter(resident=resident).select_related("verbinder"),
        pk=pk,
    )


def timeline(resident: Resident, user) -> QuerySet[Conversation]:
    """The resident's conversations this user may see (the policy drops sensitive ones)."""
    return (
        Conversation.objects.visible_to(user)
        .filter(resident=resident)
        .select_related("verbinder")
        .prefetch_related("talents")
    )


#: Conversations the resident page shows at first; older ones come with "eerdere gesprekken".
TIMELINE_PAGE = 20


def timeline_page(resident: Resident, user, start: int = 0) -> dict:
    """The conversations from ``start`` on (newest first), and where the next batch starts."""
    rows = list(timeline(resident, user)[start : start + TIMELINE_PAGE + 1])
    more_from = start + TIMELINE_PAGE if len(rows) > TIMELINE_PAGE else None
    return {"conversations": rows[:TIMELINE_PAGE], "more_from": more_from}


def talent_links(resident: Resident) -> QuerySet[ResidentTalent]:
    return resident.talent_links.select_related("talent").order_by("talent__name")


def picker_talents(user, chosen_ids) -> tuple[list[Talent], list[Talent]]:
    """The chosen talents, and the common ones as first suggestions."""
    usable = Talent.objects.usable_by(user)
    chosen = list(usable.filter(pk__in=chosen_ids))
    suggestions = list(usable.filter(common=True).exclude(pk__in=chosen_ids)[:SUGGESTIONS])
    return chosen, suggestions


def open_follow_ups(user) -> QuerySet[Conversation]:
    """The user's own follow-ups that are not done yet."""
    return Conversation.objects.visible_to(user).filter(
        verbinder=user, follow_up_done=False, follow_up_on__isnull=False
    )


def likely_duplicates(
    user, *, first_name: str, email: str = "", phone: str = "", buurt_id: int | None = None
) -> list[tuple[Resident, list[str]]]:
    """Residents the user may see who are probably this person (same e-mail, same phone, or
    same first name in the same buurt), each with the reasons why. The sign-up inbox and the
    street capture ask it before a new resident is made."""
    match = Q()
    if email:
        match |= Q(email__iexact=email)
    if phone:
        match |= Q(phone__in=phone_variants(phone))
    if buurt_id and first_name:
        match |= Q(first_name__iexact=first_name, buurt_id=buurt_id)
    if not match:
        return []
    residents = (
        Resident.objects.visible_to(user)
        .filter(match)
        .exclude(status=ResidentStatus.ANONYMISED)
        .select_related("buurt")
        .order_by("first_name", "last_name", "pk")[:20]
    )
    found = []
    for resident in residents:
        reasons = []
        if email and resident.email.lower() == email.lower():
            reasons.append(_("zelfde e-mailadres"))
        if phone and resident.phone in phone_variants(phone):
            reasons.append(_("zelfde telefoonnummer"))
        if (
            buurt_id
            and resident.buurt_id == buurt_id
            and resident.first_name.lower() == first_name.lower()
        ):
            reasons.append(_("zelfde voornaam en buurt"))
        found.append((resident, reasons))
    return found


def done_follow_ups(user) -> QuerySet[Conversation]:
    """The user's own follow-ups marked done: the ones "ongedaan maken" may open again."""
    return Conversation.objects.visible_to(user).filter(
        verbinder=user, follow_up_done=True, follow_up_on__isnull=False
    )
