"""Anonymise residents with no activity for longer than ``RETENTION_MONTHS`` (run it daily).

Activity is the latest of the resident's own ``updated_at`` and what every app declares in its
``ResidentData.activity_since`` hook (conversations and sign-ups; requests and matches; active
or recent kernteam memberships). Candidates are picked in SQL (NOT EXISTS subqueries on indexed
foreign keys) and erased in batches, each batch one transaction, through the same
``erase_resident`` as the erase button (audited as ``resident.erase``, reason "retention").
A scheduled job (buurtinbloei/jobs.py): locked, logged, recorded as a JobRun; running it twice
erases nobody twice (an anonymised resident is no candidate).
"""

from __future__ import annotations

from django.conf import settings

from buurtinbloei.jobs import JobCommand
from talents.rights import RETENTION_BATCH, apply_retention, retention_candidates, retention_cutoff

#: ``--dry-run`` lists at most this many; the count is always complete.
LIST_AT_MOST = 1000


class Command(JobCommand):
    help = "Anonimiseer inwoners zonder activiteit langer dan RETENTION_MONTHS maanden."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Laat zien wie geanonimiseerd zou worden, zonder iets te veranderen.",
        )
        parser.add_argument("--batch-size", type=int, default=RETENTION_BATCH)

    def run(self, *, dry_run: bool = False, batch_size: int = RETENTION_BATCH, **options) -> dict:
        cutoff = retention_cutoff()
        months = settings.RETENTION_MONTHS
        if dry_run:
            candidates = retention_candidates(cutoff)
            count = candidates.count()
            self.stdout.write(
                f"Dry run: {count} resident(s) without activity since {cutoff:%Y-%m-%d} "
                f"({months} months) would be anonymised."
            )
            for pk, first_name in candidates.values_list("pk", "first_name")[:LIST_AT_MOST]:
                self.stdout.write(f"  {pk}\t{first_name}")
            if count > LIST_AT_MOST:
                self.stdout.write(f"  ... and {count - LIST_AT_MOST} more")
            return {"dry_run": 1, "candidates": count}
        erased = apply_retention(
            cutoff,
            batch_size=max(1, batch_size),
            progress=lambda n: self.stdout.write(f"  {n} anonymised so far"),
        )
        self.stdout.write(
            f"{erased} resident(s) without activity since {cutoff:%Y-%m-%d} ({months} months) "
            "anonymised."
        )
        return {"anonymised": erased}
