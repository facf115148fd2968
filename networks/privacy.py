"""A resident's part in the networks app, for the privacy tools (buurtinbloei/registry.py):
the kernteams they are or were a member of."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from .models import CoreTeamMember


def export(resident) -> dict:
    return {
        "core_teams": [
            {
                "core_team": member.core_team.name,
                "buurt": member.core_team.buurt.name,
                "role": member.get_role_display(),
                "active": member.active,
                "joined_on": member.joined_on.isoformat(),
            }
            for member in CoreTeamMember.objects.filter(resident=resident).select_related(
                "core_team__buurt"
            )
        ]
    }


def erase(resident, *, by) -> None:
    """The membership rows stay, pointing at the anonymised resident, so a kernteam's history
    and counts survive; a limited login of their own (if one was given) is unlinked."""
    CoreTeamMember.objects.filter(resident=resident).update(account=None)


def activity_since(cutoff) -> list:
    """A kernteam membership that is still active, or began on or after the cutoff."""
    return [
        Exists(
            CoreTeamMember.objects.filter(
                Q(active=True) | Q(joined_on__gte=cutoff.date()), resident=OuterRef("pk")
            )
        )
    ]
