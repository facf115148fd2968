"""Demo data for the routes app: a few landing routes per wijkteam.

Registered as the app's ``seeder`` (``routes/contributions.py``); runs after the talents,
networks and matches seeders. Everything is generated (Faker nl_NL and fixed phrases): the
demo partner login as counsellor, with the organisation they work for as GGZ partner, a buddy and a
small group from the resident's own buurt, a consent matrix recorded with the counsellor
present, and check-ins of which the past ones are mostly logged and a few missed (so the
dashboard shows the alert). Idempotent: nothing is added when routes exist already; the
benchmark's city scale adds no more routes than the demo (they are rare by nature).
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.utils import timezone
from faker import Faker

from buurtinbloei.models import Wijkteam
from buurtinbloei.permissions import Perm, users_with
from networks.models import PartnerMembership
from talents.models import Resident, ResidentStatus

from .models import (
    CheckInResult,
    GroupKind,
    Item,
    Party,
    Pathway,
    PathwayCheckIn,
    PathwayConsent,
    PathwayConsentChange,
    PathwayStatus,
)

ROUTES_PER_WIJKTEAM = 3

GOALS = [
    "Weer iets doen waar ik goed in ben, een paar ochtenden per week.",
    "Mensen in de straat leren kennen zonder dat ik alles hoef te vertellen.",
    "Elke week naar buiten en samen koffie drinken.",
    "Mijn eigen boodschappen doen en de weg weer vinden in de buurt.",
    "Meedoen bij de moestuin en iets leren over planten.",
]
INTERESTS = ["wandelen en fotograferen", "koken", "tuinieren", "gitaar spelen", "puzzelen"]
AVAILABILITY = ["dinsdag- en donderdagmiddag", "elke ochtend", "in het weekend", "woensdag"]
#: The usual matrix: the buddy knows first name and interests, the group first name, the GGZ
#: partner how it goes; other verbinders nothing.
USUAL = {
    (Party.BUDDY, Item.FIRST_NAME),
    (Party.BUDDY, Item.INTERESTS),
    (Party.BUDDY, Item.AVAILABILITY),
    (Party.GROUP, Item.FIRST_NAME),
    (Party.GGZ, Item.FIRST_NAME),
    (Party.GGZ, Item.PROGRESS),
}


def _counsellors() -> list[tuple]:
    """(user, organisation id) of the partner logins that work for an organisation (the demo
    partner works for a GP practice: its POH-GGZ is the counsellor here)."""
    return [
        (m.user, m.organisation_id)
        for m in PartnerMembership.objects.filter(
            user__in=users_with(Perm.FOLLOW_ROUTES).filter(is_active=True)
        ).select_related("user")
    ]


def seed(*, rng: random.Random, fake: Faker, stdout, scale: str = "demo") -> None:
    if Pathway.objects.exists():
        return
    counsellors = _counsellors()
    if not counsellors:
        stdout.write("Landing routes: none (no partner login works for an organisation).")
        return
    verbinders = {}
    for user in users_with(Perm.RUN_ROUTES).filter(is_active=True).prefetch_related("wijkteams"):
        for team_id in user.wijkteam_ids:
            verbinders.setdefault(team_id, []).append(user)
    today = timezone.localdate()
    weeks = settings.ROUTE_CHECK_IN_WEEKS
    made = 0
    for team in Wijkteam.objects.order_by("pk"):
        if not verbinders.get(team.pk):
            continue
        residents = list(
            Resident.objects.filter(buurt__wijk__wijkteam=team)
            .exclude(status=ResidentStatus.ANONYMISED)
            .order_by("pk")
            .values_list("pk", "buurt_id")[:400]
        )
        by_buurt: dict[int, list[int]] = {}
        for pk, buurt_id in residents:
            by_buurt.setdefault(buurt_id, []).append(pk)
        buurten = [b for b, people in by_buurt.items() if len(people) >= 5]
        rng.shuffle(buurten)
        for index, buurt_id in enumerate(buurten[:ROUTES_PER_WIJKTEAM]):
            subject, buddy, *group = rng.sample(by_buurt[buurt_id], 5)
            counsellor, org_id = rng.choice(counsellors)
            # One route ended, the others running; one started long enough ago to miss one.
            start = today - datetime.timedelta(days=rng.choice([20, 45, 60, 100]))
            ended = index == 2
            route = Pathway.objects.create(
                resident_id=subject,
                verbinder=rng.choice(verbinders[team.pk]),
                start_date=start,
                review_date=start + datetime.timedelta(weeks=max(weeks) + 2),
                partner_organisation_id=org_id,
                counsellor=counsellor,
                buddy_id=buddy,
                group_kind=GroupKind.RESIDENTS,
                goals=rng.choice(GOALS),
                interests=rng.choice(INTERESTS),
                availability=rng.choice(AVAILABILITY),
                check_in_weeks=", ".join(str(w) for w in weeks),
                status=PathwayStatus.ENDED if ended else PathwayStatus.ACTIVE,
                ended_on=today if ended else None,
            )
            route.group_residents.set(group[:3])
            check_ins = []
            for week in weeks:
                due = start + datetime.timedelta(weeks=week)
                # Past check-ins mostly logged; the first route of each wijkteam missed its
                # first one, so every team's dashboard shows the alert.
                missed = index == 0 and week == weeks[0]
                done = due < today and not missed and rng.random() < 0.85
                check_ins.append(
                    PathwayCheckIn(
                        route=route,
                        week=week,
                        due_on=due,
                        done_at=timezone.now() - datetime.timedelta(days=(today - due).days)
                        if done
                        else None,
                        result=rng.choice(CheckInResult.values) if done else "",
                        note="Kort gebeld." if done else "",
                        by=route.verbinder if done else None,
                    )
                )
            PathwayCheckIn.objects.bulk_create(check_ins)
            PathwayConsent.objects.bulk_create(
                PathwayConsent(route=route, party=p, item=i, granted=(p, i) in USUAL)
                for p in Party
                for i in Item
            )
            PathwayConsentChange.objects.bulk_create(
                PathwayConsentChange(
                    route=route,
                    party=p,
                    item=i,
                    granted=True,
                    by=route.verbinder,
                    counsellor_present=True,
                )
                for p, i in sorted(USUAL)
            )
            made += 1
    stdout.write(f"Landing routes: {made}.")
