"""Forms of the triage inbox and the verbinder's notification settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationPreference, SignUpStatus

RADIO = "utrecht-radio-button utrecht-radio-button--html-input"
CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input"


class InboxFilterForm(forms.Form):
    OPEN = "open"
    ALL = "all"

    status = forms.ChoiceField(
        label=_("Laat zien"),
        required=False,
        choices=[
            (OPEN, _("nog te doen (nieuw of opgepakt)")),
            (SignUpStatus.NEW, _("nieuw")),
            (SignUpStatus.TAKEN, _("opgepakt")),
            (SignUpStatus.DONE, _("verwerkt")),
            (ALL, _("alles")),
        ],
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )

    def statuses(self) -> list[str] | None:
        """The statuses to list; None for all of them. A bad value shows the default."""
        choice = self.cleaned_data.get("status") if self.is_valid() else None
        if choice == self.ALL:
            return None
        if choice in SignUpStatus.values:
            return [choice]
        return [SignUpStatus.NEW, SignUpStatus.TAKEN]


class LinkForm(forms.Form):
    resident = forms.IntegerField(min_value=1)


class NotificationSettingsForm(forms.Form):
    signup_notifications = forms.ChoiceField(
        label=_("Hoe wil je horen over nieuwe aanmeldingen in je wijkteam?"),
        choices=NotificationPreference.choices,
        widget=forms.RadioSelect(attrs={"class": RADIO}),
    )
    match_reminders = forms.BooleanField(
        label=_(
            "Stuur me 's ochtends een e-mail als matches van mij een opvolging of check-in nodig "
            "hebben."
        ),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": CHECKBOX}),
    )
