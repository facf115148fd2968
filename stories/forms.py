"""The story form and the form that records a quoted or shown person's consent."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtinbloei.conflicts import VersionField
from buurtinbloei.forms import StyledForm, StyledModelForm

from .models import ConsentChannel, Story
from .photos import clean_photo


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


def not_in_future(day: datetime.date | None) -> None:
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("Deze datum ligt in de toekomst."))


class StoryForm(StyledModelForm):
    photo = forms.FileField(
        label=_("Foto (mag leeg blijven)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
        help_text=_(
            "JPEG of PNG. Gegevens in het bestand (waar en wanneer de foto is gemaakt) worden "
            "verwijderd. Wie op de foto staat, geeft daar toestemming voor."
        ),
    )
    # The version an edit was opened on (buurtinbloei/conflicts.py); ignored when creating.
    version = VersionField()
    activity = forms.ModelChoiceField(
        label=_("Over welke activiteit? (mag leeg blijven)"),
        queryset=None,
        required=False,
        help_text=_("Leeg: het verhaal gaat over het kernteam zelf."),
    )

    class Meta:
        model = Story
        fields = ["title", "happened_on", "text", "quote", "photo_description"]
        widgets = {
            "happened_on": DateInput(),
            "text": forms.Textarea(attrs={"rows": 6}),
            "quote": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "quote": _(
                "Letterlijk wat iemand zei. Leg hierna vast wie het zei en dat die persoon "
                "toestemming geeft."
            ),
        }

    def __init__(self, *args, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].input_formats = DATE_FORMATS
        if activities is None:
            del self.fields["activity"]
        else:
            self.fields["activity"].queryset = activities
            self.fields["activity"].initial = self.instance.activity_id
        if self.instance.pk and self.instance.photo:
            self.fields["photo"].label = _("Andere foto (mag leeg blijven)")
            self.fields["remove_photo"] = forms.BooleanField(
                label=_("Foto weghalen"), required=False
            )

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        not_in_future(day)
        return day

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return clean_photo(upload)

    def clean(self):
        data = super().clean()
        has_photo = bool(data.get("photo")) or (
            bool(self.instance.pk and self.instance.photo) and not data.get("remove_photo")
        )
        if has_photo and not data.get("photo_description"):
            self.add_error(
                "photo_description",
                _("Beschrijf in een paar woorden wat er op de foto staat."),
            )
        return data


class StoryPersonForm(StyledForm):
    resident = forms.ModelChoiceField(
        label=_("Wie?"),
        queryset=None,
        required=False,
        empty_label=_("Iemand anders (vul de naam in)"),
    )
    name = forms.CharField(
        label=_("Naam in het verhaal"),
        max_length=80,
        required=False,
        help_text=_("Alleen de voornaam is meestal genoeg. Leeg bij een inwoner: de voornaam."),
    )
    quoted = forms.BooleanField(label=_("wordt geciteerd"), required=False)
    shown = forms.BooleanField(label=_("staat op de foto"), required=False)
    consent_on = forms.DateField(
        label=_("Toestemming gegeven op"), widget=DateInput(), input_formats=DATE_FORMATS
    )
    channel = forms.ChoiceField(label=_("Hoe?"), choices=ConsentChannel.choices)
    confirmed = forms.BooleanField(
        label=_(
            "Deze persoon weet wat er in het verhaal staat en geeft toestemming om het te "
            "gebruiken in verslagen aan de gemeente. Intrekken kan altijd."
        ),
        error_messages={"required": _("Vink aan dat de persoon toestemming heeft gegeven.")},
    )

    def __init__(self, *args, candidates=None, **kwargs):
        kwargs.setdefault("initial", {"consent_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = candidates

    def clean_consent_on(self):
        day = self.cleaned_data["consent_on"]
        not_in_future(day)
        return day

    def clean(self):
        data = super().clean()
        if not data.get("resident") and not data.get("name") and "name" not in self.errors:
            self.add_error("name", _("Vul de naam in, of kies een inwoner."))
        if not (data.get("quoted") or data.get("shown")):
            self.add_error(
                "quoted", _("Kies of deze persoon geciteerd wordt, op de foto staat, of allebei.")
            )
        return data
