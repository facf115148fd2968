"""The dashboard's figures as rows for the CSV and Excel exports (the same rows in both).

The file opens with the period and the filters. Only aggregates: no names, no notes. An export
goes outside the organisation (WIJeindhoven's reports to the municipality), so every count at
buurt level below 5 reads "<5" (the statistics office's practice): no resident can be singled
out through a small buurt. Wijk, wijkteam and city totals are exact.
"""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from .kpi import SMALL_CELL, Figures

CSV_DELIMITER = ";"  # what Dutch spreadsheet programs expect


def small(value: int) -> int | str:
    """A buurt-level count as it may leave the organisation."""
    return f"<{SMALL_CELL}" if value < SMALL_CELL else value


def rounded(value: float | None, digits: int = 1):
    if value is None:
        return ""
    value = round(value, digits)
    return int(value) if value == int(value) else value


def rows(figures: Figures) -> list[list]:
    f = figures
    out: list[list] = [[_("Buurt in Bloei: cijfers")]]
    out += [[label, value] for label, value in f.filters.described()]
    computed = timezone.localtime(f.computed_at or timezone.now())
    out.append([_("Berekend op"), computed.strftime("%Y-%m-%d %H:%M")])
    out.append([])
    out.append([_("Gestarte matches"), _("aantal"), _("doel (naar rato)")])
    out.append([_("Totaal"), f.started, rounded(f.target)])
    out.append([])
    out.append([_("Per soort match"), _("aantal")])
    out += [[r.label, r.value] for r in f.by_kind]
    out.append([])
    out.append([_("Per maand"), _("aantal"), _("doel (naar rato)")])
    out += [[r.label, r.value, rounded(r.target)] for r in f.by_month]
    out.append([])
    out.append([_("Per wijkteam"), _("aantal"), _("doel (naar rato)")])
    out += [[r.label, r.value, rounded(r.target)] for r in f.by_wijkteam]
    out.append([])
    out.append([_("Per wijk"), _("aantal")])
    out += [[r.label, r.value] for r in f.by_wijk]
    out.append([])
    out.append([_("Van hulpvraag tot start"), _("mediaan in dagen"), _("matches met hulpvraag")])
    out.append([_("Mediaan"), rounded(f.median_days), f.with_request])
    out.append([])
    out.append([_("Trechter (aanmeldingen in de periode)"), _("aantal")])
    out += [[r.label, r.value] for r in f.funnel]
    out.append([])
    out.append([_("Open hulpvragen (vandaag) naar wachttijd"), _("aantal")])
    out += [[r.label, r.value] for r in f.open_by_age]
    out.append([_("Totaal"), f.open_requests])
    out.append([])
    out.append(
        [
            _("Balans per buurt (vandaag)"),
            _("wijk"),
            _("beschikbaar aanbod"),
            _("open hulpvragen"),
            _("aandacht"),
        ]
    )
    for r in f.balance:
        reasons = []
        if r.extra["too_many_offers"]:
            reasons.append(_("aanbod 3 op 1"))
        if r.extra["waiting"]:
            reasons.append(_("vraag wacht > 30 dagen"))
        out.append(
            [
                r.label,
                r.extra["wijk"],
                small(r.value),
                small(r.extra["requests"]),
                ", ".join(reasons),
            ]
        )
    out.append([])
    out.append([_("Wederkerigheid (matches inwoner met inwoner)"), _("aantal inwoners")])
    out.append([_("Gaven"), f.givers])
    out.append([_("Ontvingen"), f.receivers])
    out.append([_("Gaven én ontvingen"), f.reciprocal])
    out.append([])
    out.append([_("Kernteams (vandaag) per fase"), _("aantal"), _("actief (5+ actieve leden)")])
    out += [[r.label, r.value, r.extra["active"]] for r in f.core_teams]
    out.append([_("Totaal"), f.core_teams_total, f.core_teams_active])
    out.append([])
    out.append([_("Activiteiten in de periode"), _("aantal")])
    out.append([_("Gedaan"), f.activities["done"]])
    out.append([_("Gepland"), f.activities["planned"]])
    out.append([_("Deelnemers (gedaan)"), f.activities["participants"]])
    return out


def _safe(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(figures: Figures) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that Excel reads UTF-8
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    for row in rows(figures):
        writer.writerow([_safe(str(v)) if isinstance(v, str) else v for v in row])
    return buffer.getvalue()


def to_xlsx(figures: Figures) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(_("Cijfers")[:31])
    bold = workbook.add_format({"bold": True})
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, 4, 18)
    previous_blank = True
    for i, row in enumerate(rows(figures)):
        for j, value in enumerate(row):
            cell_format = bold if previous_blank or i == 0 else None
            if isinstance(value, int | float):
                sheet.write_number(i, j, value, cell_format)
            else:
                sheet.write_string(i, j, str(value), cell_format)
        previous_blank = not row
    workbook.close()
    return buffer.getvalue()
