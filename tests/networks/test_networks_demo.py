"""The networks app's demo seeder: every kind of organisation, the approach's partners, about
270 ontwikkelplaatsen, kernteams at every stage and two years of activities."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from faker import Faker

from buurtinbloei.contributions import seed as seed_core
from networks.demo import seed as seed_networks
from networks.models import (
    Activity,
    CoreTeam,
    Ontwikkelplaats,
    Organisation,
    OrganisationKind,
    Partner,
    PartnerMembership,
    PartnerRoleKind,
    Stage,
)
from talents.demo import seed as seed_talents

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(geography):
    rng, fake, out = random.Random(1), Faker("nl_NL"), StringIO()
    fake.seed_instance(1)
    for seeder in (seed_core, seed_talents, seed_networks):
        seeder(rng=rng, fake=fake, stdout=out)
    return out.getvalue()


def test_it_seeds_the_approachs_network(seeded):
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(OrganisationKind.values)
    assert set(Partner.objects.values_list("role", flat=True)) >= {
        PartnerRoleKind.WIJKAGENT,
        PartnerRoleKind.AREA_COORDINATOR,
        PartnerRoleKind.POH,
        PartnerRoleKind.HOUSING_CONSULTANT,
        PartnerRoleKind.INFORMAL_CARE,
        PartnerRoleKind.SCHOOL,
        PartnerRoleKind.FAITH,
    }
    for name in ["Vitalis", "Humanitas Eindhoven", "Stichting Present Eindhoven", "MEE"]:
        assert Organisation.objects.filter(name=name).exists()
    assert Ontwikkelplaats.objects.count() == 270
    assert set(CoreTeam.objects.values_list("stage", flat=True)) == set(Stage.values)
    assert PartnerMembership.objects.filter(user__email="partner@example.org").exists()


def test_activities_span_two_years_with_the_examples_from_practice(seeded):
    titles = set(Activity.objects.values_list("title", flat=True))
    assert {"Buurtbarbecue", "Halloweenwandeling", "Fietsles voor nieuwkomers"} <= titles
    dates = Activity.objects.order_by("starts_on").values_list("starts_on", flat=True)
    assert (dates.last() - dates.first()).days > 600


def test_it_is_idempotent(seeded):
    count = Organisation.objects.count()
    seed_networks(rng=random.Random(2), fake=Faker("nl_NL"), stdout=StringIO())
    assert Organisation.objects.count() == count


def test_the_city_scale_grows_organisations_and_places_and_only_once(geography, settings):
    import io
    import random

    from faker import Faker

    from networks import demo
    from networks.models import Ontwikkelplaats, Organisation

    settings.DEBUG = True
    fake = Faker("nl_NL")
    fake.seed_instance(3)
    for _ in range(2):
        demo.seed(rng=random.Random(3), fake=fake, stdout=io.StringIO(), scale="city")
        assert Organisation.objects.count() == demo.CITY_ORGANISATIONS
        assert Ontwikkelplaats.objects.count() == demo.CITY_PLACES
