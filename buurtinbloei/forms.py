"""Form helpers every app shares: NL Design System classes on widgets."""

from __future__ import annotations

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
