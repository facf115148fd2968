"""Send the daily e-mail digest of new sign-ups to the verbinders who chose it.

Run once a day from cron, for example at 7:30:
    30 7 * * *  cd /srv/buurtinbloei && .venv/bin/python manage.py send_signup_digest
Each verbinder gets the sign-ups that reached their inboxes since their previous digest, so a
missed or repeated run sends nothing twice and loses nothing. Links start with SITE_URL.
A scheduled job (buurtinbloei/jobs.py): locked, logged, recorded as a JobRun.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError

from buurtinbloei.jobs import JobCommand
from talents.services_signup import signup_send_digests


class Command(JobCommand):
    help = "Send the daily digest of new sign-ups to verbinders who chose a digest."

    def run(self, **options) -> dict:
        if not settings.SITE_URL:
            raise CommandError("Set SITE_URL (e.g. https://buurtinbloei.example.org) for links")
        sent = signup_send_digests(base_url=settings.SITE_URL)
        self.stdout.write(f"Sent {sent} digest e-mail(s).")
        return {"digests": sent}
