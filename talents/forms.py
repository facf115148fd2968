"""Staff forms of the talents app. Forms only clean input; services in services.py save it."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtinbloei.conflicts import VersionField
from buurtinbloei.forms import StyledForm, StyledModelForm, clean_phone, clean_postcode
from buurtinbloei.models import Buurt, User
from buurtinbloei.once import OnceFormMixin
from buurtinbloei.phone import format_phone
from buurtinbloei.selectors import buurten_for, verbinders_for
from buurtinbloei.widgets import QuickSelect

from .models import (
    RESIDENT_FIELDS,
    Conversation,
    ConversationKind,
    Resident,
    ResidentStatus,
    Talent,
)

#: A resident belongs to the wijkteam of their buurt or of their verbinder; without either,
#: nobody in the team could find them again.
ORPHAN_ERROR = _(
    "Kies een buurt of een verantwoordelijke verbinder. Zonder een van de twee kan niemand "
    "van je wijkteam deze inwoner terugvinden."
)


class ResidentForm(StyledModelForm):
    # The version the person started from; resident_update refuses a stale one.
    version = VersionField()

    class Meta:
        model = Resident
        fields = list(RESIDENT_FIELDS)
        help_texts = {
            "languages": _("Bijvoorbeeld: Nederlands, Arabisch."),
            "email": _("E-mail of telefoon is nodig om later een match te maken."),
        }
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buurt"].queryset = buurten_for(user)
        self.fields["buurt"].empty_label = _("Onbekend")
        self.fields["responsible_verbinder"].queryset = verbinders_for(user)
        self.fields["responsible_verbinder"].empty_label = _("Nog niemand")
        # Whoever saves a resident is their verbinder unless someone else is chosen.
        if not self.is_bound and not self.initial.get("responsible_verbinder"):
            self.initial["responsible_verbinder"] = user.pk if user.may.change_residents else None
        # Stored as +31612345678, shown the Dutch way, as on the resident page.
        if self.initial.get("phone"):
            self.initial["phone"] = format_phone(self.initial["phone"])
        # Anonymising is the erasure procedure's job, not an edit.
        self.fields["status"].choices = [
            c for c in ResidentStatus.choices if c[0] != ResidentStatus.ANONYMISED
        ]

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict:
        data = super().clean()
        if (
            not data.get("buurt")
            and not data.get("responsible_verbinder")
            and not (self.has_error("buurt") or self.has_error("responsible_verbinder"))
        ):
            self.add_error("buurt", ORPHAN_ERROR)
        return data

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data.get("postcode", ""))

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        if year is not None and not 1900 <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("Vul een geboortejaar in tussen 1900 en nu."))
        return year

    @property
    def unreachable(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("email") or data.get("phone"))


class ResidentCreateForm(OnceFormMixin, ResidentForm):
    """A new resident: a double tap on "Opslaan" must not make two (buurtinbloei/once.py)."""


class ResidentFilterForm(StyledForm):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=100)
    buurt = forms.ModelChoiceField(
        label=_("Buurt"),
        queryset=Buurt.objects.none(),
        required=False,
        empty_label=_("Alle buurten"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle statussen")), *ResidentStatus.choices],
    )
    talent = forms.ModelChoiceField(
        label=_("Talent"),
        queryset=Talent.objects.none(),
        required=False,
        empty_label=_("Alle talenten"),
    )
    side = forms.ChoiceField(
        label=_("Geeft of vraagt"),
        required=False,
        choices=[
            ("", _("Iedereen")),
            ("offers", _("biedt iets aan")),
            ("asks", _("kan iets gebruiken")),
        ],
    )
    verbinder = forms.ModelChoiceField(
        label=_("Verbinder"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Alle verbinders"),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("buurt", "talent", "verbinder"):  # long lists: render them quickly
            self.fields[name].widget = QuickSelect(attrs=self.fields[name].widget.attrs)
        self.fields["buurt"].queryset = buurten_for(user)
        self.fields["talent"].queryset = Talent.objects.usable_by(user)
        self.fields["verbinder"].queryset = verbinders_for(user)
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs["autocomplete"] = "off"

    def filters(self) -> dict:
        """The valid filters only: a tampered or stale value is ignored, never an error page."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class NamesInput(forms.TextInput):
    """A text box whose value may also come from checkboxes with the same name."""

    def value_from_datadict(self, data, files, name):
        return (
            ", ".join(v for v in data.getlist(name) if v)
            if hasattr(data, "getlist")
            else (data.get(name))
        )


class NamesField(forms.CharField):
    widget = NamesInput

    def to_python(self, value) -> list[str]:  # type: ignore[override]
        text = super().to_python(value)
        names = []
        for part in text.split(","):
            name = " ".join(part.split())
            if name and name.lower() not in {n.lower() for n in names}:
                names.append(name)
        return names

    def validate(self, value) -> None:
        if len(value) > 10:
            raise forms.ValidationError(_("Vul hoogstens 10 nieuwe talenten tegelijk in."))
        if any(len(name) > 100 for name in value):
            raise forms.ValidationError(_("Een talent heeft hoogstens 100 tekens."))

    def run_validators(self, value) -> None:
        for name in value:
            super().run_validators(name)


class ConversationFieldsForm(StyledModelForm):
    """What a conversation says; logging one (:class:`ConversationForm`) and correcting one
    (:class:`ConversationEditForm`) share it."""

    new_talents = NamesField(
        label=_("Nieuw talent"),
        required=False,
        max_length=500,
        help_text=_("Staat een talent er niet bij? Typ het hier; meerdere met een komma ertussen."),
    )

    class Meta:
        model = Conversation
        fields = [
            "date",
            "kind",
            "summary",
            "talents",
            "wishes",
            "asks",
            "next_step",
            "follow_up_on",
            "sensitive",
        ]
        labels = {
            "wishes": _("Wat zou de inwoner kunnen geven of graag doen?"),
            "asks": _("Waar zou de inwoner hulp of gezelschap bij kunnen gebruiken?"),
            "talents": _("Gevonden talenten"),
        }
        help_texts = {
            "wishes": _("Vraag het ook aan iemand die vooral hulp zoekt: iedereen heeft talent."),
            "asks": _("Vraag het ook aan iemand die vooral iets wil geven: vragen is moeilijk."),
            "sensitive": _(
                "Over gezondheid of GGZ: alleen zichtbaar voor het wijkteam van de inwoner."
            ),
        }
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "wishes": forms.Textarea(attrs={"rows": 3}),
            "asks": forms.Textarea(attrs={"rows": 3}),
            "talents": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["talents"].queryset = Talent.objects.usable_by(user)
        self.fields["talents"].required = False
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
            self.initial.setdefault("kind", ConversationKind.TALENT)

    def clean_date(self):
        date = self.cleaned_data.get("date")
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("Een gesprek kan niet in de toekomst liggen."))
        return date

    def clean(self) -> dict:
        data = super().clean()
        date, follow_up = data.get("date"), data.get("follow_up_on")
        if date and follow_up and follow_up < date:
            self.add_error("follow_up_on", _("Opvolgen kan niet vóór de datum van het gesprek."))
        return data


class ConversationForm(OnceFormMixin, ConversationFieldsForm):
    """Logging a conversation (a double tap saves it once: the token)."""


class ConversationEditForm(ConversationFieldsForm):
    """Correcting a conversation: the version it was opened on (buurtinbloei/conflicts.py)."""

    version = VersionField()

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        # A talent found then stays choosable, even a proposal that was merged or not approved.
        if self.instance.pk:
            found = Talent.objects.filter(pk__in=self.instance.talents.values("pk"))
            self.fields["talents"].queryset = Talent.objects.usable_by(user) | found


class ResidentTalentForm(StyledForm):
    talent = forms.ModelChoiceField(
        label=_("Talent"),
        queryset=Talent.objects.none(),
        required=False,
        empty_label=_("Kies een talent"),
    )
    new_talent = forms.CharField(
        label=_("Of een nieuw talent"),
        required=False,
        max_length=100,
        help_text=_("Een beheerder keurt nieuwe talenten goed; jij kunt het meteen gebruiken."),
    )
    offered = forms.BooleanField(label=_("Biedt dit aan"), required=False, initial=True)
    wants_to_develop = forms.BooleanField(label=_("Wil dit ontwikkelen"), required=False)
    note = forms.CharField(label=_("Notitie"), required=False, max_length=300)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["talent"].queryset = Talent.objects.usable_by(user)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("talent") and not data.get("new_talent") and not self.errors:
            self.add_error("talent", _("Kies een talent of typ een nieuw talent."))
        if not data.get("offered") and not data.get("wants_to_develop"):
            self.add_error("offered", _("Kies 'biedt dit aan', 'wil dit ontwikkelen' of allebei."))
        return data


class StreetForm(OnceFormMixin, StyledForm):
    first_name = forms.CharField(label=_("Voornaam"), max_length=100)
    buurt = forms.ModelChoiceField(
        label=_("Buurt"),
        queryset=Buurt.objects.none(),
        required=False,
        empty_label=_("Weet ik niet"),
    )
    phone = forms.CharField(label=_("Telefoonnummer"), required=False, max_length=30)
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    talent = forms.CharField(label=_("Talent of wens"), required=False, max_length=100)
    gives = forms.TypedChoiceField(
        label=_("Is dit iets om te geven of om te krijgen?"),
        choices=[
            ("1", _("geven: dit kan of wil de inwoner doen")),
            ("0", _("krijgen: hier kan de inwoner hulp bij gebruiken")),
        ],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Notitie"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The public form asks for consent with a checkbox; in the street the verbinder reads the
    # privacy text aloud and ticks this box for the resident (stored as a ConsentRecord).
    consent = forms.BooleanField(
        label=_("Ik heb de tekst hierboven voorgelezen en de inwoner vindt het goed."),
        error_messages={
            "required": _(
                "Lees de tekst over privacy voor en vraag of het goed is. Zonder toestemming "
                "slaan we niets op."
            )
        },
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["buurt"].queryset = buurten_for(user)
        attrs = {
            "first_name": {"autocomplete": "off", "autocapitalize": "words"},
            "phone": {"inputmode": "tel", "autocomplete": "off"},
            "email": {"inputmode": "email", "autocomplete": "off"},
            "talent": {"list": "talent-namen", "autocomplete": "off"},
        }
        for name, extra in attrs.items():
            self.fields[name].widget.attrs.update(extra)
        self.fields["phone"].widget.input_type = "tel"

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict:
        data = super().clean()
        if (
            not data.get("phone")
            and not data.get("email")
            and not (self.has_error("phone") or self.has_error("email"))
        ):
            self.add_error("phone", _("Vul een telefoonnummer of e-mailadres in."))
        if not data.get("buurt") and not self.has_error("buurt") and not self.user.wijkteam_ids:
            # Without a buurt the resident belongs to the verbinder's wijkteam: there is none.
            self.add_error("buurt", _("Kies een buurt: je hoort nog bij geen wijkteam."))
        return data


class DiscoverForm(StyledForm):
    """The talent to look for among residents of other wijkteams."""

    talent = forms.ModelChoiceField(
        label=_("Talent"),
        queryset=Talent.objects.approved(),
        required=False,
        empty_label=_("Kies een talent"),
    )

    def talent_or_none(self) -> Talent | None:
        """A tampered or stale value means "nothing chosen", never an error page."""
        return self.cleaned_data.get("talent") if self.is_valid() else None
