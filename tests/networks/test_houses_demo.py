"""The demo data has student houses in every wijkteam, with members, some asked to confirm,
and matches of some of them with members who went (issue 15)."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from faker import Faker

from buurtinbloei.contributions import seed as seed_core
from buurtinbloei.models import Wijkteam
from matches.demo import seed as seed_matches
from matches.models import Match, MatchKind, MatchStatus
from networks.demo import HOUSES_PER_WIJKTEAM
from networks.demo import seed as seed_networks
from networks.models import HouseConfirmation, HouseMember, StudentHouse
from talents.demo import seed as seed_talents

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(geography):
    rng, fake, out = random.Random(1), Faker("nl_NL"), StringIO()
    fake.seed_instance(1)
    for seeder in (seed_core, seed_talents, seed_networks, seed_matches):
        seeder(rng=rng, fake=fake, stdout=out)
    return out.getvalue()


def test_every_wijkteam_has_student_houses_with_members_and_talents(seeded):
    teams = Wijkteam.objects.count()
    assert StudentHouse.objects.count() == HOUSES_PER_WIJKTEAM * teams
    assert set(StudentHouse.objects.values_list("buurt__wijk__wijkteam", flat=True)) == set(
        Wijkteam.objects.values_list("pk", flat=True)
    )
    assert not StudentHouse.objects.filter(talents__isnull=True).exists()
    assert HouseMember.objects.filter(active=True).count() >= 3 * StudentHouse.objects.count()
    assert HouseMember.objects.filter(active=False).exists()
    assert HouseConfirmation.objects.filter(confirmed_at__isnull=True).count() == 2
    assert "Student houses:" in seeded


def test_some_houses_are_matched_and_the_started_ones_say_who_went(seeded):
    matches = Match.objects.filter(kind=MatchKind.HOUSE_RESIDENT)
    assert matches.exists()
    for match in matches.filter(status=MatchStatus.STARTED):
        went = list(match.house_members.all())
        assert 2 <= len(went) <= 3 and {m.house_id for m in went} == {match.house_b_id}
        assert match.request.talent_id == match.talent_id
        assert match.talent in match.house_b.talents.all()


def test_seeding_again_adds_no_houses_or_house_matches(seeded):
    houses, matches = StudentHouse.objects.count(), Match.objects.count()
    seed_networks(rng=random.Random(2), fake=Faker("nl_NL"), stdout=StringIO())
    seed_matches(rng=random.Random(2), fake=Faker("nl_NL"), stdout=StringIO())
    assert (StudentHouse.objects.count(), Match.objects.count()) == (houses, matches)
