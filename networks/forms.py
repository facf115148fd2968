"""Forms of the networks app: they clean input, nothing more (writes live in services.py)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtinbloei.conflicts import VersionField
from buurtinbloei.forms import (
    PlainEmailField,
    PlainTextField,
    StyledForm,
    clean_phone,
    clean_postcode,
    style_widgets,
)
from buurtinbloei.models import Buurt, PostcodeArea, Wijk, Wijkteam
from buurtinbloei.public_forms import PublicForm
from buurtinbloei.selectors import buurten_for, verbinders_for
from talents.models import Resident, Talent

from .models import (
    ActivityStatus,
    CoachingIntensity,
    MemberRole,
    OntwikkelplaatsKind,
    Organisation,
    OrganisationKind,
    PartnerRoleKind,
    Stage,
    Theme,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REQUIRED = {"required": _("Vul dit in.")}
CHOOSE = {
    "required": _("Kies er een uit de lijst."),
    "invalid_choice": _("Kies er een uit de lijst."),
}
NUMBER = {
    "invalid": _("Vul een heel getal in."),
    "min_value": _("Dit kan niet kleiner dan %(limit_value)s zijn."),
}
DATE_ERRORS = {"required": _("Vul een datum in."), "invalid": _("Schrijf de datum zo: 31-12-2026.")}


def _wijk_buurt_choices(buurten) -> list:
    groups: dict[str, list[tuple[str, str]]] = {}
    for buurt in buurten:
        groups.setdefault(buurt.wijk.name, []).append((buurt.pk, buurt.name))
    return [("", _("Kies een buurt")), *groups.items()]


def _own_buurten(user):
    """The buurten a verbinder may put things in: those of the own wijkteams."""
    return buurten_for(user).select_related("wijk").order_by("wijk__name", "name")


class BuurtField(forms.ModelChoiceField):
    """A buurt, grouped by wijk in the select."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("label", _("Buurt"))
        kwargs.setdefault("error_messages", CHOOSE)
        super().__init__(queryset=queryset, **kwargs)
        self.choices = _wijk_buurt_choices(queryset)


# --- Lists --------------------------------------------------------------------------------------


class FilterForm(StyledForm):
    """A list's filters: never required, bad values are simply ignored."""

    q = PlainTextField(label=_("Zoek op naam"), max_length=100, required=False)

    def filters(self) -> dict:
        """The valid filters; a bad value drops only that filter, not the others."""
        self.is_valid()
        return self.cleaned_data


def _wijk_choices():
    return [("", _("Alle wijken")), *Wijk.objects.order_by("name").values_list("pk", "name")]


class OrganisationFilterForm(FilterForm):
    kind = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[("", _("Alle soorten")), *OrganisationKind.choices],
    )
    wijk = forms.TypedChoiceField(label=_("Wijk"), required=False, coerce=int, empty_value=None)
    review = forms.ChoiceField(
        label=_("Beoordeling"),
        required=False,
        choices=[("", _("Alle")), ("waiting", _("Wacht op beoordeling"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].choices = _wijk_choices()


class OntwikkelplaatsFilterForm(FilterForm):
    kind = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[("", _("Alle soorten")), *OntwikkelplaatsKind.choices],
    )
    wijk = forms.TypedChoiceField(label=_("Wijk"), required=False, coerce=int, empty_value=None)
    talent = forms.ModelChoiceField(
        label=_("Talent"),
        required=False,
        queryset=Talent.objects.none(),
        empty_label=_("Alle talenten"),
    )
    available = forms.ChoiceField(
        label=_("Beschikbaar"),
        required=False,
        choices=[
            ("", _("Alle")),
            ("free", _("Met vrije plaatsen")),
            ("waiting", _("Wacht op beoordeling")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].choices = _wijk_choices()
        self.fields["talent"].queryset = Talent.objects.approved()


class CoreTeamFilterForm(FilterForm):
    stage = forms.ChoiceField(
        label=_("Fase"), required=False, choices=[("", _("Alle fasen")), *Stage.choices]
    )
    wijk = forms.TypedChoiceField(label=_("Wijk"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        wijken = Wijk.objects.filter(wijkteam__in=Wijkteam.objects.visible_to(user))
        self.fields["wijk"].choices = [
            ("", _("Alle wijken")),
            *wijken.order_by("name").values_list("pk", "name"),
        ]


# --- Organisations and ontwikkelplaatsen -------------------------------------------------------


class OrganisationForm(StyledForm):
    # The version an edit was opened on (buurtinbloei/conflicts.py); ignored when creating.
    version = VersionField()
    name = PlainTextField(label=_("Naam"), max_length=200, error_messages=REQUIRED)
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[("", _("Kies een soort")), *OrganisationKind.choices],
        error_messages=CHOOSE,
    )
    buurt = BuurtField(Buurt.objects.none())
    description = PlainTextField(
        label=_("Wat doet de organisatie?"),
        multiline=True,
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    address = PlainTextField(label=_("Adres"), max_length=200, required=False)
    website = PlainTextField(label=_("Website"), max_length=200, required=False)
    contact_name = PlainTextField(label=_("Contactpersoon"), max_length=200, required=False)
    contact_phone = PlainTextField(
        label=_("Telefoon contactpersoon"), max_length=30, required=False
    )
    contact_email = PlainEmailField(
        label=_("E-mail contactpersoon"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Dit e-mailadres klopt niet. Kijk het nog even na.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurt"] = BuurtField(_own_buurten(user))
        style_widgets(self)

    def clean_contact_phone(self) -> str:
        return clean_phone(self.cleaned_data["contact_phone"])


class OntwikkelplaatsForm(StyledForm):
    # The version an edit was opened on (buurtinbloei/conflicts.py); ignored when creating.
    version = VersionField()
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.none(), error_messages=CHOOSE
    )
    title = PlainTextField(label=_("Titel"), max_length=200, error_messages=REQUIRED)
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[("", _("Kies een soort")), *OntwikkelplaatsKind.choices],
        error_messages=CHOOSE,
    )
    description = PlainTextField(
        label=_("Wat kun je er doen en leren?"),
        multiline=True,
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    talents = forms.ModelMultipleChoiceField(
        label=_("Gezochte talenten"),
        queryset=Talent.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": _("Kies uit de lijst.")},
    )
    places = forms.IntegerField(
        label=_("Aantal plaatsen"),
        min_value=1,
        max_value=500,
        error_messages={**NUMBER, **REQUIRED},
    )
    places_taken = forms.IntegerField(
        label=_("Bezette plaatsen"),
        min_value=0,
        max_value=500,
        initial=0,
        error_messages={**NUMBER, **REQUIRED},
    )
    buurt = BuurtField(Buurt.objects.none())
    active = forms.BooleanField(
        label=_("Actief: er kan iemand terecht"), required=False, initial=True
    )

    def __init__(self, *args, user, current_organisation_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The place's own organisation stays choosable, even when another wijkteam owns it.
        organisations = Organisation.objects.editable_by(user)
        if current_organisation_id is not None:
            organisations = organisations | Organisation.objects.filter(pk=current_organisation_id)
        self.fields["organisation"].queryset = organisations.order_by("name")
        self.fields["talents"].queryset = Talent.objects.usable_by(user)
        self.fields["buurt"] = BuurtField(_own_buurten(user))
        style_widgets(self)

    def clean(self) -> dict:
        data = super().clean()
        places, taken = data.get("places"), data.get("places_taken")
        if places is not None and taken is not None and taken > places:
            self.add_error(
                "places_taken",
                ValidationError(
                    _("Er kunnen niet meer plaatsen bezet zijn dan er zijn (%(places)s).")
                    % {"places": places},
                    code="too_many",
                ),
            )
        return data


class PartnerForm(StyledForm):
    wijk = forms.ModelChoiceField(
        label=_("Wijk"), queryset=Wijk.objects.none(), error_messages=CHOOSE
    )
    role = forms.ChoiceField(
        label=_("Rol in de wijk"),
        choices=[("", _("Kies een rol")), *PartnerRoleKind.choices],
        error_messages=CHOOSE,
    )
    note = PlainTextField(label=_("Toelichting"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].queryset = Wijk.objects.filter(
            wijkteam__in=Wijkteam.objects.visible_to(user)
        ).order_by("name")


class PartnerContactForm(StyledForm):
    date = forms.DateField(label=_("Datum"), widget=DATE, error_messages=DATE_ERRORS)
    summary = PlainTextField(
        label=_("Waar ging het over?"), max_length=500, error_messages=REQUIRED
    )
    agreement = PlainTextField(
        label=_("Afspraak"),
        multiline=True,
        max_length=2000,
        required=False,
        help_text=_("Wat spraken jullie af? De datum hierboven hoort erbij."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("Een contact kan niet in de toekomst liggen."), code="future")
        return date


# --- Kernteams ---------------------------------------------------------------------------------


class CoreTeamForm(StyledForm):
    # The version an edit was opened on (buurtinbloei/conflicts.py); ignored when creating.
    version = VersionField()
    name = PlainTextField(label=_("Naam"), max_length=200, error_messages=REQUIRED)
    buurt = BuurtField(Buurt.objects.none())
    coach = forms.ModelChoiceField(
        label=_("Begeleidende verbinder"), queryset=None, required=False, error_messages=CHOOSE
    )
    description = PlainTextField(
        label=_("Waar zet het kernteam zich voor in?"),
        multiline=True,
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    stage = forms.ChoiceField(label=_("Fase"), choices=Stage.choices, initial=Stage.STARTING)
    intensity = forms.ChoiceField(
        label=_("Begeleiding"),
        choices=CoachingIntensity.choices,
        initial=CoachingIntensity.INTENSIVE,
    )

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurt"] = BuurtField(_own_buurten(user))
        self.fields["coach"].queryset = verbinders_for(user)
        if editing:  # stage and coaching change through their own form, with a date
            del self.fields["stage"], self.fields["intensity"]
        style_widgets(self)


class CoreTeamChangeForm(StyledForm):
    stage = forms.ChoiceField(label=_("Fase"), choices=Stage.choices, error_messages=CHOOSE)
    intensity = forms.ChoiceField(
        label=_("Begeleiding"), choices=CoachingIntensity.choices, error_messages=CHOOSE
    )
    date = forms.DateField(label=_("Sinds"), widget=DATE, error_messages=DATE_ERRORS)
    note = PlainTextField(label=_("Toelichting"), max_length=300, required=False)


class MemberForm(StyledForm):
    resident = forms.ModelChoiceField(
        label=_("Inwoner"), queryset=Resident.objects.none(), error_messages=CHOOSE
    )
    role = forms.ChoiceField(
        label=_("Rol"), choices=MemberRole.choices, initial=MemberRole.VOLUNTEER
    )

    def __init__(self, *args, user, team, **kwargs):
        super().__init__(*args, **kwargs)
        # Residents of the team's wijk that this verbinder may see (the policy decides).
        self.fields["resident"].queryset = (
            Resident.objects.visible_to(user)
            .filter(buurt__wijk_id=team.buurt.wijk_id)
            .exclude(core_teams__core_team=team, core_teams__active=True)
            .exclude(status="anonymised")
            .order_by("first_name", "last_name", "pk")
        )


class ActivityForm(StyledForm):
    title = PlainTextField(label=_("Titel"), max_length=200, error_messages=REQUIRED)
    theme = forms.ChoiceField(
        label=_("Thema"), choices=[("", _("Kies een thema")), *Theme.choices], error_messages=CHOOSE
    )
    starts_on = forms.DateField(
        label=_("Datum of begindatum"), widget=DATE, error_messages=DATE_ERRORS
    )
    ends_on = forms.DateField(
        label=_("Einddatum"),
        required=False,
        widget=DATE,
        help_text=_("Alleen voor iets dat langer duurt, zoals een zomerprogramma."),
        error_messages=DATE_ERRORS,
    )
    participants = forms.IntegerField(
        label=_("Aantal deelnemers"),
        min_value=0,
        max_value=100000,
        required=False,
        error_messages=NUMBER,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Betrokken partners"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies uit de lijst.")},
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ActivityStatus.choices, initial=ActivityStatus.PLANNED
    )
    verbinder_present = forms.BooleanField(
        label=_("De verbinder was erbij (of is erbij)"), required=False, initial=True
    )

    def __init__(self, *args, user, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = (
            Organisation.objects.visible_to(user)
            .filter(buurt__wijk_id=team.buurt.wijk_id, reviewed=True)
            .order_by("name")
        )

    def clean(self) -> dict:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error(
                "ends_on",
                ValidationError(_("De einddatum ligt voor de begindatum."), code="before_start"),
            )
        return data


# --- The public sign-up for organisations --------------------------------------------------------


class OrganisationSignUpForm(PublicForm):
    name = PlainTextField(
        label=_("Naam van je organisatie of initiatief"),
        max_length=200,
        error_messages={"required": _("Vul de naam van je organisatie in.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    kind = forms.ChoiceField(
        label=_("Wat voor organisatie is het?"),
        choices=[("", _("Kies wat het beste past")), *OrganisationKind.choices],
        error_messages={
            "required": _("Kies wat voor organisatie het is."),
            "invalid_choice": _("Kies wat voor organisatie het is."),
        },
    )
    description = PlainTextField(
        label=_("Wat doen jullie?"),
        multiline=True,
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    address = PlainTextField(
        label=_("Adres"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = PlainTextField(
        label=_("Postcode"),
        max_length=10,
        required=False,
        help_text=_("Bijvoorbeeld 5625 AB."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    buurt = forms.ChoiceField(
        label=_("Of kies de buurt"),
        required=False,
        error_messages={"invalid_choice": _("Kies een buurt uit de lijst.")},
    )
    # Not "website": that name is the public-form kit's honeypot.
    web_address = PlainTextField(
        label=_("Website"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "url"}),
    )
    contact_name = PlainTextField(
        label=_("Naam van de contactpersoon"),
        max_length=200,
        error_messages={"required": _("Vul in met wie we contact kunnen opnemen.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_phone = PlainTextField(
        label=_("Telefoonnummer"),
        max_length=30,
        required=False,
        help_text=_("Bijvoorbeeld 06 12345678 of 040 1234567."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    contact_email = PlainEmailField(
        label=_("E-mailadres"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Dit e-mailadres klopt niet. Kijk het nog even na.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    place_title = PlainTextField(
        label=_("Wat kan iemand bij jullie doen?"),
        max_length=200,
        help_text=_("Een korte titel, bijvoorbeeld: gastvrouw in de buurtkamer."),
        error_messages={"required": _("Vul in wat iemand bij jullie kan doen.")},
    )
    place_kind = forms.ChoiceField(
        label=_("Wat voor plek is het?"),
        choices=[("", _("Kies wat het beste past")), *OntwikkelplaatsKind.choices],
        error_messages={
            "required": _("Kies wat voor plek het is."),
            "invalid_choice": _("Kies wat voor plek het is."),
        },
    )
    place_description = PlainTextField(
        label=_("Wat kan iemand er leren?"),
        multiline=True,
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    places = forms.IntegerField(
        label=_("Voor hoeveel mensen is er plek?"),
        min_value=1,
        max_value=500,
        initial=1,
        error_messages={
            "required": _("Vul in voor hoeveel mensen er plek is."),
            "invalid": _("Vul een getal in, bijvoorbeeld 2."),
            "min_value": _("Er moet plek zijn voor minstens één persoon."),
            "max_value": _("Dat zijn wel heel veel plaatsen. Vul hoogstens 500 in."),
        },
    )
    talents = forms.ModelMultipleChoiceField(
        label=_("Welke talenten zoeken jullie?"),
        queryset=Talent.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies uit de lijst.")},
    )
    wants_room = forms.BooleanField(label=_("We zoeken een ruimte in de buurt"), required=False)
    wants_help = forms.BooleanField(
        label=_("We kunnen hulp of vrijwilligers gebruiken"), required=False
    )
    request_note = PlainTextField(
        label=_("Vertel er iets meer over"),
        multiline=True,
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _(
            "Ik vind het goed dat WIJeindhoven deze gegevens bewaart en contact met ons opneemt."
        )
        self.fields["consent"].error_messages["required"] = _(
            "Zet een vinkje als je dit goed vindt. Zonder toestemming mogen we geen contact "
            "opnemen."
        )
        buurten = Buurt.objects.select_related("wijk").order_by("wijk__name", "name")
        self.buurten = {str(buurt.pk): buurt for buurt in buurten}
        groups: dict[str, list[tuple[str, str]]] = {}
        for buurt in self.buurten.values():
            groups.setdefault(buurt.wijk.name, []).append((str(buurt.pk), buurt.name))
        self.fields["buurt"].choices = [("", _("Kies de buurt")), *groups.items()]
        self.fields["talents"].queryset = Talent.objects.approved().filter(common=True)

    def clean_contact_phone(self) -> str:
        return clean_phone(self.cleaned_data["contact_phone"])

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["postcode"])

    def clean_buurt(self) -> Buurt | None:
        return self.buurten.get(self.cleaned_data["buurt"])

    def clean(self) -> dict:
        data = self.cleaned_data
        reachable = data.get("contact_phone") or data.get("contact_email")
        if "contact_phone" in data and "contact_email" in data and not reachable:
            self.add_error(
                "contact_phone",
                ValidationError(
                    _("Vul een telefoonnummer of een e-mailadres in. Eén van de twee is genoeg."),
                    code="required",
                ),
            )
        if "postcode" in data and "buurt" in data and not data["buurt"]:
            if not data["postcode"]:
                self.add_error(
                    "postcode",
                    ValidationError(
                        _("Vul de postcode in, of kies de buurt uit de lijst."), code="required"
                    ),
                )
            elif PostcodeArea.objects.buurt_for(data["postcode"]) is None:
                self.add_error(
                    "buurt",
                    ValidationError(
                        _(
                            "We weten niet in welke buurt deze postcode ligt. "
                            "Kies de buurt uit de lijst."
                        ),
                        code="unknown_postcode",
                    ),
                )
        return super().clean()
