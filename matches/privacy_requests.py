"""A resident's requests, for the privacy tools (buurtinbloei/registry.py): in the access
export, and erased with the resident. The rows stay (the KPIs count requests and the time to a
match); what the resident or a verbinder wrote about what would help, and why a request was
closed, goes."""

from __future__ import annotations

from .models import Request


def export(resident) -> dict:
    return {
        "requests": [
            {
                "talent": obj.talent.name if obj.talent_id else None,
                "help_theme": obj.help_theme,
                "description": obj.description,
                "source": obj.source,
                "status": obj.status,
                "close_reason": obj.close_reason,
                "close_note": obj.close_note,
                "created_on": obj.created_on.isoformat(),
                "closed_on": obj.closed_on.isoformat() if obj.closed_on else None,
            }
            for obj in Request.objects.filter(resident=resident)
            .select_related("talent")
            .order_by("created_on", "pk")
        ]
    }


def erase(resident, *, by) -> None:
    Request.objects.filter(resident=resident).update(description="", close_note="")
