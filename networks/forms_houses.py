"""Forms about student houses: the house, a member, the list's filters, and the contact's
confirmation page. They clean input, nothing more (writes live in services_houses.py)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtinbloei.conflicts import VersionField
from buurtinbloei.forms import PlainEmailField, PlainTextField, StyledForm, clean_phone
from buurtinbloei.models import Buurt, Wijk
from talents.models import Talent

from .forms import DATE, DATE_ERRORS, REQUIRED, BuurtField, FilterForm, _own_buurten
from .services_houses import NewMember

#: The words for a semester a verbinder may type, and how each is stored (the Dutch word).
SEMESTERS = {
    "najaar": "najaar",
    "autumn": "najaar",
    "fall": "najaar",
    "voorjaar": "voorjaar",
    "spring": "voorjaar",
}
#: "najaar 2026: ma/wo avond", "voorjaar 2027: zaterdagochtend" or "fall 2026: ma/wo avond".
AVAILABILITY_LINE = re.compile(rf"^\s*({'|'.join(SEMESTERS)})\s+(\d{{4}})\s*:\s*(\S.*?)\s*$", re.I)
#: The confirmation page offers this many empty rows for new members.
NEW_MEMBER_ROWS = 4


def parse_availability(text: str) -> list[dict]:
    """One line per semester ("najaar 2026: ma/wo avond"; "autumn"/"fall" and "spring" are
    read as najaar and voorjaar); a wrong line is named by number."""
    rows: list[dict] = []
    seen: set[str] = set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        found = AVAILABILITY_LINE.match(line)
        if not found or len(found[3]) > 100:
            raise ValidationError(
                _(
                    "Regel %(n)s klopt niet. Schrijf per regel een semester en wanneer, zo: "
                    "najaar 2026: ma/wo avond"
                )
                % {"n": number},
                code="availability",
            )
        semester = f"{SEMESTERS[found[1].lower()]} {found[2]}"
        if semester in seen:
            raise ValidationError(
                _("%(semester)s staat er twee keer in.") % {"semester": semester}, code="twice"
            )
        seen.add(semester)
        rows.append({"semester": semester, "when": found[3]})
    return rows


def availability_text(rows: list[dict]) -> str:
    return "\n".join(f"{row['semester']}: {row['when']}" for row in rows or [])


class AvailabilityField(PlainTextField):
    """The lines a verbinder types, cleaned to rows (:func:`parse_availability`)."""

    def clean(self, value) -> list[dict]:
        return parse_availability(super().clean(value))

    def display_value(self, rows: list[dict]) -> str:
        """How the rows read again (the conflict page compares them)."""
        return availability_text(rows)


class HouseFilterForm(FilterForm):
    wijk = forms.TypedChoiceField(label=_("Wijk"), required=False, coerce=int, empty_value=None)
    talent = forms.ModelChoiceField(
        label=_("Talent"),
        required=False,
        queryset=Talent.objects.none(),
        empty_label=_("Alle talenten"),
    )
    state = forms.ChoiceField(
        label=_("Leden"),
        required=False,
        choices=[
            ("", _("Alle huizen")),
            ("unconfirmed", _("Leden niet bevestigd")),
            ("inactive", _("Niet actief")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].choices = [
            ("", _("Alle wijken")),
            *Wijk.objects.order_by("name").values_list("pk", "name"),
        ]
        self.fields["talent"].queryset = Talent.objects.approved()


class HouseForm(StyledForm):
    name = PlainTextField(label=_("Naam van het huis"), max_length=200, error_messages=REQUIRED)
    buurt = BuurtField(Buurt.objects.none())
    address = PlainTextField(
        label=_("Adres"),
        max_length=200,
        required=False,
        help_text=_("Straat en huisnummer zijn genoeg."),
    )
    talents = forms.ModelMultipleChoiceField(
        label=_("Wat het huis samen aanbiedt"),
        queryset=Talent.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Bijvoorbeeld samen boodschappen doen of computerhulp."),
        error_messages={"invalid_choice": _("Kies uit de lijst.")},
    )
    availability = AvailabilityField(
        label=_("Beschikbaarheid per semester"),
        multiline=True,
        max_length=1000,
        required=False,
        help_text=_(
            "Eén regel per semester (najaar of voorjaar; autumn, fall of spring mag ook), "
            "bijvoorbeeld: najaar 2026: ma/wo avond"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact_name = PlainTextField(
        label=_("Contactpersoon van het huis"), max_length=200, error_messages=REQUIRED
    )
    contact_email = PlainEmailField(
        label=_("E-mail contactpersoon"),
        max_length=254,
        help_text=_("Hier komt elk studiejaar de vraag wie er wonen."),
        error_messages={
            "required": _("Vul een e-mailadres in: daar vragen we elk jaar wie er wonen."),
            "invalid": _("Dit e-mailadres klopt niet. Kijk het nog even na."),
        },
    )
    contact_phone = PlainTextField(
        label=_("Telefoon contactpersoon"), max_length=30, required=False
    )
    note = PlainTextField(
        label=_("Notitie"),
        multiline=True,
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    active = forms.BooleanField(label=_("Actief: het huis doet mee"), required=False, initial=True)
    # The version an edit was opened on (buurtinbloei/conflicts.py); ignored when creating.
    version = VersionField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurt"] = BuurtField(_own_buurten(user))
        self.fields["talents"].queryset = Talent.objects.usable_by(user)

    def clean_contact_phone(self) -> str:
        return clean_phone(self.cleaned_data["contact_phone"])


class HouseMemberForm(StyledForm):
    first_name = PlainTextField(label=_("Voornaam"), max_length=100, error_messages=REQUIRED)
    study = PlainTextField(label=_("Studie"), max_length=200, required=False)
    member_until = forms.DateField(
        label=_("Woont er tot"),
        required=False,
        widget=DATE,
        help_text=_("Ongeveer is goed; daarna staat de huisgenoot op niet actief."),
        error_messages=DATE_ERRORS,
    )

    def clean_member_until(self):
        until = self.cleaned_data.get("member_until")
        if until and until < timezone.localdate():
            raise ValidationError(_("Deze datum ligt al in het verleden."), code="past")
        return until


class HouseConfirmForm(forms.Form):
    """The contact's page: tick who still lives here, add who came. The new members' rows are
    plain fields (``new_<i>_first_name`` …) so the page works without JavaScript."""

    staying = forms.MultipleChoiceField(
        label=_("Wie wonen er nog?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies uit de lijst.")},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staying"].choices = [(str(m.pk), str(m)) for m in members]
        self.fields["staying"].initial = [str(m.pk) for m in members]
        for i in range(NEW_MEMBER_ROWS):
            self.fields[f"new_{i}_first_name"] = PlainTextField(
                label=_("Voornaam"), max_length=100, required=False
            )
            self.fields[f"new_{i}_study"] = PlainTextField(
                label=_("Studie"), max_length=200, required=False
            )
            self.fields[f"new_{i}_until"] = forms.DateField(
                label=_("Woont er tot"), required=False, widget=DATE, error_messages=DATE_ERRORS
            )
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", "utrecht-textbox")

    def new_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"new_{i}_first_name"], self[f"new_{i}_study"], self[f"new_{i}_until"]]
            for i in range(NEW_MEMBER_ROWS)
        ]

    def clean(self) -> dict:
        data = super().clean()
        new: list[NewMember] = []
        for i in range(NEW_MEMBER_ROWS):
            name = data.get(f"new_{i}_first_name", "")
            study = data.get(f"new_{i}_study", "")
            until = data.get(f"new_{i}_until")
            if not name and (study or until):
                self.add_error(
                    f"new_{i}_first_name",
                    ValidationError(_("Vul ook de voornaam in."), code="required"),
                )
            elif name:
                new.append(NewMember(first_name=name, study=study, member_until=until))
        data["new_members"] = new
        data["staying_ids"] = [int(pk) for pk in data.get("staying") or []]
        return data
