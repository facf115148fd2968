"""Forms of the trainings: they clean input, nothing more (writes live in services.py)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtinbloei.forms import PlainTextField, StyledForm
from buurtinbloei.models import User, Wijkteam
from buurtinbloei.once import OnceFormMixin
from buurtinbloei.selectors import verbinders_for
from matches.models import Request, RequestStatus
from networks.models import CoreTeam, Ontwikkelplaats
from talents.forms import NamesField
from talents.models import Resident, ResidentStatus, Talent, resident_scope

from .models import NextStepKind, Training

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
REQUIRED = {"required": _("Vul dit in.")}
CHOOSE = {
    "required": _("Kies er een uit de lijst."),
    "invalid_choice": _("Kies er een uit de lijst."),
}
DATE_ERRORS = {"required": _("Vul een datum in."), "invalid": _("Schrijf de datum zo: 31-12-2026.")}
TIME_ERRORS = {"invalid": _("Schrijf de tijd zo: 19:30.")}


class TrainingForm(OnceFormMixin, StyledForm):
    name = PlainTextField(label=_("Naam van de training"), max_length=200, error_messages=REQUIRED)
    wijkteam = forms.ModelChoiceField(
        label=_("Wijkteam"), queryset=Wijkteam.objects.none(), error_messages=CHOOSE
    )
    place = PlainTextField(
        label=_("Plaats"),
        max_length=200,
        error_messages=REQUIRED,
        help_text=_("Bijvoorbeeld het buurthuis; een bijeenkomst kan ergens anders zijn."),
    )
    trainer = forms.ModelChoiceField(
        label=_("Trainer (medewerker)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Geen medewerker"),
        error_messages=CHOOSE,
    )
    trainer_name = PlainTextField(
        label=_("Of de naam van de trainer"),
        max_length=200,
        required=False,
        help_text=_("Als de trainer geen medewerker met een login is."),
    )
    description = PlainTextField(
        label=_("Beschrijving"),
        max_length=2000,
        required=False,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        teams = Wijkteam.objects.filter(pk__in=user.wijkteam_ids).order_by("name")
        self.fields["wijkteam"].queryset = teams
        if len(user.wijkteam_ids) == 1 and not self.is_bound:
            self.initial.setdefault("wijkteam", next(iter(user.wijkteam_ids)))
        self.fields["trainer"].queryset = verbinders_for(user)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("trainer") and not data.get("trainer_name"):
            self.add_error(
                "trainer_name",
                _("Kies een medewerker als trainer, of vul de naam van de trainer in."),
            )
        return data


class SessionForm(OnceFormMixin, StyledForm):
    date = forms.DateField(label=_("Datum"), widget=DATE, error_messages=DATE_ERRORS)
    starts_at = forms.TimeField(
        label=_("Begintijd"), widget=TIME, required=False, error_messages=TIME_ERRORS
    )
    place = PlainTextField(
        label=_("Plaats"),
        max_length=200,
        required=False,
        help_text=_("Leeg: de plaats van de training."),
    )


class ParticipantSearchForm(StyledForm):
    q = PlainTextField(label=_("Zoek een inwoner"), max_length=100, required=False)


def candidates_for(user, training: Training):
    """Residents who may join: of the training's wijkteam, changeable by the user, taking part
    in matching (not resting or anonymised), not in the training yet."""
    return (
        Resident.objects.editable_by(user)
        .filter(resident_scope([training.wijkteam_id]))
        .exclude(status__in=[ResidentStatus.RESTING, ResidentStatus.ANONYMISED])
        .exclude(trainings__training=training)
    )


class ParticipantForm(StyledForm):
    resident = forms.ModelChoiceField(
        queryset=Resident.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Kies een inwoner."),
            "invalid_choice": _("Deze inwoner kan niet (meer) meedoen: zoek opnieuw."),
        },
    )

    def __init__(self, *args, user, training: Training, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = candidates_for(user, training)


class TalentsFoundForm(OnceFormMixin, StyledForm):
    date = forms.DateField(label=_("Datum"), widget=DATE, error_messages=DATE_ERRORS)
    talents = forms.ModelMultipleChoiceField(
        label=_("Gevonden talenten"),
        queryset=Talent.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=CHOOSE,
    )
    new_talents = NamesField(
        label=_("Nieuw talent"),
        required=False,
        max_length=500,
        help_text=_("Staat een talent er niet bij? Typ het hier; meerdere met een komma ertussen."),
    )
    wishes = PlainTextField(
        label=_("Wat zou de inwoner graag doen?"),
        max_length=2000,
        required=False,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    summary = PlainTextField(
        label=_("Notitie"),
        max_length=4000,
        required=False,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["talents"].queryset = Talent.objects.usable_by(user).order_by("name")
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())

    def clean_date(self):
        date = self.cleaned_data.get("date")
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return date

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("talents") and not data.get("new_talents") and "talents" in data:
            self.add_error("talents", _("Kies minstens één talent, of typ een nieuw talent."))
        return data


class NextStepForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Soort stap"), choices=NextStepKind.choices, error_messages=CHOOSE
    )
    place = forms.ModelChoiceField(
        queryset=Ontwikkelplaats.objects.none(), required=False, widget=forms.HiddenInput
    )
    request = forms.ModelChoiceField(
        queryset=Request.objects.none(), required=False, widget=forms.HiddenInput
    )
    core_team = forms.ModelChoiceField(
        queryset=CoreTeam.objects.none(), required=False, widget=forms.HiddenInput
    )
    talent = forms.ModelChoiceField(
        queryset=Talent.objects.all(), required=False, widget=forms.HiddenInput
    )
    note = PlainTextField(
        label=_("Wat is de volgende stap?"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: gaat meehelpen bij de buurtmoestuin."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Ontwikkelplaats.objects.visible_to(user).select_related(
            "organisation"
        )
        self.fields["request"].queryset = Request.objects.visible_to(user).filter(
            status=RequestStatus.OPEN
        )
        self.fields["core_team"].queryset = CoreTeam.objects.editable_by(user)

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        needed = {
            NextStepKind.PLACE: "place",
            NextStepKind.REQUEST: "request",
            NextStepKind.CORE_TEAM: "core_team",
        }.get(kind)
        if needed and not data.get(needed) and not self.errors.get(needed):
            self.add_error(None, _("Deze keuze is er niet meer: kies opnieuw."))
        if kind == NextStepKind.OTHER and not data.get("note"):
            self.add_error("note", _("Schrijf op wat de volgende stap is."))
        return data
