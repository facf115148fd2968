"""Generated demo data for the core: staff logins for every role and wijkteam.

Apps add their own demo data through ``seed`` functions registered in :data:`SEEDERS`, so this
core module never imports them (the layering in DESIGN.md).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from faker import Faker

from .models import Role, User, Wijkteam

#: Functions ``seed(*, rng, fake, stdout, scale)`` that apps register, in the order they run;
#: ``scale`` is "demo" or "city" (``seed_demo --scale city``, the benchmark's size).
SEEDERS: list[Callable[..., None]] = []


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    wijkteams: str


EXTRA_VERBINDERS_PER_WIJKTEAM = 3


def seed_users(*, rng: random.Random, fake: Faker) -> None:
    # One hash for all: the demo password is published anyway, and hashing it 35 times costs
    # most of seed_demo's time.
    password_hash = make_password(settings.DEMO_PASSWORD)

    def ensure(email: str, role: str, wijkteams=(), **names) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, role=role, password=password_hash, **names)
            user.save()
        user.wijkteams.set(wijkteams)
        return user

    ensure("beheerder@example.org", Role.BEHEERDER, first_name="Bea", last_name="Heerder")
    ensure("coordinator@example.org", Role.COORDINATOR, first_name="Coco", last_name="Ordinator")
    ensure(
        "partner@example.org",
        Role.PARTNER,
        first_name="Pim",
        last_name="Partner",
        organisation_name="Huisartsenpraktijk De Linde",
    )
    for wijkteam in Wijkteam.objects.order_by("name"):
        email = f"verbinder.{wijkteam.slug}@example.org"
        ensure(
            email,
            Role.VERBINDER,
            [wijkteam],
            first_name=fake.first_name(),
            last_name=fake.last_name(),
        )
        for n in range(1, EXTRA_VERBINDERS_PER_WIJKTEAM + 1):
            ensure(
                f"verbinder{n}.{wijkteam.slug}@example.org",
                Role.VERBINDER,
                [wijkteam],
                first_name=fake.first_name(),
                last_name=fake.last_name(),
            )


def demo_logins() -> list[DemoLogin]:
    logins = [
        DemoLogin("beheerder@example.org", "beheerder", ""),
        DemoLogin("coordinator@example.org", "coördinator", ""),
        DemoLogin("partner@example.org", "partner", ""),
    ]
    for wijkteam in Wijkteam.objects.order_by("name"):
        logins.append(
            DemoLogin(f"verbinder.{wijkteam.slug}@example.org", "verbinder", wijkteam.name)
        )
    return logins
