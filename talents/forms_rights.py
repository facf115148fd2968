"""Forms for a resident's rights: erasure, consent given in person, consent withdrawn."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtinbloei.forms import StyledForm
from buurtinbloei.once import OnceFormMixin

from .models import ConsentRecord


def _same_name(typed: str, name: str) -> bool:
    return typed.strip().casefold() == name.strip().casefold()


class EraseForm(StyledForm):
    """The verbinder types the resident's first name: erasing is never one slip of a finger."""

    first_name = forms.CharField(
        label=_("Typ de voornaam van de inwoner om te bevestigen"),
        max_length=100,
        error_messages={"required": _("Typ de voornaam van de inwoner.")},
    )

    def __init__(self, *args, resident, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.resident = resident
        self.fields["first_name"].widget.attrs.update({"autocomplete": "off"})

    def clean_first_name(self) -> str:
        typed = self.cleaned_data["first_name"]
        if not _same_name(typed, self.resident.first_name):
            raise forms.ValidationError(
                _("Dit is niet de voornaam van de inwoner. Er is niets gewist.")
            )
        return typed


class ConsentForm(OnceFormMixin, StyledForm):
    """Consent given in person, after the verbinder read the privacy statement aloud."""

    channel = forms.ChoiceField(
        label=_("Hoe is de toestemming gegeven?"),
        choices=[
            (ConsentRecord.Channel.IN_PERSON, ConsentRecord.Channel.IN_PERSON.label),
            (ConsentRecord.Channel.STREET, ConsentRecord.Channel.STREET.label),
        ],
        initial=ConsentRecord.Channel.IN_PERSON,
        widget=forms.RadioSelect,
    )
    read_aloud = forms.BooleanField(
        label=_("Ik heb de privacyverklaring voorgelezen en de inwoner vindt het goed."),
        error_messages={
            "required": _(
                "Lees de privacyverklaring voor en vraag of het goed is. Zonder toestemming "
                "leggen we niets vast."
            )
        },
    )


class WithdrawForm(StyledForm):
    """Withdrawing consent erases the resident, unless a legal ground to keep the data is
    written down; erasing asks for the first name, like the erase page."""

    ERASE = "erase"
    KEEP = "keep"

    outcome = forms.ChoiceField(
        label=_("Wat gebeurt er met de gegevens?"),
        choices=[
            (ERASE, _("Nu wissen (anonimiseren). Dit kan niet ongedaan worden gemaakt.")),
            (KEEP, _("Bewaren, omdat er een wettelijke grondslag is:")),
        ],
        initial=ERASE,
        widget=forms.RadioSelect,
    )
    legal_ground = forms.CharField(
        label=_("Grondslag om te bewaren"),
        help_text=_("Bijvoorbeeld een wettelijke bewaarplicht. Alleen bij bewaren."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    first_name = forms.CharField(
        label=_("Bij wissen: typ de voornaam van de inwoner om te bevestigen"),
        required=False,
        max_length=100,
    )

    def __init__(self, *args, resident, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.resident = resident
        self.fields["first_name"].widget.attrs.update({"autocomplete": "off"})

    def clean(self) -> dict:
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == self.KEEP and not data.get("legal_ground", "").strip():
            self.add_error(
                "legal_ground", _("Schrijf op op grond waarvan de gegevens bewaard blijven.")
            )
        if outcome == self.ERASE:
            typed = data.get("first_name", "")
            if not typed.strip():
                self.add_error("first_name", _("Typ de voornaam van de inwoner."))
            elif not _same_name(typed, self.resident.first_name):
                self.add_error(
                    "first_name",
                    _("Dit is niet de voornaam van de inwoner. Er is niets gewist."),
                )
        return data

    @property
    def keep_because(self) -> str:
        if self.cleaned_data["outcome"] == self.KEEP:
            return self.cleaned_data["legal_ground"].strip()
        return ""
