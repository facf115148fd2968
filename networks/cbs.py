"""Read CBS "Kerncijfers wijken en buurten" (a CSV from CBS StatLine / open data) into
:class:`BuurtFigures`: inhabitants and age groups per buurt, for reach per 1,000 inhabitants.

CBS publishes the table in two CSV shapes: the open-data "TypedDataSet" (``;``-separated,
columns such as ``Codering_3``, ``SoortRegio_2``, ``AantalInwoners_5``, ``k_0Tot15Jaar_8``) and
StatLine's download (column titles such as ``Wijken en buurten`` and ``Aantal inwoners``). Column
names are compared without their numeric suffix, case and spaces, so both work. A row is
matched to a buurt by its CBS code (``BU0772...``) and otherwise by name within the gemeente;
a buurt matched by name gets the code, so the next import matches by code.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction

from buurtinbloei.models import Buurt

from .models import BuurtFigures

COLUMNS = {
    "code": ("codering", "regiocode", "buurtcode"),
    "name": ("wijkenenbuurten", "regioaanduiding", "buurtnaam", "regionaam", "naam"),
    "gemeente": ("gemeentenaam", "gemeente"),
    "kind": ("soortregio",),
    "inhabitants": ("aantalinwoners", "inwoners"),
    "age_0_15": ("k0tot15jaar", "0tot15jaar"),
    "age_15_25": ("k15tot25jaar", "15tot25jaar"),
    "age_25_45": ("k25tot45jaar", "25tot45jaar"),
    "age_45_65": ("k45tot65jaar", "45tot65jaar"),
    "age_65_plus": ("k65jaarofouder", "65jaarofouder"),
}
AGE_FIELDS = ("age_0_15", "age_15_25", "age_25_45", "age_45_65", "age_65_plus")


class CbsFormatError(Exception):
    """The file is not a kerncijfers table this importer understands; says why."""


@dataclass
class ImportResult:
    imported: int = 0
    skipped_rows: int = 0
    unmatched: list[str] = field(default_factory=list)


def _key(header: str) -> str:
    header = re.sub(r"_\d+$", "", header.strip())
    return re.sub(r"[^a-z0-9]", "", header.lower())


def _number(value: str | None) -> int | None:
    """CBS writes a missing or secret figure as "." or leaves it empty."""
    value = (value or "").strip().replace(" ", "")
    if not value or value in {".", "x", "-"}:
        return None
    try:
        return int(float(value.replace(",", ".")))
    except ValueError:
        raise CbsFormatError(f"not a number: {value!r}") from None


def _columns(headers: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for header in headers:
        key = _key(header)
        for name, candidates in COLUMNS.items():
            if name not in found and key in candidates:
                found[name] = header
    if "inhabitants" not in found or not ({"code", "name"} & set(found)):
        raise CbsFormatError(
            "the file needs a column with the number of inhabitants (AantalInwoners) and one "
            "with the buurt's code (Codering) or name (WijkenEnBuurten)"
        )
    return found


def read_rows(text: str) -> list[dict]:
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        raise CbsFormatError("this does not look like a CSV file") from None
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = _columns(reader.fieldnames or [])
    rows = []
    for raw in reader:
        row = {name: (raw.get(header) or "").strip() for name, header in columns.items()}
        code_like = re.fullmatch(r"[A-Z]{2}\d{8}", row.get("name", ""))
        if "code" not in row and code_like:  # the typed dataset keeps the code in this column
            row["code"], row["name"] = row["name"], ""
        rows.append(row)
    return rows


@transaction.atomic
def import_figures(text: str, *, gemeente: str = "Eindhoven", year: int | None = None):
    """Store the figures of every buurt in the file that we know; report what did not match."""
    result = ImportResult()
    buurten = list(Buurt.objects.all())
    by_code = {b.cbs_code.upper(): b for b in buurten if b.cbs_code}
    by_name = {b.name.casefold(): b for b in buurten}
    for row in read_rows(text):
        kind = row.get("kind", "Buurt") or "Buurt"
        code = row.get("code", "").upper()
        is_buurt = kind.casefold() == "buurt" or code.startswith("BU")
        in_gemeente = not row.get("gemeente") or row["gemeente"].casefold() == gemeente.casefold()
        if not is_buurt or not in_gemeente:
            result.skipped_rows += 1
            continue
        buurt = by_code.get(code) if code else None
        if buurt is None and row.get("name"):
            buurt = by_name.get(row["name"].casefold())
        if buurt is None:
            result.unmatched.append(row.get("name") or code)
            continue
        inhabitants = _number(row.get("inhabitants"))
        if inhabitants is None:
            result.skipped_rows += 1
            continue
        BuurtFigures.objects.update_or_create(
            buurt=buurt,
            defaults={
                "year": year,
                "inhabitants": inhabitants,
                **{name: _number(row.get(name)) for name in AGE_FIELDS},
            },
        )
        changed = []
        if code and not buurt.cbs_code and code not in by_code:
            buurt.cbs_code = code
            by_code[code] = buurt
            changed.append("cbs_code")
        if buurt.inhabitants != inhabitants:
            buurt.inhabitants = inhabitants
            changed.append("inhabitants")
        if changed:
            buurt.save(update_fields=changed)
        result.imported += 1
    return result
