from __future__ import annotations

import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from faker import Faker

from buurtinbloei.demo import demo_logins
from buurtinbloei.models import User
from buurtinbloei.registry import seeders

SCALES = ("demo", "city")


class Command(BaseCommand):
    help = "Create generated demo data (Faker nl_NL) and the demo logins. Safe to run twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never in production)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only seed when the database has no users yet; always print the logins.",
        )
        parser.add_argument(
            "--scale",
            choices=SCALES,
            default="demo",
            help="demo: a few hundred residents (default); city: 250,000 residents, for the "
            "benchmark (bench/).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")

    def handle(
        self, *args, force: bool, if_empty: bool, seed: int, scale: str = "demo", **options
    ) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it creates logins with a known "
                "password. Use --force only on a test or demo server."
            )
        if if_empty and User.objects.exists():
            self.stdout.write("The database already has users; no demo data added.")
        else:
            rng = random.Random(seed)
            fake = Faker("nl_NL")
            fake.seed_instance(seed)
            with transaction.atomic():
                # The core's seeder (the logins) comes first: apps are listed after it.
                for seeder in seeders():
                    seeder(rng=rng, fake=fake, stdout=self.stdout, scale=scale)
            self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {settings.DEMO_PASSWORD}):")
        for login in demo_logins():
            team = f"  ({login.wijkteams})" if login.wijkteams else ""
            self.stdout.write(f"  {login.role:<12} {login.email}{team}")
