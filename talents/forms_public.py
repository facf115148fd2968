"""The public sign-up form at /aanmelden/: cleans what a resident typed, and nothing more.

Everything typed comes back on an error. Text is cleaned rather than refused where that is
harmless: control characters (NUL included) are dropped, so odd input is stored as plain text;
what cannot be cleaned (a too long text, an impossible phone number) gets a plain-words error.
The spam checks need no third party: a honeypot field, a signed start time (a form sent back
faster than a person can type is refused) and, in the service, a per-IP rate limit.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.core import signing, validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from buurtinbloei.forms import CHECKBOX, SELECT, TEXTAREA, TEXTBOX, clean_text
from buurtinbloei.models import Buurt, normalise_postcode

from .models import HelpTheme, Talent
from .phone import normalise_phone

STARTED_SALT = "talents.signup.started"
STARTED_MAX_AGE = 24 * 60 * 60

TOO_LONG = _("Dit is te lang. Gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d).")


class PlainTextField(forms.CharField):
    """A CharField that drops control characters before Django's checks (NUL included)."""

    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)
        if self.max_length is not None:
            self.validators = [
                v for v in self.validators if not isinstance(v, validators.MaxLengthValidator)
            ]
            self.validators.append(validators.MaxLengthValidator(self.max_length, TOO_LONG))

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_text(value, multiline=self.multiline)
        return super().to_python(value)


class PlainEmailField(forms.EmailField):
    def to_python(self, value):
        if isinstance(value, str):
            value = clean_text(value)
        return super().to_python(value).lower()


def sign_started(at: float | None = None) -> str:
    """The signed moment the form was shown; tests pass a moment in the past."""
    return signing.dumps(time.time() if at is None else at, salt=STARTED_SALT)


def started_at(value: str) -> float | None:
    try:
        # A form older than a day is refused too, so a bot cannot reuse one signed value.
        at = signing.loads(value, salt=STARTED_SALT, max_age=STARTED_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return float(at) if isinstance(at, int | float) else None


def buurt_choices(buurten: Iterable[Buurt]) -> list:
    """Buurten grouped under their wijk, for a select with option groups."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for buurt in buurten:
        groups.setdefault(buurt.wijk.name, []).append((str(buurt.pk), buurt.name))
    return [("", _("Kies je buurt")), *groups.items()]


class SignUpForm(forms.Form):
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
        widget=forms.CheckboxSelectMultiple,
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
    consent = forms.BooleanField(
        label=_(
            "Ik vind het goed dat een verbinder van WIJeindhoven mijn gegevens bewaart en "
            "contact met me opneemt."
        ),
        error_messages={
            "required": _(
                "Zet een vinkje als je dit goed vindt. Zonder je toestemming mogen we geen "
                "contact met je opnemen."
            )
        },
    )
    # The honeypot: hidden from people (and screen readers), filled in by simple bots.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        buurten = Buurt.objects.select_related("wijk").order_by("wijk__name", "name")
        self.buurten = {str(buurt.pk): buurt for buurt in buurten}
        self.fields["buurt"].choices = buurt_choices(self.buurten.values())
        self.fields["talents"].queryset = Talent.objects.approved().filter(common=True)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                widget.attrs.setdefault("class", CHECKBOX)
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", SELECT)
            elif isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("class", TEXTAREA)
            else:
                widget.attrs.setdefault("class", TEXTBOX)
        self._fresh_token = uuid.uuid4()
        self._fresh_started = sign_started()

    # --- hidden values that survive a page with errors ----------------------------------------

    @property
    def token_value(self) -> str:
        """The one-time token of this form: a second submit of it finds the first sign-up."""
        try:
            return str(uuid.UUID(self.data.get("token", "")))
        except (ValueError, TypeError, AttributeError):
            return str(self._fresh_token)

    @property
    def started_value(self) -> str:
        sent = self.data.get("started", "")
        return (
            sent if isinstance(sent, str) and started_at(sent) is not None else self._fresh_started
        )

    # --- cleaning -------------------------------------------------------------------------------

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        if not phone:
            return ""
        normalised = normalise_phone(phone)
        if normalised is None:
            raise ValidationError(
                _("Dit telefoonnummer klopt niet. Schrijf het zo: 06 12345678 of 040 1234567."),
                code="invalid",
            )
        return normalised

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if not postcode:
            return ""
        if not (
            len(postcode) in {4, 6}
            and postcode[:4].isascii()
            and postcode[:4].isdigit()
            and postcode[0] != "0"
            and (len(postcode) == 4 or (postcode[4:].isascii() and postcode[4:].isalpha()))
        ):
            raise ValidationError(
                _("Deze postcode klopt niet. Schrijf hem zo: 5625 AB."), code="invalid"
            )
        return f"{postcode[:4]} {postcode[4:]}".strip()

    def clean_buurt(self) -> Buurt | None:
        return self.buurten.get(self.cleaned_data["buurt"])

    def clean(self) -> dict:
        data = super().clean()
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
        if "postcode" in data and "buurt" in data and not (data["postcode"] or data["buurt"]):
            self.add_error(
                "postcode",
                ValidationError(
                    _("Vul je postcode in, of kies je buurt uit de lijst."), code="required"
                ),
            )
        self._check_for_bots(data)
        data["token"] = uuid.UUID(self.token_value)
        return data

    def _check_for_bots(self, data: dict) -> None:
        if data.get("website"):
            raise ValidationError(
                _(
                    "We konden je aanmelding niet versturen. Laat het veld 'Laat dit veld leeg' "
                    "leeg en probeer het nog een keer."
                ),
                code="spam",
            )
        started = started_at(self.data.get("started", ""))
        if started is None:
            raise ValidationError(
                _("Dit formulier was verlopen. Kijk je gegevens na en verstuur het opnieuw."),
                code="expired",
            )
        if time.time() - started < settings.SIGNUP_MIN_SECONDS:
            raise ValidationError(
                _("Dat ging erg snel! Kijk je gegevens nog even na en verstuur het opnieuw."),
                code="too_fast",
            )
