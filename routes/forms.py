"""Forms of a landing route: they clean input, nothing more (writes live in services.py)."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtinbloei.forms import StyledForm, style_widgets
from buurtinbloei.once import OnceFormMixin
from buurtinbloei.permissions import Perm, users_with
from buurtinbloei.widgets import QuickSelect
from networks.models import CoreTeam, Ontwikkelplaats, Organisation
from talents.models import Resident

from .models import CheckInResult, GroupKind, Item, Party
from .picker import PICKERS, chosen_ids, neighbours_of, pick
from .services import PathwayError, parse_weeks

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": _("Vul een datum in."), "invalid": _("Schrijf de datum zo: 31-12-2026.")}
CHOOSE = {
    "required": _("Kies er een uit de lijst."),
    "invalid_choice": _("Kies er een uit de lijst."),
}


def consent_field_name(party: str, item: str) -> str:
    return f"consent_{party}_{item}"


class CounsellorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        membership = getattr(obj, "partner_membership", None)
        return f"{obj} ({membership.organisation})" if membership else str(obj)


class PathwayForm(OnceFormMixin, StyledForm):
    start_date = forms.DateField(label=_("Startdatum"), widget=DATE, error_messages=DATE_ERRORS)
    review_date = forms.DateField(
        label=_("Einddatum of evaluatie"), widget=DATE, error_messages=DATE_ERRORS
    )
    partner_organisation = forms.ModelChoiceField(
        label=_("GGZ-partner"),
        queryset=Organisation.objects.none(),
        widget=QuickSelect,
        error_messages=CHOOSE,
    )
    counsellor = CounsellorChoice(
        label=_("Begeleider van de GGZ-partner"),
        queryset=users_with(Perm.FOLLOW_ROUTES).none(),
        widget=QuickSelect,
        error_messages=CHOOSE,
    )
    counsellor_present = forms.BooleanField(
        label=_("De begeleider was erbij toen we de toestemming bespraken"), required=False
    )
    buddy = forms.ModelChoiceField(
        label=_("Maatje"),
        queryset=Resident.objects.none(),
        required=False,
        widget=forms.RadioSelect,  # drawn by the picker (pickers()), never as a full list
        error_messages=CHOOSE,
        help_text=_("Een buurtbewoner uit dezelfde buurt."),
    )
    buddy_q = forms.CharField(label=_("Zoek op naam"), max_length=100, required=False)
    group_kind = forms.ChoiceField(
        label=_("Kleine groep buren"),
        choices=GroupKind.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    group_residents = forms.ModelMultipleChoiceField(
        label=_("Buurtbewoners in de groep"),
        queryset=Resident.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,  # drawn by the picker too
        error_messages=CHOOSE,
    )
    group_q = forms.CharField(label=_("Zoek op naam"), max_length=100, required=False)
    group_core_team = forms.ModelChoiceField(
        label=_("Kernteam"),
        queryset=CoreTeam.objects.none(),
        required=False,
        widget=QuickSelect,
        error_messages=CHOOSE,
    )
    group_place = forms.ModelChoiceField(
        label=_("Ontwikkelplaats"),
        queryset=Ontwikkelplaats.objects.none(),
        required=False,
        widget=QuickSelect,
        error_messages=CHOOSE,
    )
    goals = forms.CharField(
        label=_("Doelen, in de eigen woorden van de inwoner"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf op wat de inwoner wil bereiken.")},
    )
    interests = forms.CharField(label=_("Interesses"), max_length=300, required=False)
    availability = forms.CharField(
        label=_("Beschikbaarheid"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: dinsdag- en donderdagmiddag."),
    )
    check_in_weeks = forms.CharField(
        label=_("Check-ins na (weken)"),
        max_length=50,
        help_text=_("Met komma's ertussen, bijvoorbeeld 2, 6, 12."),
    )

    def __init__(self, *args, user, resident: Resident, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.resident = resident
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("start_date", today)
            self.initial.setdefault("review_date", today + datetime.timedelta(weeks=12))
            self.initial.setdefault(
                "check_in_weeks", ", ".join(str(w) for w in settings.ROUTE_CHECK_IN_WEEKS)
            )
        # Organisations with partner users: the only ones a counsellor can work for.
        self.fields["partner_organisation"].queryset = (
            Organisation.objects.filter(memberships__isnull=False).distinct().order_by("name")
        )
        self.fields["counsellor"].queryset = (
            users_with(Perm.FOLLOW_ROUTES)
            .filter(is_active=True)
            .select_related("partner_membership__organisation")
        )
        # The buddy and the group live in the resident's own buurt ("landing in the buurt").
        # They are searched by name (picker.py), never listed in full.
        neighbours = neighbours_of(user, resident)
        self.neighbours = neighbours
        self.fields["buddy"].queryset = neighbours
        self.fields["group_residents"].queryset = neighbours
        self.fields["group_core_team"].queryset = CoreTeam.objects.editable_by(user)
        self.fields["group_place"].queryset = Ontwikkelplaats.objects.editable_by(user)
        for party in Party:
            for item in Item:
                self.fields[consent_field_name(party, item)] = forms.BooleanField(
                    label=f"{party.label}: {item.label}", required=False
                )
        style_widgets(self)  # the matrix's checkboxes came after StyledForm styled the rest

    def searching(self) -> None:
        """A "Zoek" button without JavaScript: show the form again as typed, without errors."""
        self._errors = ErrorDict()
        self.cleaned_data = {}

    def pickers(self) -> dict:
        """Per picker: the chosen neighbours (kept) and what its search box found."""
        result = {}
        for name, q_name in PICKERS.items():
            if self.is_bound:
                values = self.data.getlist(name) if hasattr(self.data, "getlist") else []
                q = self.data.get(q_name, "")
            else:
                initial = self.initial.get(name)
                if name == "buddy":
                    initial = [initial] if initial else []
                values = [getattr(v, "pk", v) for v in initial or []]
                q = ""
            result[name] = {
                "field": self[name],
                "q_field": self[q_name],
                **pick(self.neighbours, q=q, chosen=chosen_ids(values)),
            }
        return result

    def route_fields(self):
        names = (
            "start_date",
            "review_date",
            "partner_organisation",
            "counsellor",
            "goals",
            "interests",
            "availability",
            "check_in_weeks",
        )
        return [self[name] for name in names]

    def items(self) -> list[Item]:
        return list(Item)

    def consent_rows(self):
        """(party label, [bound field per item]) for the matrix table."""
        return [
            (party, [self[consent_field_name(party, item)] for item in Item]) for party in Party
        ]

    def consents(self) -> set[tuple[str, str]]:
        return {
            (party.value, item.value)
            for party in Party
            for item in Item
            if self.cleaned_data.get(consent_field_name(party, item))
        }

    def clean_check_in_weeks(self) -> str:
        try:
            parse_weeks(self.cleaned_data["check_in_weeks"])
        except PathwayError as error:
            raise forms.ValidationError(error.message) from None
        return self.cleaned_data["check_in_weeks"]

    def clean(self) -> dict:
        data = super().clean()
        start, review = data.get("start_date"), data.get("review_date")
        if start and review and review < start:
            self.add_error("review_date", _("De einddatum ligt na de startdatum."))
        counsellor, organisation = data.get("counsellor"), data.get("partner_organisation")
        membership = getattr(counsellor, "partner_membership", None) if counsellor else None
        if membership and organisation and membership.organisation_id != organisation.pk:
            self.add_error(
                "counsellor",
                _("Deze begeleider werkt voor %(org)s. Kies de begeleider van de GGZ-partner.")
                % {"org": membership.organisation},
            )
        kind = data.get("group_kind") or ""
        needed = {
            GroupKind.RESIDENTS: "group_residents",
            GroupKind.CORE_TEAM: "group_core_team",
            GroupKind.PLACE: "group_place",
        }
        if kind in needed and not data.get(needed[kind]):
            self.add_error(needed[kind], _("Kies wie er in de groep zit."))
        # Only the chosen kind of group is kept.
        for other_kind, name in needed.items():
            if other_kind != kind:
                data[name] = [] if name == "group_residents" else None
        buddy = data.get("buddy")
        if buddy and buddy in (data.get("group_residents") or []):
            self.add_error("group_residents", _("Het maatje hoeft niet ook in de groep."))
        return data

    def route_data(self) -> dict:
        names = (
            "start_date",
            "review_date",
            "partner_organisation",
            "counsellor",
            "buddy",
            "group_kind",
            "group_residents",
            "group_core_team",
            "group_place",
            "goals",
            "interests",
            "availability",
            "check_in_weeks",
        )
        data = {name: self.cleaned_data.get(name) for name in names}
        data["group_kind"] = data["group_kind"] or ""
        return data


class ConsentChangeForm(forms.Form):
    """One click in the matrix: ``change`` is "party:item:0|1", one cell, or "party:all:0|1"
    for a party's whole row. The matrix is one form, so "the counsellor is here" goes with
    whichever button is pressed."""

    change = forms.CharField(max_length=50)
    counsellor_present = forms.BooleanField(required=False)

    def clean_change(self) -> tuple[str, list[str], bool]:
        party, _sep, rest = self.cleaned_data["change"].partition(":")
        item, _sep, granted = rest.partition(":")
        if party not in Party.values or granted not in {"0", "1"}:
            raise forms.ValidationError("unknown")
        if item == "all":
            return party, list(Item.values), granted == "1"
        if item not in Item.values:
            raise forms.ValidationError("unknown")
        return party, [item], granted == "1"


class CheckInForm(StyledForm):
    result = forms.ChoiceField(
        label=_("Hoe ging het?"),
        choices=CheckInResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe het ging.")},
    )
    note = forms.CharField(
        label=_("Korte notitie (alleen voor het wijkteam)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


#: What changes after the set-up: the people around the resident, the words, the review date.
#: The start, the GGZ partner, the counsellor and the check-in weeks stay as agreed.
EDITABLE = (
    "review_date",
    "buddy",
    "group_kind",
    "group_residents",
    "group_core_team",
    "group_place",
    "goals",
    "interests",
    "availability",
)
#: The pickers' search boxes stay on the edit form (they are not saved).
SEARCH_BOXES = tuple(PICKERS.values())


class PathwayEditForm(PathwayForm):
    def __init__(self, *args, user, route, **kwargs) -> None:
        initial = {name: getattr(route, name) for name in EDITABLE if name != "group_residents"}
        initial["group_residents"] = list(route.group_residents.values_list("pk", flat=True))
        super().__init__(*args, user=user, resident=route.resident, initial=initial, **kwargs)
        self.route = route
        for name in list(self.fields):
            if name not in EDITABLE and name not in SEARCH_BOXES:
                del self.fields[name]

    def clean(self) -> dict:
        self.cleaned_data["start_date"] = self.route.start_date
        return super().clean()

    def route_fields(self):
        return [self[name] for name in ("review_date", "goals", "interests", "availability")]

    def route_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in EDITABLE}
        data["group_kind"] = data["group_kind"] or ""
        return data
