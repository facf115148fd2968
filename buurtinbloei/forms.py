"""Form helpers every app shares: NL Design System classes on widgets, harmless text."""

from __future__ import annotations

import unicodedata

from django import forms

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
        css = next((c for w, c in WIDGET_CLASSES.items() if type(field.widget) is w), TEXTBOX)
        field.widget.attrs.setdefault("class", css)
    return form


class StyleMixin:
    """Forms that style their widgets themselves, so templates stay short."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


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
