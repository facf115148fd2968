"""Mail each missed check-in of a landing route once, to its verbinder and their wijkteam.

Run it daily (cron); running it twice sends nothing twice (``RouteCheckIn.alerted_at``).
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandParser

from routes.services import send_alerts


class Command(BaseCommand):
    help = "Mail missed check-ins of landing routes (once each) to the verbinder and wijkteam."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Act as if it were this day (YYYY-MM-DD); for tests and catching up.",
        )

    def handle(self, *args, today: datetime.date | None = None, **options) -> None:
        sent = send_alerts(today=today)
        self.stdout.write(f"{sent} route alert(s) sent.")
