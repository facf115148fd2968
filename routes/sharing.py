"""What each party of a route may see: the consent matrix, evaluated on every request.

Every page a party sees (the buddy's and the group's link, the counsellor's page, another
wijkteam's verbinder) is built from :func:`party_view`, which reads the matrix as it stands now:
withdrawing a consent shrinks the next page at once. Nothing here ever returns the verbinder's
check-in notes or anything from a talent conversation: no party sees those, whatever the matrix.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Item, Party, Pathway, PathwayCheckIn, PathwayConsent

#: Items in the order pages show them.
ITEMS = list(Item)
PARTIES = list(Party)


def matrix_of(route: Pathway) -> dict[tuple[str, str], bool]:
    """(party, item) -> granted, for every cell (one query; a missing row is "no")."""
    granted = {(party, item): False for party in Party.values for item in Item.values}
    for party, item, value in PathwayConsent.objects.filter(route=route).values_list(
        "party", "item", "granted"
    ):
        granted[(party, item)] = value
    return granted


def allowed_items(route: Pathway, party: str) -> set[str]:
    return {
        item
        for item in PathwayConsent.objects.filter(
            route=route, party=party, granted=True
        ).values_list("item", flat=True)
    }


def check_in_state(check_in: PathwayCheckIn, today: datetime.date) -> str:
    """done / missed (not logged within the grace days) / due / planned."""
    if check_in.done_at is not None:
        return "done"
    grace = datetime.timedelta(days=settings.ROUTE_CHECK_IN_GRACE_DAYS)
    if check_in.due_on + grace < today:
        return "missed"
    if check_in.due_on <= today:
        return "due"
    return "planned"


STATE_LABELS = {
    "done": _("gedaan"),
    "missed": _("gemist"),
    "due": _("nu te doen"),
    "planned": _("gepland"),
}


@dataclass
class PartyView:
    """Exactly what one party may see of one route, as (label, value) pairs and rows."""

    party: str
    items: set[str]
    fields: list[tuple[str, str]] = field(default_factory=list)
    goals: str | None = None
    #: (due_on, state label, result label or None); None when the party sees no schedule.
    check_ins: list[tuple[datetime.date, str, str | None]] | None = None
    latest_result: str | None = None

    @property
    def first_name(self) -> str | None:
        return dict(self.fields).get(str(Item.FIRST_NAME.label))


def _address(resident) -> str:
    parts = [resident.postcode, resident.buurt.name if resident.buurt_id else ""]
    return ", ".join(p for p in parts if p)


def party_view(route: Pathway, party: str, *, today: datetime.date) -> PartyView:
    """What ``party`` may see of ``route`` now. The GGZ partner always sees the schedule of
    check-ins (done or missed: the route's progress); how they went and the goals only when the
    resident allows "hoe het gaat". Other parties see the latest "how it goes" under the same
    consent, never the schedule."""
    items = allowed_items(route, party)
    resident = route.resident
    view = PartyView(party=party, items=items)
    values = {
        Item.FIRST_NAME: resident.first_name,
        Item.INTERESTS: route.interests,
        Item.AVAILABILITY: route.availability,
        Item.PHONE: resident.phone,
        Item.ADDRESS: _address(resident),
    }
    for item, value in values.items():
        if item in items and value:
            view.fields.append((str(item.label), value))
    progress = Item.PROGRESS in items
    check_ins = list(PathwayCheckIn.objects.filter(route=route).only("due_on", "done_at", "result"))
    if progress:
        view.goals = route.goals
        done = [c for c in check_ins if c.done_at is not None]
        if done:
            view.latest_result = str(done[-1].get_result_display())
    if party == Party.GGZ:
        view.check_ins = [
            (
                c.due_on,
                str(STATE_LABELS[check_in_state(c, today)]),
                str(c.get_result_display()) if progress and c.result else None,
            )
            for c in check_ins
        ]
    return view
