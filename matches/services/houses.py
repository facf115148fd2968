"""A match with a student house: which of its members went (recorded from the proposal on,
changed whenever the verbinder hears more). The house counts as one helper: the match counts
once for the KPI, like any match, whatever the number of members who went."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtinbloei.audit import record
from networks.models import HouseMember

from ..models import Match, MatchKind
from .matches import MatchError


def house_members_choosable(match: Match):
    """The house's active members, and whoever was recorded already (even if they moved out)."""
    return HouseMember.objects.filter(house=match.house_b_id).filter(
        pk__in=HouseMember.objects.filter(house=match.house_b_id, active=True).values("pk")
    ) | HouseMember.objects.filter(matches=match)


@transaction.atomic
def match_set_house_members(*, match: Match, members, by, request=None) -> Match:
    """Record which members went; every member must belong to the match's house."""
    if match.kind != MatchKind.HOUSE_RESIDENT:
        raise MatchError(_("Alleen bij een match met een studentenhuis leg je huisgenoten vast."))
    members = list(members)
    if any(member.house_id != match.house_b_id for member in members):
        raise MatchError(_("Kies huisgenoten van dit studentenhuis."))
    match.house_members.set(members)
    Match.objects.filter(pk=match.pk).update(updated_at=timezone.now())
    record("match.house_members", match, request=request, actor=by, details={"count": len(members)})
    return match
