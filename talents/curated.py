"""The curated talent list that ships as data (talents/data/talents.csv)."""

from __future__ import annotations

import csv
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parent / "data" / "talents.csv"

#: Columns a beheerder may have filled in since; loading again only fills in empty ones.
TRANSLATED = ("name_en", "offer", "offer_en")


def curated_rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_curated_talents(*, Talent) -> None:
    """Create the talents that are missing; the model is passed in so migrations can use theirs.

    Existing talents keep their name and flags: a beheerder may have renamed or merged them.
    """
    rows = curated_rows()
    existing = {name.lower() for name in Talent.objects.values_list("name", flat=True)}
    # An early migration's Talent has no English name or form order yet: 0006 fills them in.
    fields = {field.name for field in Talent._meta.get_fields()}
    Talent.objects.bulk_create(
        Talent(
            name=row["name"],
            category=row["category"],
            common=row["common"].strip().lower() == "true",
            approved=True,
            **{column: row.get(column, "") for column in TRANSLATED if column in fields},
            **({"form_order": int(row.get("form_order") or 100)} if "form_order" in fields else {}),
        )
        for row in rows
        if row["name"].lower() not in existing
    )


def fill_in_translations(*, Talent) -> None:
    """Give existing curated talents their English name, offer labels and form order, where a
    beheerder has not filled them in already."""
    for row in curated_rows():
        talent = Talent.objects.filter(name__iexact=row["name"]).first()
        if talent is None:
            continue
        changed = [c for c in TRANSLATED if not getattr(talent, c) and row.get(c)]
        for column in changed:
            setattr(talent, column, row[column])
        if talent.form_order == 100 and row.get("form_order") not in (None, "", "100"):
            talent.form_order = int(row["form_order"])
            changed.append("form_order")
        if changed:
            talent.save(update_fields=changed)
