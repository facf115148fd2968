"""What the routes tests share: a route of the verbinder persona's wijkteam, set up through the
service as the form would, with a counsellor of its own, a buddy and a group."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from buurtinbloei.models import Role
from networks.models import PartnerMembership
from routes import services
from routes.models import Item, Party, Pathway
from tests.factories import OrganisationFactory, ResidentFactory, UserFactory
from tests.networks.support import own_buurt

#: Values no page shows unless the matrix allows it: each is unique on the page.
FIRST_NAME = "Zwaantje"
INTERESTS = "vogels kijken bij de Dommel"
AVAILABILITY = "maandagochtend vroeg"
PHONE = "+31687654321"
POSTCODE = "5625XY"
GOALS = "Weer zelf boodschappen doen"
#: Never shown to any party, whatever the matrix says.
NOTE = "Notitie-van-de-verbinder-Okergeel"

VALUES = {
    Item.FIRST_NAME: FIRST_NAME,
    Item.INTERESTS: INTERESTS,
    Item.AVAILABILITY: AVAILABILITY,
    Item.PHONE: PHONE,
    Item.ADDRESS: POSTCODE,
    Item.PROGRESS: GOALS,
}

_serial = itertools.count(1)

ALL = {(party.value, item.value) for party in Party for item in Item}


def counsellor(email: str = "begeleider@example.org"):
    """A partner user working for a GGZ organisation."""
    user = UserFactory(role=Role.PARTNER, email=email)
    organisation = OrganisationFactory(name="Ambulant GGZ-team Test", buurt=own_buurt())
    PartnerMembership.objects.create(user=user, organisation=organisation)
    return user


def make_route(
    personas,
    *,
    consents: set[tuple[str, str]] = frozenset(),
    counsellor_user=None,
    start: datetime.date | None = None,
    weeks: str = "2, 6, 12",
) -> Pathway:
    buurt = own_buurt()
    resident = ResidentFactory(
        first_name=FIRST_NAME,
        last_name="Testpersoon",
        phone=PHONE,
        postcode=POSTCODE,
        buurt=buurt,
    )
    counsellor_user = counsellor_user or counsellor(f"begeleider{next(_serial)}@example.org")
    start = start or timezone.localdate()
    return services.route_create(
        resident=resident,
        data={
            "start_date": start,
            "review_date": start + datetime.timedelta(weeks=14),
            "partner_organisation": counsellor_user.partner_membership.organisation,
            "counsellor": counsellor_user,
            "buddy": ResidentFactory(buurt=buurt, first_name="Maatje"),
            "group_kind": "residents",
            "group_residents": ResidentFactory.create_batch(2, buurt=buurt),
            "group_core_team": None,
            "group_place": None,
            "goals": GOALS,
            "interests": INTERESTS,
            "availability": AVAILABILITY,
            "check_in_weeks": weeks,
        },
        consents=set(consents),
        counsellor_present=True,
        by=personas.verbinder,
    )


def link_url(route: Pathway, party: str) -> str:
    link = services.link_create(route=route, party=party, by=None)
    return f"/landingsroute/{services.link_token(link)}/"
