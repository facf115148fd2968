"""Forms of a match's life: they clean input, nothing more (writes live in services/)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtinbloei.forms import PlainTextField, StyledForm
from buurtinbloei.models import User, Wijk, Wijkteam
from buurtinbloei.once import OnceFormMixin
from buurtinbloei.selectors import verbinders_for
from buurtinbloei.widgets import QuickSelect
from networks.models import HouseMember, Ontwikkelplaats, StudentHouse
from talents.models import Resident, Talent

from ..models import CheckInResult, MatchKind, MatchStatus, Outcome, Request, StopReason

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": _("Vul een datum in."), "invalid": _("Schrijf de datum zo: 31-12-2026.")}
CHOOSE = {
    "required": _("Kies er een uit de lijst."),
    "invalid_choice": _("Kies er een uit de lijst."),
}
#: Whoever is no longer on the list (erased, moved out of reach) is not found: one message.
GONE = {"invalid_choice": _("Deze keuze bestaat niet (meer). Kies opnieuw.")}


HIDDEN_SIDES = ("request", "resident_a", "place_a", "resident_b", "place_b", "house_b")


class MatchCreateForm(OnceFormMixin, StyledForm):
    """The one-tap form of a suggestion (``request`` + side B + talent) and the form without a
    request (side A + side B + talent). Which sides may be chosen is the service's business: it
    answers with a message, never an error page."""

    request = forms.ModelChoiceField(
        queryset=Request.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages=GONE,
    )
    resident_a = forms.ModelChoiceField(
        queryset=Resident.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages=GONE,
    )
    place_a = forms.ModelChoiceField(
        queryset=Ontwikkelplaats.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages=GONE,
    )
    resident_b = forms.ModelChoiceField(
        label=_("Inwoner"),
        queryset=Resident.objects.select_related("buurt__wijk"),
        required=False,
        widget=forms.HiddenInput,
        error_messages=GONE,
    )
    place_b = forms.ModelChoiceField(
        label=_("Ontwikkelplaats"),
        queryset=Ontwikkelplaats.objects.select_related("buurt__wijk", "organisation"),
        required=False,
        widget=forms.HiddenInput,
        error_messages=GONE,
    )
    #: A student house as side B (a suggestion's one tap on a request).
    house_b = forms.ModelChoiceField(
        label=_("Studentenhuis"),
        queryset=StudentHouse.objects.select_related("buurt__wijk"),
        required=False,
        widget=forms.HiddenInput,
        error_messages=GONE,
    )
    talent = forms.ModelChoiceField(
        label=_("Talent"),
        queryset=Talent.objects.none(),
        required=False,
        empty_label=_("Geen bepaald talent"),
        error_messages=GONE,
        widget=QuickSelect,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = Request.objects.editable_by(user).select_related(
            "resident__buurt__wijk", "ontwikkelplaats__buurt__wijk", "talent"
        )
        self.fields["resident_a"].queryset = Resident.objects.editable_by(user).select_related(
            "buurt__wijk"
        )
        self.fields["place_a"].queryset = Ontwikkelplaats.objects.editable_by(user).select_related(
            "buurt__wijk", "organisation"
        )
        self.fields["talent"].queryset = Talent.objects.usable_by(user).order_by("name")

    def clean(self) -> dict:
        data = super().clean()
        request = data.get("request")
        if request is not None:
            # Side A is whoever asked; the talent is the one asked for unless another is sent.
            data["resident_a"], data["place_a"] = request.resident, request.ontwikkelplaats
            if not data.get("talent"):
                data["talent"] = request.talent
        if self.errors:
            # The sides are hidden fields: say what went wrong where the form's errors are read.
            if any(name in self.errors for name in HIDDEN_SIDES):
                raise forms.ValidationError(GONE["invalid_choice"])
            return data
        if not (data.get("resident_a") or data.get("place_a")):
            raise forms.ValidationError(
                _("Kies voor wie de match is: een hulpvraag, een inwoner of een ontwikkelplaats.")
            )
        chosen = [n for n in ("resident_b", "place_b", "house_b") if data.get(n)]
        if not chosen:
            raise forms.ValidationError(
                _("Kies met wie je wilt matchen: een inwoner of een ontwikkelplaats.")
            )
        if len(chosen) > 1:
            raise forms.ValidationError(_("Kies één inwoner of één ontwikkelplaats, niet allebei."))
        return data


class SideBSearchForm(StyledForm):
    """The small search for side B of a match made without a request."""

    soort = forms.ChoiceField(
        label=_("Soort match"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (MatchKind.RESIDENTS, MatchKind.RESIDENTS.label),
            (MatchKind.RESIDENT_PLACE, MatchKind.RESIDENT_PLACE.label),
        ],
    )
    q = PlainTextField(label=_("Zoek op naam of titel"), max_length=100, required=False)

    def terms(self) -> tuple[str, str]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("soort") or MatchKind.RESIDENTS, (data.get("q") or "").strip()


class DateForm(StyledForm):
    date = forms.DateField(label=_("Datum"), widget=DATE, error_messages=DATE_ERRORS)


class IntroductionForm(DateForm):
    def __init__(self, *args, **kwargs) -> None:
        # Three forms share the match page: ids of their own, the same field names.
        kwargs.setdefault("auto_id", "kennismaking_%s")
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Datum van de kennismaking")


class StartForm(DateForm):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "start_%s")
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Gestart op")


YES_NO_UNKNOWN = [("yes", _("ja")), ("no", _("nee")), ("", _("weet ik nog niet"))]


class EndForm(StyledForm):
    """The end of a match and its short evaluation."""

    outcome = forms.ChoiceField(
        label=_("Hoe eindigt de match?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages=CHOOSE,
    )
    date = forms.DateField(label=_("Beëindigd op"), widget=DATE, error_messages=DATE_ERRORS)
    stop_reason = forms.ChoiceField(
        label=_("Waarom gestopt?"),
        choices=[("", _("Kies een reden")), *StopReason.choices],
        required=False,
        error_messages=CHOOSE,
        help_text=_("Alleen als de match gestopt is."),
    )
    evaluation_a = PlainTextField(
        label=_("Hoe ging het voor de eerste kant?"),
        max_length=2000,
        required=False,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evaluation_b = PlainTextField(
        label=_("Hoe ging het voor de tweede kant?"),
        max_length=2000,
        required=False,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    continues_on_own = forms.ChoiceField(
        label=_("Gaan ze zelf verder?"),
        choices=YES_NO_UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, match=None, **kwargs) -> None:
        kwargs.setdefault("auto_id", "einde_%s")
        super().__init__(*args, **kwargs)
        if match is not None:
            self.fields["evaluation_a"].label = _("Hoe ging het voor %(name)s?") % {
                "name": _side_name(match.side_a)
            }
            self.fields["evaluation_b"].label = _("Hoe ging het voor %(name)s?") % {
                "name": _side_name(match.side_b)
            }

    def clean(self) -> dict:
        data = super().clean()
        if data.get("outcome") == Outcome.STOPPED and not data.get("stop_reason"):
            self.add_error("stop_reason", _("Kies waarom de match gestopt is."))
        data["continues_on_own"] = {"yes": True, "no": False}.get(
            data.get("continues_on_own") or ""
        )
        return data


def _side_name(side) -> str:
    if isinstance(side, Resident):
        return side.first_name
    return side.name if isinstance(side, StudentHouse) else side.title


class CheckInLogForm(StyledForm):
    """The verbinder's one click on a check-in or a follow-up."""

    result = forms.ChoiceField(
        choices=[
            (CheckInResult.GOING_WELL, CheckInResult.GOING_WELL.label),
            (CheckInResult.NO_ANSWER, CheckInResult.NO_ANSWER.label),
            (CheckInResult.CONCERN, CheckInResult.CONCERN.label),
        ],
        error_messages=CHOOSE,
    )


GOING_CHOICES = [("good", _("goed")), ("mixed", _("wisselend")), ("not_good", _("niet goed"))]


class ContactCheckInForm(StyledForm):
    """The contact person's three questions (no account; the link is the secret)."""

    going = forms.ChoiceField(
        label=_("Hoe gaat het?"),
        choices=GOING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een antwoord."),
            "invalid_choice": _("Kies een antwoord."),
        },
    )
    attends = forms.ChoiceField(
        label=_("Komt de inwoner zoals afgesproken?"),
        choices=[("yes", _("ja")), ("no", _("nee"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ja of nee."), "invalid_choice": _("Kies ja of nee.")},
    )
    contact_note = PlainTextField(
        label=_("Wil je nog iets kwijt?"),
        max_length=1000,
        required=False,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_attends(self) -> bool:
        return self.cleaned_data["attends"] == "yes"


PERIOD_CHOICES = [("proposed", _("voorgesteld")), ("started", _("gestart"))]


class MatchFilterForm(StyledForm):
    """The list's filters: never required, a bad value drops only that filter."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle statussen")), *MatchStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *MatchKind.choices]
    )
    talent = forms.ModelChoiceField(
        label=_("Talent"),
        queryset=Talent.objects.none(),
        required=False,
        empty_label=_("Alle talenten"),
        widget=QuickSelect,
    )
    wijkteam = forms.ModelChoiceField(
        label=_("Wijkteam (telt mee voor)"),
        queryset=Wijkteam.objects.order_by("name"),
        required=False,
        empty_label=_("Alle wijkteams"),
        widget=QuickSelect,
    )
    wijk = forms.ModelChoiceField(
        label=_("Wijk"),
        queryset=Wijk.objects.order_by("name"),
        required=False,
        empty_label=_("Alle wijken"),
        widget=QuickSelect,
    )
    verbinder = forms.ModelChoiceField(
        label=_("Verbinder"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Alle verbinders"),
        widget=QuickSelect,
    )
    period = forms.ChoiceField(label=_("Periode op"), required=False, choices=PERIOD_CHOICES)
    date_from = forms.DateField(label=_("Van"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["talent"].queryset = Talent.objects.usable_by(user).order_by("name")
        self.fields["verbinder"].queryset = verbinders_for(user)

    def filters(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


def today_initial() -> dict:
    return {"date": timezone.localdate()}


class HouseMembersForm(StyledForm):
    """Which of the house's members went (a match with a student house)."""

    members = forms.ModelMultipleChoiceField(
        label=_("Wie van het huis gingen?"),
        queryset=HouseMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies huisgenoten van dit studentenhuis.")},
    )

    def __init__(self, *args, choosable, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = choosable.order_by("-active", "first_name", "pk")
