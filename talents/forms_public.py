"""The public sign-up form at /aanmelden/: cleans what a resident typed, and nothing more.

Everything typed comes back on an error. Text is cleaned rather than refused where that is
harmless: control characters (NUL included) are dropped, so odd input is stored as plain text;
what cannot be cleaned (a too long text, an impossible phone number) gets a plain-words error.
Consent, the spam checks and the one-time token come from the core's public-form kit
(:mod:`buurtinbloei.public_forms`); the per-IP rate limit is taken in the service.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from buurtinbloei.forms import PlainEmailField, PlainTextField, clean_phone, clean_postcode
from buurtinbloei.models import Buurt
from buurtinbloei.public_forms import PublicForm

from .models import HelpTheme, Talent

#: The buurt select's "I don't know": the sign-up waits in the inbox every verbinder sees.
UNKNOWN_BUURT = "onbekend"

#: How many talents the sign-up shows before "Meer talenten" (the rest are one tap away).
TALENTS_SHOWN = 6


def buurt_choices(buurten: Iterable[Buurt]) -> list:
    """Buurten by name, A to Z: residents know their buurt's name, rarely its wijk's."""
    named = sorted(buurten, key=lambda buurt: buurt.name.lower())
    return [
        ("", _("Kies je buurt")),
        (UNKNOWN_BUURT, _("Weet ik niet")),
        *((str(buurt.pk), buurt.name) for buurt in named),
    ]


class OfferCheckboxes(forms.CheckboxSelectMultiple):
    """Talents as what the resident gives ("anderen helpen met de computer")."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["label"] = instance.offer_label
            if (get_language() or "").startswith("en") and not instance.has_english_offer:
                # Dutch inside the English page: said so, for screen readers (WCAG 3.1.2).
                option["label"] = format_html('<span lang="nl">{}</span>', instance.offer_label)
        return option


class SignUpForm(PublicForm):
    wants_to_give = forms.BooleanField(
        label=_("Ik wil graag iets doen voor de buurt"), required=False
    )
    wants_to_receive = forms.BooleanField(
        label=_("Ik kan wel wat hulp of gezelschap gebruiken"), required=False
    )
    first_name = PlainTextField(
        label=_("Je voornaam"),
        max_length=100,
        error_messages={"required": _("Vul je voornaam in.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    phone = PlainTextField(
        label=_("Je telefoonnummer"),
        max_length=30,
        required=False,
        help_text=_("Bijvoorbeeld 06 12345678 of 040 1234567."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    email = PlainEmailField(
        label=_("Je e-mailadres"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Dit e-mailadres klopt niet. Kijk het nog even na.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    postcode = PlainTextField(
        label=_("Je postcode"),
        max_length=10,
        required=False,
        help_text=_("Bijvoorbeeld 5625 AB."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    buurt = forms.ChoiceField(
        label=_("Of kies je buurt"),
        required=False,
        error_messages={"invalid_choice": _("Kies een buurt uit de lijst.")},
    )
    talents = forms.ModelMultipleChoiceField(
        label=_("Wat kun je of wat doe je graag?"),
        queryset=Talent.objects.none(),
        required=False,
        widget=OfferCheckboxes,
        error_messages={"invalid_choice": _("Kies uit de lijst.")},
    )
    talents_other = PlainTextField(
        label=_("Iets anders dat je kunt of graag doet"),
        max_length=500,
        required=False,
    )
    help_wanted = PlainTextField(
        label=_("Waar zou je hulp of gezelschap bij willen?"),
        multiline=True,
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    help_theme = forms.ChoiceField(
        label=_("Waar gaat het vooral over?"),
        choices=[("", _("Kies een onderwerp")), *HelpTheme.choices],
        required=False,
        error_messages={"invalid_choice": _("Kies een onderwerp uit de lijst.")},
    )
    preferred_language = PlainTextField(
        label=_("In welke taal praat je het liefst?"),
        max_length=50,
        required=False,
        help_text=_("Bijvoorbeeld Nederlands, Engels, Arabisch of Turks."),
    )

    def __init__(self, *args, choice: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.choice = choice
        buurten = Buurt.objects.order_by("name")
        self.buurten = {str(buurt.pk): buurt for buurt in buurten}
        self.fields["buurt"].choices = buurt_choices(self.buurten.values())
        self.fields["talents"].queryset = (
            Talent.objects.approved().filter(common=True).order_by("form_order", "name")
        )

    def talent_checkboxes(self) -> tuple[list, list]:
        """The first talents to show, and the rest behind "Meer talenten"."""
        boxes = list(self["talents"])
        return boxes[:TALENTS_SHOWN], boxes[TALENTS_SHOWN:]

    @property
    def more_talents_chosen(self) -> bool:
        """A talent behind "Meer talenten" was ticked: open it again when the form comes back."""
        return any(box.data["selected"] for box in self.talent_checkboxes()[1])

    # --- cleaning -------------------------------------------------------------------------------

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["postcode"])

    def clean_buurt(self) -> Buurt | None:
        return self.buurten.get(self.cleaned_data["buurt"])

    def clean(self) -> dict:
        data = self.cleaned_data
        if not (data.get("wants_to_give") or data.get("wants_to_receive")):
            self.add_error(
                "wants_to_give",
                ValidationError(
                    _("Kies wat je wilt: iets doen voor de buurt, hulp of gezelschap, of allebei."),
                    code="required",
                ),
            )
        if "phone" in data and "email" in data and not (data["phone"] or data["email"]):
            self.add_error(
                "phone",
                ValidationError(
                    _("Vul je telefoonnummer of je e-mailadres in. Eén van de twee is genoeg."),
                    code="required",
                ),
            )
        buurt_unknown = self.data.get("buurt") == UNKNOWN_BUURT
        if (
            "postcode" in data
            and "buurt" in data
            and not (data["postcode"] or data["buurt"] or buurt_unknown)
        ):
            self.add_error(
                "postcode",
                ValidationError(
                    _(
                        "Vul je postcode in, of kies je buurt uit de lijst. Weet je het niet? "
                        "Kies dan 'Weet ik niet'."
                    ),
                    code="required",
                ),
            )
        return super().clean()
