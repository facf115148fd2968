"""Forms for requests (hulpvragen) and partner referrals."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from buurtinbloei.conflicts import VersionField
from buurtinbloei.forms import (
    PlainEmailField,
    PlainTextField,
    StyledForm,
    clean_phone,
    clean_postcode,
)
from buurtinbloei.models import Buurt, Wijk, Wijkteam
from buurtinbloei.once import OnceFormMixin
from talents.forms_public import UNKNOWN_BUURT, buurt_choices
from talents.models import HelpTheme, Talent

from ..models import CloseReason, RequestSource, RequestStatus

CHOOSE = {
    "required": _("Kies er een uit de lijst."),
    "invalid_choice": _("Kies er een uit de lijst."),
}


def _theme_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Soort hulp"),
        required=False,
        choices=[("", _("Kies een soort hulp")), *HelpTheme.choices],
        error_messages=CHOOSE,
        **kwargs,
    )


def _asks_something(form: forms.Form, data: dict) -> dict:
    """A request names a talent, a kind of help, or what would help in words: one at least."""
    wants = data.get("talent") or data.get("help_theme") or data.get("description")
    if not wants and not form.errors:
        raise ValidationError(
            _("Kies een talent of een soort hulp, of beschrijf wat zou helpen."), code="required"
        )
    return data


class RequestForm(OnceFormMixin, StyledForm):
    """A new request: a talent, a kind of help, or words, at least one of the three."""

    talent = forms.ModelChoiceField(
        label=_("Gevraagd talent"),
        required=False,
        queryset=Talent.objects.none(),
        empty_label=_("Geen bepaald talent"),
        error_messages=CHOOSE,
    )
    help_theme = _theme_field()
    description = PlainTextField(
        label=_("Wat zou helpen?"),
        multiline=True,
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["talent"].queryset = Talent.objects.approved().order_by("name")

    def clean(self) -> dict:
        return _asks_something(self, super().clean())


class RequestEditForm(StyledForm):
    """What a request asks for, changed by a verbinder: a referral or a sign-up names a kind of
    help in words; choosing the talent is what brings suggestions."""

    talent = RequestForm.base_fields["talent"]
    help_theme = RequestForm.base_fields["help_theme"]
    description = RequestForm.base_fields["description"]
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["talent"].queryset = Talent.objects.approved().order_by("name")

    def clean(self) -> dict:
        return _asks_something(self, super().clean())


class ReciprocityForm(OnceFormMixin, StyledForm):
    """The short question on the resident page: what could someone who helps use themselves?"""

    description = PlainTextField(
        label=_("Waar zou het zelf iets aan hebben?"),
        multiline=True,
        max_length=2000,
        error_messages={"required": _("Schrijf op waar de inwoner iets aan zou hebben.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    help_theme = _theme_field()


class CloseForm(StyledForm):
    reason = forms.ChoiceField(
        label=_("Waarom sluit je deze hulpvraag?"),
        choices=CloseReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies waarom je de hulpvraag sluit."),
            "invalid_choice": _("Kies waarom je de hulpvraag sluit."),
        },
    )
    note = PlainTextField(label=_("Toelichting"), max_length=300, required=False)


class RequestFilterForm(StyledForm):
    """The list's filters: never required; a bad value drops only that filter."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *RequestStatus.choices]
    )
    talent = forms.ModelChoiceField(
        label=_("Talent"),
        required=False,
        queryset=Talent.objects.none(),
        empty_label=_("Alle talenten"),
    )
    wijkteam = forms.ModelChoiceField(
        label=_("Wijkteam"),
        required=False,
        queryset=Wijkteam.objects.none(),
        empty_label=_("Alle wijkteams"),
    )
    wijk = forms.ModelChoiceField(
        label=_("Wijk"), required=False, queryset=Wijk.objects.none(), empty_label=_("Alle wijken")
    )
    buurt = forms.ModelChoiceField(
        label=_("Buurt"),
        required=False,
        queryset=Buurt.objects.none(),
        empty_label=_("Alle buurten"),
    )
    source = forms.ChoiceField(
        label=_("Bron"), required=False, choices=[("", _("Alle")), *RequestSource.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["talent"].queryset = Talent.objects.approved().order_by("name")
        self.fields["wijkteam"].queryset = Wijkteam.objects.order_by("name")
        self.fields["wijk"].queryset = Wijk.objects.order_by("name")
        self.fields["buurt"].queryset = Buurt.objects.order_by("name")

    def filters(self) -> dict:
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}


class AskerSearchForm(StyledForm):
    q = PlainTextField(
        label=_("Voor wie is de hulpvraag?"),
        max_length=100,
        required=False,
        help_text=_("Zoek een inwoner of een ontwikkelplaats op naam."),
    )


# --- Partner referrals ----------------------------------------------------------------------------


class ReferralForm(OnceFormMixin, StyledForm):
    first_name = PlainTextField(
        label=_("Voornaam"),
        max_length=100,
        error_messages={"required": _("Vul de voornaam in.")},
    )
    last_name = PlainTextField(label=_("Achternaam"), max_length=100, required=False)
    phone = PlainTextField(
        label=_("Telefoonnummer"),
        max_length=30,
        required=False,
        help_text=_("Bijvoorbeeld 06 12345678 of 040 1234567."),
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    email = PlainEmailField(
        label=_("E-mailadres"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Dit e-mailadres klopt niet. Kijk het nog even na.")},
    )
    buurt = forms.ChoiceField(
        label=_("Buurt"),
        required=False,
        error_messages={"invalid_choice": _("Kies een buurt uit de lijst.")},
    )
    postcode = PlainTextField(
        label=_("Of de postcode"),
        max_length=10,
        required=False,
        help_text=_("Bijvoorbeeld 5625 AB."),
    )
    help_theme = _theme_field()
    help_wanted = PlainTextField(
        label=_("Wat zou kunnen helpen?"),
        multiline=True,
        max_length=1800,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    preferred_language = PlainTextField(
        label=_("Voorkeurstaal"),
        max_length=50,
        required=False,
        help_text=_("Bijvoorbeeld Nederlands, Engels, Arabisch of Turks."),
    )
    consent = forms.BooleanField(
        label=_(
            "De inwoner weet van deze verwijzing en vindt het goed dat een verbinder contact "
            "opneemt."
        ),
        error_messages={
            "required": _(
                "Verwijs alleen door als de inwoner het goed vindt. Vink dit aan als dat zo is."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.buurten = {str(b.pk): b for b in Buurt.objects.order_by("name")}
        self.fields["buurt"].choices = buurt_choices(self.buurten.values())

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["postcode"])

    def clean_buurt(self) -> Buurt | None:
        return self.buurten.get(self.cleaned_data["buurt"])

    def clean(self) -> dict:
        data = super().clean()
        if "phone" in data and "email" in data and not (data["phone"] or data["email"]):
            self.add_error(
                "phone",
                ValidationError(
                    _("Vul een telefoonnummer of een e-mailadres in. Eén van de twee is genoeg."),
                    code="required",
                ),
            )
        unknown = self.data.get("buurt") == UNKNOWN_BUURT
        if (
            "postcode" in data
            and "buurt" in data
            and not (data["postcode"] or data["buurt"] or unknown)
        ):
            self.add_error(
                "buurt",
                ValidationError(
                    _(
                        "Kies de buurt of vul de postcode in. "
                        "Weet je het niet? Kies dan 'Weet ik niet'."
                    ),
                    code="required",
                ),
            )
        if not (data.get("help_theme") or data.get("help_wanted")) and not self.has_error(
            "help_wanted"
        ):
            self.add_error(
                "help_wanted",
                ValidationError(
                    _("Kies een soort hulp of schrijf op wat zou kunnen helpen."), code="required"
                ),
            )
        return data
