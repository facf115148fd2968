"""Helpers for the staff-side talents tests: residents placed in the personas' wijkteams."""

from __future__ import annotations

from buurtinbloei.models import AuditEvent, Buurt
from tests.factories import ResidentFactory


def own_buurt(personas) -> Buurt:
    return Buurt.objects.filter(wijk__wijkteam=personas.own_wijkteam).order_by("pk").first()


def other_buurt(personas) -> Buurt:
    return Buurt.objects.filter(wijk__wijkteam=personas.other_wijkteam).order_by("pk").first()


def own_resident(personas, **kwargs):
    kwargs.setdefault("buurt", own_buurt(personas))
    return ResidentFactory(**kwargs)


def other_resident(personas, **kwargs):
    kwargs.setdefault("buurt", other_buurt(personas))
    return ResidentFactory(**kwargs)


def audit_actions(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


HTMX = {"HTTP_HX_REQUEST": "true"}
