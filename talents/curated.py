"""The curated talent list that ships as data (talents/data/talents.csv)."""

from __future__ import annotations

import csv
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parent / "data" / "talents.csv"


def load_curated_talents(*, Talent) -> None:
    """Create the talents that are missing; the model is passed in so migrations can use theirs.

    Existing talents keep their name and flags: a beheerder may have renamed or merged them.
    """
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    existing = {name.lower() for name in Talent.objects.values_list("name", flat=True)}
    Talent.objects.bulk_create(
        Talent(
            name=row["name"],
            category=row["category"],
            common=row["common"].strip().lower() == "true",
            approved=True,
        )
        for row in rows
        if row["name"].lower() not in existing
    )
