"""Send the notification e-mails that are due: new ones the after-commit sender missed and
failed ones whose pause is over (buurtinbloei/mail.py). Run every five minutes.

Idempotent: a row is claimed before it is sent and marked sent after, so a second run (or the
after-commit sender at the same moment) never sends it again. Also deletes sent mail after
MAIL_KEEP_SENT_DAYS and failed mail after MAIL_KEEP_FAILED_DAYS.
"""

from __future__ import annotations

from buurtinbloei import mail
from buurtinbloei.jobs import JobCommand


class Command(JobCommand):
    help = "Verstuur de e-mails die klaarstaan en probeer mislukte opnieuw."

    def run(self, **options) -> dict:
        totals = {"sent": 0, "failed": 0, "gave_up": 0}
        while ids := mail.due_ids():
            counts = mail.send(ids)
            for key, value in counts.items():
                totals[key] += value
            if counts["sent"] + counts["failed"] == 0:
                break  # every due row was claimed by someone else meanwhile
        deleted = mail.delete_old()
        self.stdout.write(
            f"Sent {totals['sent']} e-mail(s); {totals['failed']} failed attempt(s), "
            f"{totals['gave_up']} given up; {deleted} old row(s) deleted."
        )
        return {**totals, "deleted": deleted}
