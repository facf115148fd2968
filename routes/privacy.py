"""A resident's part in the routes app, for the privacy tools (buurtinbloei/registry.py).

As the route's resident: the route, its consent history and check-ins, the verbinder's notes
included (it is their own data). As a buddy or group member: only that they take part, never
the other resident's details. Erasure ends the resident's routes (every link stops working),
empties what was written about them, and takes them off other routes as buddy or group member.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .models import Party, PartyLink, Pathway, PathwayCheckIn, PathwayConsentChange, PathwayStatus
from .services import route_end


def export(resident) -> dict:
    routes = Pathway.objects.filter(resident=resident).select_related(
        "partner_organisation", "counsellor"
    )
    own = []
    for route in routes:
        own.append(
            {
                "route": route.pk,
                "start_date": route.start_date.isoformat(),
                "review_date": route.review_date.isoformat(),
                "status": route.get_status_display(),
                "ended_on": route.ended_on.isoformat() if route.ended_on else None,
                "ggz_partner": route.partner_organisation.name,
                "counsellor": str(route.counsellor) if route.counsellor_id else None,
                "goals": route.goals,
                "interests": route.interests,
                "availability": route.availability,
                "consent_history": [
                    {
                        "at": change.at.isoformat(),
                        "party": change.get_party_display(),
                        "item": change.get_item_display(),
                        "granted": change.granted,
                        "counsellor_present": change.counsellor_present,
                    }
                    for change in PathwayConsentChange.objects.filter(route=route).order_by(
                        "at", "pk"
                    )
                ],
                "check_ins": [
                    {
                        "due_on": c.due_on.isoformat(),
                        "done": c.done_at is not None,
                        "result": c.get_result_display(),
                        "note": c.note,
                    }
                    for c in PathwayCheckIn.objects.filter(route=route)
                ],
            }
        )
    taking_part = [
        {"route": pk, "as": "buddy", "start_date": start.isoformat()}
        for pk, start in Pathway.objects.filter(buddy=resident).values_list("pk", "start_date")
    ] + [
        {"route": pk, "as": "group", "start_date": start.isoformat()}
        for pk, start in Pathway.objects.filter(group_residents=resident).values_list(
            "pk", "start_date"
        )
    ]
    return {"routes": own, "taking_part": taking_part}


def erase(resident, *, by) -> None:
    for route in Pathway.objects.filter(resident=resident):
        route_end(route=route, by=by, what="route.erase")
    Pathway.objects.filter(resident=resident).update(
        goals="", interests="", availability="", updated_at=timezone.now()
    )
    PathwayCheckIn.objects.filter(route__resident=resident).update(note="")
    # As a buddy: off the route, and the buddy's link stops working.
    buddy_routes = list(Pathway.objects.filter(buddy=resident).values_list("pk", flat=True))
    PartyLink.objects.filter(
        route_id__in=buddy_routes, party=Party.BUDDY, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    Pathway.objects.filter(pk__in=buddy_routes).update(buddy=None)
    Pathway.group_residents.through.objects.filter(resident=resident).delete()


def audit_subjects(resident) -> dict[str, list]:
    return {
        Pathway._meta.label_lower: list(
            Pathway.objects.filter(resident=resident).values_list("pk", flat=True)
        )
    }


def activity_since(cutoff) -> list:
    """A route still running, or started or ended on or after the cutoff."""
    day = cutoff.date()
    recent = Q(status=PathwayStatus.ACTIVE) | Q(start_date__gte=day) | Q(ended_on__gte=day)
    return [Exists(Pathway.objects.filter(recent, resident=OuterRef("pk")))]
