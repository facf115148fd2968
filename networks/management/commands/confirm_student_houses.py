"""Ask student houses to confirm their members each academic year (run it daily).

In ``STUDENT_HOUSE_CONFIRM_MONTH`` each active house's contact gets one e-mail per academic year
with a signed link; members not confirmed ``STUDENT_HOUSE_CONFIRM_DAYS`` after the question are
made inactive; members whose "woont er tot" date passed too; members inactive for longer than
``RETENTION_MONTHS`` are deleted. Running it twice on one day sends nothing the second time.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError

from buurtinbloei.jobs import JobCommand
from networks.services_houses import run_confirmations


class Command(JobCommand):
    """A scheduled job (buurtinbloei/jobs.py): one run at a time, logged and recorded. The
    question e-mail is sent in the transaction that records it, not through the outbox: when
    it fails, nothing is recorded and the next daily run asks again."""

    help = "Vraag studentenhuizen elk studiejaar hun leden te bevestigen."

    def run(self, **options) -> dict:
        base_url = settings.SITE_URL
        if not base_url:
            raise CommandError("SITE_URL is not set: the e-mail's link needs the site's address.")
        result = run_confirmations(base_url=base_url)
        self.stdout.write(
            f"Asked {result.asked} house(s) ({result.failed} failed); "
            f"{result.expired} question(s) expired, {result.made_inactive} member(s) not "
            f"confirmed made inactive; {result.moved_out} moved out; "
            f"{result.deleted} old member(s) deleted."
        )
        if result.failed:
            raise CommandError(f"{result.failed} e-mail(s) could not be sent; run again later.")
        return {
            "asked": result.asked,
            "expired": result.expired,
            "made_inactive": result.made_inactive,
            "moved_out": result.moved_out,
            "deleted": result.deleted,
        }
