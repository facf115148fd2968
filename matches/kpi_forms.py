"""The KPI dashboard's filters: period presets, wijkteam, wijk and match kind, in the query
string. A bad value never answers 500: the form shows its Dutch message, keeps what was typed,
and the figures fall back to that filter's default (the page says which period it shows)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from buurtinbloei.forms import StyledForm
from buurtinbloei.models import Wijk, Wijkteam

from .kpi import KpiFilters, Period
from .models import MatchKind

#: "wijkteam=alle": the city's totals (a verbinder's page opens on the own wijkteam).
CITY = "alle"
#: A from-to period spans at most this many days (five years).
MAX_DAYS = 5 * 366


class PeriodChoice:
    THIS_YEAR = "dit-jaar"
    YEAR = "jaar"
    QUARTER = "kwartaal"
    MONTH = "maand"
    RANGE = "van-tot"


PERIOD_CHOICES = [
    (PeriodChoice.THIS_YEAR, _("Dit jaar")),
    (PeriodChoice.YEAR, _("Een jaar")),
    (PeriodChoice.QUARTER, _("Een kwartaal")),
    (PeriodChoice.MONTH, _("Een maand")),
    (PeriodChoice.RANGE, _("Van … tot en met …")),
]

MONTH_NAMES = [
    _("januari"),
    _("februari"),
    _("maart"),
    _("april"),
    _("mei"),
    _("juni"),
    _("juli"),
    _("augustus"),
    _("september"),
    _("oktober"),
    _("november"),
    _("december"),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class KpiFilterForm(StyledForm):
    period = forms.ChoiceField(label=_("Periode"), required=False, choices=PERIOD_CHOICES)
    year = forms.TypedChoiceField(label=_("Jaar"), required=False, coerce=int, empty_value=None)
    quarter = forms.TypedChoiceField(
        label=_("Kwartaal"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "")] + [(q, _("kwartaal %(q)s") % {"q": q}) for q in range(1, 5)],
    )
    month = forms.TypedChoiceField(
        label=_("Maand"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "")] + [(i, name) for i, name in enumerate(MONTH_NAMES, 1)],
    )
    date_from = forms.DateField(
        label=_("Van"), required=False, widget=DateInput(), input_formats=["%Y-%m-%d", "%d-%m-%Y"]
    )
    date_to = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
    )
    wijkteam = forms.ChoiceField(label=_("Wijkteam"), required=False)
    wijk = forms.TypedChoiceField(label=_("Wijk"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Soort match"),
        required=False,
        choices=[("", _("Alle soorten")), *MatchKind.choices],
    )

    def __init__(self, data=None, *, user, today: datetime.date | None = None, **kwargs):
        self.user = user
        self.today = today or timezone.localdate()
        self.wijkteams = {t.pk: t for t in Wijkteam.objects.order_by("name")}
        own = [pk for pk in self.wijkteams if pk in user.wijkteam_ids]
        self.default_wijkteam = own[0] if own and not user.may.see_whole_city else None
        data = data.copy() if data is not None else {}
        if not data.get("wijkteam"):
            data["wijkteam"] = str(self.default_wijkteam) if self.default_wijkteam else CITY
        if not data.get("period"):
            data["period"] = PeriodChoice.THIS_YEAR
        super().__init__(data, **kwargs)
        years = range(self.today.year + 1, 2019, -1)
        self.fields["year"].choices = [("", "")] + [(y, str(y)) for y in years]
        self.fields["wijkteam"].choices = [(CITY, _("Heel Eindhoven"))] + [
            (str(pk), team.name) for pk, team in self.wijkteams.items()
        ]
        self.wijken = {w.pk: w for w in Wijk.objects.order_by("name")}
        self.fields["wijk"].choices = [("", _("Alle wijken"))] + [
            (pk, w.name) for pk, w in self.wijken.items()
        ]

    def clean(self):
        data = super().clean()
        choice = data.get("period")
        year = data.get("year") or self.today.year
        if (
            choice == PeriodChoice.QUARTER
            and not data.get("quarter")
            and "quarter" not in self.errors
        ):
            self.add_error("quarter", gettext("Kies een kwartaal."))
        if choice == PeriodChoice.MONTH and not data.get("month") and "month" not in self.errors:
            self.add_error("month", gettext("Kies een maand."))
        if choice == PeriodChoice.RANGE:
            start, end = data.get("date_from"), data.get("date_to")
            if not start and "date_from" not in self.errors:
                self.add_error(
                    "date_from", gettext("Vul de eerste dag in, bijvoorbeeld 2026-01-01.")
                )
            if not end and "date_to" not in self.errors:
                self.add_error(
                    "date_to", gettext("Vul de laatste dag in, bijvoorbeeld 2026-03-31.")
                )
            if start and end and end < start:
                self.add_error("date_to", gettext("De laatste dag ligt vóór de eerste dag."))
            elif start and end and (end - start).days >= MAX_DAYS:
                self.add_error("date_to", gettext("Kies een periode van hoogstens vijf jaar."))
        data["year"] = year
        return data

    # --- what the figures use --------------------------------------------------------------

    def chosen_period(self) -> Period:
        data = self.cleaned_data if self.is_valid() else self._valid_part()
        choice = data.get("period") or PeriodChoice.THIS_YEAR
        year = data.get("year") or self.today.year
        if choice == PeriodChoice.YEAR:
            return _year(year)
        if choice == PeriodChoice.QUARTER and data.get("quarter"):
            q = data["quarter"]
            start = datetime.date(year, 3 * q - 2, 1)
            end = _month_end(datetime.date(year, 3 * q, 1))
            return Period(start, end, gettext("kwartaal %(q)s %(year)s") % {"q": q, "year": year})
        if choice == PeriodChoice.MONTH and data.get("month"):
            start = datetime.date(year, data["month"], 1)
            label = f"{MONTH_NAMES[data['month'] - 1]} {year}"
            return Period(start, _month_end(start), label)
        if choice == PeriodChoice.RANGE and data.get("date_from") and data.get("date_to"):
            start, end = data["date_from"], data["date_to"]
            return Period(start, end, f"{start:%d-%m-%Y} t/m {end:%d-%m-%Y}")
        return _year(self.today.year, this_year=True)

    def _valid_part(self) -> dict:
        """With errors: the period falls back to this year, the other filters keep whatever
        was valid."""
        cleaned = getattr(self, "cleaned_data", {})
        if any(name in self.errors for name in ("period", "year", "quarter", "month")) or any(
            name in self.errors for name in ("date_from", "date_to")
        ):
            return {k: v for k, v in cleaned.items() if k not in PERIOD_FIELDS}
        return cleaned

    def filters(self) -> KpiFilters:
        period = self.chosen_period()
        data = self.cleaned_data
        team_value = data.get("wijkteam") if "wijkteam" not in self.errors else None
        team = None
        if team_value and team_value != CITY:
            team = self.wijkteams.get(int(team_value))
        elif team_value is None and self.default_wijkteam:
            team = self.wijkteams[self.default_wijkteam]
        wijk = self.wijken.get(data.get("wijk")) if "wijk" not in self.errors else None
        kind = data.get("kind", "") if "kind" not in self.errors else ""
        return KpiFilters(period=period, wijkteam=team, wijk=wijk, kind=kind or "")


PERIOD_FIELDS = {"period", "year", "quarter", "month", "date_from", "date_to"}


def _month_end(first: datetime.date) -> datetime.date:
    nxt = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return nxt - datetime.timedelta(days=1)


def _year(year: int, *, this_year: bool = False) -> Period:
    label = gettext("dit jaar (%(year)s)") if this_year else "%(year)s"
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), label % {"year": year})
