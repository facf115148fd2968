"""The talents demo data: residents, talents and conversations for every wijkteam, quickly."""

from __future__ import annotations

import io
import random
import time

from django.utils import timezone
from faker import Faker

from buurtinbloei.demo import seed_users
from buurtinbloei.models import Wijkteam
from buurtinbloei.registry import seeders
from talents.demo import RESIDENTS_PER_WIJKTEAM, seed
from talents.models import Conversation, Resident, ResidentTalent


def run_seed() -> None:
    rng, fake = random.Random(1), Faker("nl_NL")
    fake.seed_instance(1)
    seed_users(rng=rng, fake=fake)
    seed(rng=rng, fake=fake, stdout=io.StringIO())


def test_it_is_registered_as_a_seeder():
    assert seed in seeders()


def test_it_seeds_every_wijkteam_quickly_and_only_once(geography):
    started = time.monotonic()
    run_seed()
    assert time.monotonic() - started < 10
    assert Resident.objects.count() == RESIDENTS_PER_WIJKTEAM * Wijkteam.objects.count()
    for wijkteam in Wijkteam.objects.all():
        assert Resident.objects.filter(buurt__wijk__wijkteam=wijkteam).exists()
    assert Resident.objects.filter(email="").exclude(phone="").exists()  # phone-only
    assert Resident.objects.filter(buurt__isnull=True).exists()
    assert ResidentTalent.objects.exists()
    today = timezone.localdate()
    assert Conversation.objects.filter(date__lt=today.replace(year=today.year - 1)).exists()
    demo = Conversation.objects.filter(
        verbinder__email__startswith="verbinder.", follow_up_done=False, follow_up_on__isnull=False
    )
    assert demo.filter(follow_up_on__lt=today).exists()
    assert demo.filter(follow_up_on__gte=today).exists()
    count = Resident.objects.count()
    run_seed()
    assert Resident.objects.count() == count
