"""The routes app's demo seeder: a few landing routes in every wijkteam, followed by the demo
partner login, with buddies from the resident's own buurt, a usual consent matrix recorded with
the counsellor present, and some check-ins missed (so the dashboard shows the alert)."""

from __future__ import annotations

import io
import random

import pytest
from faker import Faker

from buurtinbloei.contributions import seed as seed_core
from buurtinbloei.models import User, Wijkteam
from buurtinbloei.registry import seeders
from networks.demo import seed as seed_networks
from routes import services
from routes.demo import seed as seed_routes
from routes.models import (
    Pathway,
    PathwayCheckIn,
    PathwayConsent,
    PathwayConsentChange,
    PathwayStatus,
)
from talents.demo import seed as seed_talents

pytestmark = pytest.mark.django_db


def run(*seeders_to_run) -> str:
    rng, fake, out = random.Random(1), Faker("nl_NL"), io.StringIO()
    fake.seed_instance(1)
    for seeder in seeders_to_run:
        seeder(rng=rng, fake=fake, stdout=out, scale="demo")
    return out.getvalue()


def test_it_is_registered_as_a_seeder():
    assert seed_routes in seeders()


def test_every_wijkteam_gets_routes_that_keep_the_rules(geography):
    run(seed_core, seed_talents, seed_networks)
    output = run(seed_routes)
    routes = Pathway.objects.select_related("resident__buurt__wijk", "buddy", "counsellor")
    assert f"Landing routes: {routes.count()}." in output
    teams = {route.resident.buurt.wijk.wijkteam_id for route in routes}
    assert teams == set(Wijkteam.objects.values_list("pk", flat=True))
    partner = User.objects.get(email="partner@example.org")
    for route in routes:
        assert route.counsellor == partner
        assert route.partner_organisation_id == partner.partner_membership.organisation_id
        assert route.buddy.buurt_id == route.resident.buurt_id
        assert all(m.buurt_id == route.resident.buurt_id for m in route.group_residents.all())
        assert PathwayConsent.objects.filter(route=route).count() == 24
        assert PathwayConsentChange.objects.filter(route=route, counsellor_present=True).exists()
    assert routes.filter(status=PathwayStatus.ENDED).exists()
    assert PathwayCheckIn.objects.filter(services.overdue_q(services._today())).exists()
    assert PathwayCheckIn.objects.filter(done_at__isnull=False).exclude(result="").exists()
    # Idempotent.
    run(seed_routes)
    assert Pathway.objects.count() == routes.count()
