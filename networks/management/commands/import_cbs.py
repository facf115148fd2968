"""python manage.py import_cbs kerncijfers.csv [--year 2024] [--gemeente Eindhoven]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from networks.cbs import CbsFormatError, import_figures


class Command(BaseCommand):
    help = (
        'Read CBS "Kerncijfers wijken en buurten" (CSV) into the buurt figures: inhabitants '
        "and age groups per buurt, for reach per 1,000 inhabitants on the buurt profile."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path, help="The CSV file from CBS (StatLine or open data).")
        parser.add_argument("--year", type=int, help="The year of the figures, e.g. 2024.")
        parser.add_argument(
            "--gemeente",
            default="Eindhoven",
            help="Only rows of this gemeente (default Eindhoven).",
        )

    def handle(self, *args, csv: Path, year: int | None, gemeente: str, **options) -> None:
        try:
            raw = csv.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {csv}: {error.strerror}") from None
        # CBS files are UTF-8 nowadays; older downloads are Windows-1252.
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        try:
            result = import_figures(text, gemeente=gemeente, year=year)
        except CbsFormatError as error:
            raise CommandError(f"{csv}: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(f"Figures of {result.imported} buurten imported.")
            + f" {result.skipped_rows} other rows skipped (wijken, other gemeenten, no figures)."
        )
        if result.unmatched:
            self.stdout.write(
                f"{len(result.unmatched)} buurten not found here: " + ", ".join(result.unmatched)
            )
