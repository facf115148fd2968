"""seed_demo --scale city, at a tiny size: the same code that fills a city in about a minute."""

from __future__ import annotations

import io
import random

import pytest
from django.db.models import Count
from faker import Faker

from buurtinbloei.demo import seed_users
from talents import demo_city
from talents.models import Conversation, Resident, ResidentTalent, SignUp, SignUpStatus


@pytest.fixture
def small_city(monkeypatch):
    from talents import demo

    # The demo scale's own residents come first; keep them below the small city's 400.
    monkeypatch.setattr(demo, "RESIDENTS_PER_WIJKTEAM", 40)
    monkeypatch.setattr(demo_city, "RESIDENTS", 400)
    monkeypatch.setattr(demo_city, "CONVERSATIONS", 700)
    monkeypatch.setattr(demo_city, "SIGNUPS", 120)
    monkeypatch.setattr(demo_city, "OPEN_SIGNUPS", 20)
    monkeypatch.setattr(demo_city, "HEAVY_CONVERSATIONS", (30, 40))


def run(scale: str = "city") -> str:
    from talents.demo import seed

    out = io.StringIO()
    rng, fake = random.Random(3), Faker("nl_NL")
    seed_users(rng=rng, fake=fake)
    seed(rng=rng, fake=fake, stdout=out, scale=scale)
    return out.getvalue()


def test_it_fills_the_tables_up_to_the_city_and_only_once(geography, small_city):
    run()
    assert Resident.objects.count() == 400
    assert Conversation.objects.count() == 700
    assert SignUp.objects.count() == 120
    links = ResidentTalent.objects.count()
    assert 1.2 * 400 < links < 2.4 * 400
    run()
    assert Resident.objects.count() == 400 and Conversation.objects.count() == 700
    assert ResidentTalent.objects.count() == links


def test_it_makes_realistic_data(geography, small_city):
    run()
    per_resident = Conversation.objects.values("resident").order_by().annotate(n=Count("pk"))
    counts = sorted((r["n"] for r in per_resident), reverse=True)
    assert counts[0] >= 30  # a few residents followed for years
    assert Resident.objects.filter(buurt__isnull=True).exists()
    assert Resident.objects.filter(email="").exclude(phone="").exists()
    assert SignUp.objects.filter(status=SignUpStatus.NEW).count() >= 10
    assert SignUp.objects.filter(status=SignUpStatus.DONE, resident__isnull=False).exists()
    # The flags the list's "kan iets gebruiken" reads were filled after the bulk insert.
    assert Resident.objects.filter(asks_for_help=True).exists()
    # A new conversation through the ORM still gets the next id (the sequence moved on).
    Conversation.objects.create(
        resident=Resident.objects.first(), date="2026-01-01", kind="phone", asks="Gezelschap"
    )


def test_the_demo_scale_stays_as_it_was(geography):
    from talents.demo import RESIDENTS_PER_WIJKTEAM

    run(scale="demo")
    assert Resident.objects.count() == RESIDENTS_PER_WIJKTEAM * 8
