"""Eindhoven's reference geography, loaded from the CSV that ships with the app."""

from __future__ import annotations

import csv
from pathlib import Path

from django.utils.text import slugify

CSV_PATH = Path(__file__).resolve().parent / "data" / "eindhoven-buurten.csv"


def load_reference_data(*, Wijkteam, Stadsdeel, Wijk, Buurt) -> None:
    """Create what is missing; models are passed in so migrations can use historical ones."""
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        wijkteam, _ = Wijkteam.objects.get_or_create(
            name=row["wijkteam_default"], defaults={"slug": slugify(row["wijkteam_default"])}
        )
        stadsdeel, _ = Stadsdeel.objects.get_or_create(name=row["stadsdeel"])
        wijk, _ = Wijk.objects.get_or_create(
            name=row["wijk"], defaults={"stadsdeel": stadsdeel, "wijkteam": wijkteam}
        )
        Buurt.objects.get_or_create(name=row["buurt"], wijk=wijk)
