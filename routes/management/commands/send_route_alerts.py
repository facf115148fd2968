"""Mail each missed check-in of a landing route once, to its verbinder and their wijkteam.

A scheduled job (buurtinbloei/jobs.py: one run at a time, logged, recorded), daily by its
systemd timer; running it twice sends nothing twice (``PathwayCheckIn.alerted_at``). The e-mails
go through the outbox: a mail server that is down delays them, ``send_pending_mail`` retries.
"""

from __future__ import annotations

import datetime

from django.core.management.base import CommandParser

from buurtinbloei.jobs import JobCommand
from routes.services import send_alerts


class Command(JobCommand):
    help = "Mail missed check-ins of landing routes (once each) to the verbinder and wijkteam."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Act as if it were this day (YYYY-MM-DD); for tests and catching up.",
        )

    def run(self, *, today: datetime.date | None = None, **options) -> dict:
        queued = send_alerts(today=today)
        self.stdout.write(f"{queued} route alert(s) sent.")
        return {"alerts": queued}
