"""The form kit every app shares: NL Design System classes on widgets, harmless text, and the
one rule each for Dutch phone numbers and postcodes (staff forms and public forms alike)."""

from __future__ import annotations

import unicodedata

from django import forms
from django.core import validators
from django.utils.translation import gettext_lazy as _

from .models import normalise_postcode
from .phone import normalise_phone

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
TEXTAREA = "utrecht-textarea utrecht-textarea--html-textarea"
SELECT = "utrecht-select utrecht-select--html-select"
CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input"
RADIO = "utrecht-radio-button utrecht-radio-button--html-input"

WIDGET_CLASSES = {
    forms.Textarea: TEXTAREA,
    forms.Select: SELECT,
    forms.CheckboxInput: CHECKBOX,
    forms.CheckboxSelectMultiple: CHECKBOX,
    forms.RadioSelect: RADIO,
}


def style_widgets(form: forms.BaseForm) -> forms.BaseForm:
    """Give every visible widget of this form instance its NL Design System class."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        css = next((c for w, c in WIDGET_CLASSES.items() if isinstance(field.widget, w)), TEXTBOX)
        field.widget.attrs.setdefault("class", css)
    return form


def plain_text_fields(form: forms.BaseForm) -> forms.BaseForm:
    """Send every free-text field of this form instance through :func:`clean_text` first.

    Staff forms and public forms alike: a name with a right-to-left override or a NUL byte
    is stored as the plain text it looks like (a text area keeps its line breaks). The form's
    fields are its own copies, so changing them here changes no other form.
    """
    for field in form.fields.values():
        if isinstance(field, PlainTextField) or not isinstance(field, forms.CharField):
            continue
        field.to_python = _cleaning(field.to_python, isinstance(field.widget, forms.Textarea))
    return form


#: The calendar a date in this application lies in. Python's dates end at 9999-12-31, so a
#: date near either end breaks the first sum made with it (a follow-up "six weeks later", the
#: day after a period's end): such a date is refused like any other bad date.
FIRST_YEAR, LAST_YEAR = 1900, 2200
OUT_OF_CALENDAR = _("Kies een datum tussen het jaar %(first)d en %(last)d.")


def _in_calendar(value) -> None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            OUT_OF_CALENDAR, code="out_of_calendar", params={"first": FIRST_YEAR, "last": LAST_YEAR}
        )


def sensible_dates(form: forms.BaseForm) -> forms.BaseForm:
    """Refuse dates outside :data:`FIRST_YEAR`..:data:`LAST_YEAR` in every date field of the
    form, and row keys beyond 64 bits (:func:`keys_in_range`). The form's fields are its own
    copies, so no other form changes."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField | forms.DateTimeField):
            field.validators = [*field.validators, _in_calendar]
        keys_in_range(field)
    return form


def keys_in_range(field: forms.Field) -> forms.Field:
    """A multiple choice of rows refuses a number no key can have, as it refuses any unknown
    choice. Django looks the chosen keys up with ``pk IN (...)``, and SQLite raises
    OverflowError for a number beyond 64 bits instead of finding nothing."""
    if not isinstance(field, forms.ModelMultipleChoiceField):
        return field
    check_values = field._check_values

    def check_in_range(value):
        for key in value if isinstance(value, list | tuple) else ():
            try:
                number = int(key)
            except (TypeError, ValueError):
                continue  # Django's own check says what is wrong with it
            if abs(number) >= 2**63:
                raise forms.ValidationError(
                    field.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": key},
                )
        return check_values(value)

    field._check_values = check_in_range
    return field


def _cleaning(to_python, multiline: bool):
    def to_python_plain(value):
        if isinstance(value, str):
            value = clean_text(value, multiline=multiline)
        return to_python(value)

    return to_python_plain


class StyleMixin:
    """Forms that style their widgets, clean their free text and check their dates themselves,
    so templates and views stay short."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)
        plain_text_fields(self)
        sensible_dates(self)


class StyledForm(StyleMixin, forms.Form):
    pass


class StyledModelForm(StyleMixin, forms.ModelForm):
    pass


#: Unicode's bidirectional overrides and isolates can make text display as something else.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Drop control characters (keeping line breaks and tabs in a text area)."""
    keep = {"\n", "\t"} if multiline else set()
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(
        ch
        for ch in value
        if ch in keep or (unicodedata.category(ch) != "Cc" and ch not in _BIDI_CONTROLS)
    )


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


def clean_phone(value: str) -> str:
    """The one phone rule: empty stays empty, anything else becomes ``+31...`` or an error."""
    value = clean_text(value or "").strip()
    if not value:
        return ""
    phone = normalise_phone(value)
    if phone is None:
        raise forms.ValidationError(
            _("Dit telefoonnummer klopt niet. Schrijf het zo: 06 12345678 of 040 1234567."),
            code="invalid",
        )
    return phone


def clean_postcode(value: str) -> str:
    """The one postcode rule: ``5625 AB`` (or just the four digits, ``5625``), or an error."""
    postcode = normalise_postcode(clean_text(value or ""))
    if not postcode:
        return ""
    digits, letters = postcode[:4], postcode[4:]
    if not (
        len(postcode) in {4, 6}
        and digits.isascii()
        and digits.isdigit()
        and digits[0] != "0"
        and (not letters or (letters.isascii() and letters.isalpha()))
    ):
        raise forms.ValidationError(
            _("Deze postcode klopt niet. Schrijf hem zo: 5625 AB."), code="invalid"
        )
    return f"{digits} {letters}".strip()
