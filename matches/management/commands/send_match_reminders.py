"""Mail each verbinder, once a day, how many of their matches need a follow-up or a check-in
(matches/reminders.py). Run it every morning, e.g. at 7:45:
    45 7 * * *  cd /srv/buurtinbloei && .venv/bin/python manage.py send_match_reminders
Idempotent per verbinder per day: a second run on the same day sends nothing more.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError

from buurtinbloei.jobs import JobCommand
from matches.reminders import send_match_reminders


class Command(JobCommand):
    help = "Stuur verbinders een dagelijkse herinnering over matches die aandacht nodig hebben."

    def run(self, **options) -> dict:
        if not settings.SITE_URL:
            raise CommandError("Set SITE_URL (e.g. https://buurtinbloei.example.org) for links")
        counts = send_match_reminders(base_url=settings.SITE_URL)
        self.stdout.write(
            f"Sent {counts['reminders']} reminder(s); "
            f"{counts['already_reminded']} verbinder(s) already reminded today."
        )
        return counts
