"""Requests (hulpvragen), matches of three kinds, their history and their check-ins.

The ``matches`` app is the right-most app of the layering (DESIGN.md): it reads residents and
talents (``talents``) and ontwikkelplaatsen (``networks``); neither of those imports it.

Both requests and matches store the wijkteam they belong to when they are made. The KPI counts a
match for the wijkteam of its first side (DESIGN.md), and an index on a column of the row itself
answers "this wijkteam's matches" without joining residents and buurten at city scale. A match
across two wijkteams also stores the second side's wijkteam, so that both teams see it.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtinbloei.models import Buurt, Wijkteam
from buurtinbloei.permissions import Perm, may
from buurtinbloei.scoping import ScopedQuerySet
from networks.models import HouseMember, Ontwikkelplaats, StudentHouse
from talents.models import Conversation, HelpTheme, Resident, ResidentStatus, SignUp, Talent

# --- requests ------------------------------------------------------------------------------------


class RequestQuerySet(ScopedQuerySet):
    """Read by those who may read residents (coördinatoren city-wide, without notes), changed by
    the verbinders of the request's wijkteam; a partner sees only the requests they referred."""

    wijkteam_path = "wijkteam"
    read_permission = Perm.VIEW_RESIDENTS
    change_permission = Perm.CHANGE_RESIDENTS

    def scope_q(self, wijkteam_ids) -> Q:
        return Q(wijkteam_id__in=list(wijkteam_ids))

    #: Across wijkteams a verbinder sees an open request reduced to what matching needs: the
    #: asker's first name (or the place's title), the wijk, the talent and whom to ask (DESIGN.md,
    #: roles); the suggestions for someone who offers that talent read it.
    discoverable_fields = {
        "pk": "pk",
        "talent_id": "talent_id",
        "first_name": "resident__first_name",
        "place_title": "ontwikkelplaats__title",
        "wijk": "buurt__wijk__name",
        "wijkteam_name": "wijkteam__name",
        "contact_first_name": "resident__responsible_verbinder__first_name",
        "contact_last_name": "resident__responsible_verbinder__last_name",
        "contact_email": "resident__responsible_verbinder__email",
    }

    def discoverable_rows(self) -> RequestQuerySet:
        # Only open requests, and none of someone who is resting or erased.
        return self.filter(status=RequestStatus.OPEN).exclude(
            resident__status__in=[ResidentStatus.RESTING, ResidentStatus.ANONYMISED]
        )

    def visible_to_outsiders(self, user) -> RequestQuerySet:
        if Perm.REFER_RESIDENTS in may(user):
            return self.filter(referred_by=user)
        return self.none()

    def open(self) -> RequestQuerySet:
        return self.filter(status=RequestStatus.OPEN)


class RequestSource(models.TextChoices):
    SELF = "self", _("de inwoner zelf (aanmelding)")
    VERBINDER = "verbinder", _("een verbinder")
    PARTNER = "partner", _("verwijzing door een partner")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("open")
    MATCHED = "matched", _("gematcht")
    CLOSED = "closed", _("gesloten")


class CloseReason(models.TextChoices):
    SOLVED = "solved", _("op een andere manier opgelost")
    NOT_NEEDED = "not_needed", _("niet meer nodig")
    NO_CONTACT = "no_contact", _("geen contact gekregen")
    NO_MATCH = "no_match", _("geen passende match gevonden")
    OTHER = "other", _("anders")


class Request(models.Model):
    """What a resident or an ontwikkelplaats is looking for: a talent, or a kind of help."""

    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("inwoner"),
    )
    ontwikkelplaats = models.ForeignKey(
        Ontwikkelplaats,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("ontwikkelplaats"),
    )
    talent = models.ForeignKey(
        Talent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("gevraagd talent"),
    )
    help_theme = models.CharField(
        _("soort hulp"), max_length=20, choices=HelpTheme.choices, blank=True
    )
    description = models.TextField(_("wat zou helpen?"), max_length=2000, blank=True)
    buurt = models.ForeignKey(
        Buurt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("buurt"),
    )
    wijkteam = models.ForeignKey(
        Wijkteam, on_delete=models.PROTECT, related_name="+", verbose_name=_("wijkteam")
    )
    source = models.CharField(_("bron"), max_length=10, choices=RequestSource.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    close_reason = models.CharField(
        _("reden van sluiten"), max_length=20, choices=CloseReason.choices, blank=True
    )
    close_note = models.CharField(_("toelichting"), max_length=300, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_requests",
        verbose_name=_("verwezen door"),
    )
    #: The public sign-up it came from (its help text), or the conversation whose "asks" it holds.
    signup = models.OneToOneField(
        SignUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="request"
    )
    conversation = models.OneToOneField(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="request"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    created_on = models.DateField(_("gevraagd op"), default=datetime.date.today)
    closed_on = models.DateField(_("gesloten op"), null=True, blank=True)
    created_at = models.DateTimeField(_("vastgelegd"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    # Optimistic locking (buurtinbloei/conflicts.py): an edit opened on an older version is
    # refused with the conflict page, never saved over someone else's change.
    # db_default: rows the demo seeders COPY in without the column start at 1 too.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("hulpvraag")
        verbose_name_plural = _("hulpvragen")
        ordering = ["-created_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="request_asked_by_one",
                condition=Q(resident__isnull=False, ontwikkelplaats__isnull=True)
                | Q(resident__isnull=True, ontwikkelplaats__isnull=False),
            ),
            models.CheckConstraint(
                name="request_closed_has_reason",
                condition=~Q(status="closed") | ~Q(close_reason=""),
            ),
        ]
        indexes = [
            models.Index(fields=["wijkteam", "status", "created_on"]),
            models.Index(fields=["talent", "status"]),
            models.Index(fields=["status", "created_on"]),
            # The list, newest first: walked in order, not sorted at city scale.
            models.Index(fields=["-created_on", "-id"], name="request_newest_first"),
            # The KPI's kept figures are valid until the latest change (matches/kpi.py).
            models.Index(fields=["updated_at"], name="request_updated"),
        ]

    def __str__(self) -> str:
        what = self.talent.name if self.talent_id else (self.get_help_theme_display() or "")
        return f"{self.asked_by}: {what}".rstrip(": ")

    def get_absolute_url(self) -> str:
        return reverse("matches:request-detail", kwargs={"pk": self.pk})

    @property
    def asked_by(self):
        return self.resident if self.resident_id else self.ontwikkelplaats


# --- matches -------------------------------------------------------------------------------------


class MatchKind(models.TextChoices):
    RESIDENTS = "residents", _("inwoner met inwoner")
    RESIDENT_PLACE = "resident_place", _("inwoner met ontwikkelplaats")
    PLACES = "places", _("ontwikkelplaats met ontwikkelplaats")
    HOUSE_RESIDENT = "house_resident", _("inwoner met studentenhuis")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("voorgesteld")
    INTRODUCTION_PLANNED = "introduction", _("kennismaking gepland")
    STARTED = "started", _("gestart")
    ENDED = "ended", _("beëindigd")


#: A match in one of these takes a resident's time and a place at an ontwikkelplaats.
ACTIVE_STATUSES = (
    MatchStatus.PROPOSED,
    MatchStatus.INTRODUCTION_PLANNED,
    MatchStatus.STARTED,
)


class Outcome(models.TextChoices):
    COMPLETED = "completed", _("afgerond")
    STOPPED = "stopped", _("gestopt")


class StopReason(models.TextChoices):
    TOO_HEAVY = "too_heavy", _("te zwaar")
    NO_CLICK = "no_click", _("geen klik")
    MOVED = "moved", _("verhuisd")
    HEALTH = "health", _("gezondheid")
    OTHER = "other", _("anders")


_ACTIVE = ~Q(status="ended")


class MatchQuerySet(ScopedQuerySet):
    """A match belongs to the wijkteams of both its sides: either team's verbinders read and
    change it; coördinatoren read every match (without notes)."""

    wijkteam_path = "wijkteam"
    read_permission = Perm.VIEW_RESIDENTS
    change_permission = Perm.CHANGE_RESIDENTS

    def scope_q(self, wijkteam_ids) -> Q:
        ids = list(wijkteam_ids)
        return Q(wijkteam_id__in=ids) | Q(wijkteam_b_id__in=ids)

    def active(self) -> MatchQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def involving_resident(self, resident) -> MatchQuerySet:
        return self.filter(Q(resident_a=resident) | Q(resident_b=resident))

    def involving_place(self, place) -> MatchQuerySet:
        return self.filter(Q(place_a=place) | Q(place_b=place))

    def involving_house(self, house) -> MatchQuerySet:
        return self.filter(house_b=house)


class Match(models.Model):
    """A connection made by a verbinder.

    The sides by kind (a database constraint keeps them so):
    - ``residents``: ``resident_a`` (who asked, or receives) and ``resident_b`` (who offers);
    - ``resident_place``: ``resident_a`` and ``place_b``;
    - ``places``: ``place_a`` (who asked) and ``place_b`` (who offers);
    - ``house_resident``: ``resident_a`` (who asked) and ``house_b``, a student house helping as
      one helper; ``house_members`` records which of its members went.
    """

    kind = models.CharField(_("soort match"), max_length=20, choices=MatchKind.choices)
    resident_a = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matches_as_a",
        verbose_name=_("inwoner"),
    )
    resident_b = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matches_as_b",
        verbose_name=_("inwoner die iets biedt"),
    )
    place_a = models.ForeignKey(
        Ontwikkelplaats,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matches_as_a",
        verbose_name=_("vragende ontwikkelplaats"),
    )
    place_b = models.ForeignKey(
        Ontwikkelplaats,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matches_as_b",
        verbose_name=_("ontwikkelplaats"),
    )
    house_b = models.ForeignKey(
        StudentHouse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matches",
        verbose_name=_("studentenhuis"),
    )
    #: Who of the house went (a house match only; editable from its start on).
    house_members = models.ManyToManyField(
        HouseMember, blank=True, related_name="matches", verbose_name=_("huisgenoten die gingen")
    )
    talent = models.ForeignKey(
        Talent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matches",
        verbose_name=_("talent"),
    )
    request = models.ForeignKey(
        Request,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matches",
        verbose_name=_("hulpvraag"),
    )
    verbinder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="matches_made",
        verbose_name=_("verbinder"),
    )
    #: The first side's wijkteam: the match counts for it (DESIGN.md, KPI).
    wijkteam = models.ForeignKey(
        Wijkteam, on_delete=models.PROTECT, related_name="+", verbose_name=_("wijkteam")
    )
    #: The second side's wijkteam, when it differs: that team sees the match too.
    wijkteam_b = models.ForeignKey(
        Wijkteam, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    proposed_on = models.DateField(_("voorgesteld op"), default=datetime.date.today)
    introduction_on = models.DateField(_("kennismaking op"), null=True, blank=True)
    started_on = models.DateField(_("gestart op"), null=True, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    #: Due 14 days after the proposal while nothing has happened (MATCH_FOLLOW_UP_DAYS).
    follow_up_on = models.DateField(_("opvolgen op"), null=True, blank=True)
    #: Both sides said yes to exchanging contact details (recorded by the verbinder).
    both_agreed_at = models.DateTimeField(_("beide kanten akkoord op"), null=True, blank=True)
    note = models.TextField(_("notitie"), max_length=2000, blank=True)
    # The evaluation when it ends.
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices, blank=True)
    stop_reason = models.CharField(
        _("reden van stoppen"), max_length=20, choices=StopReason.choices, blank=True
    )
    evaluation_a = models.TextField(_("hoe ging het voor de eerste kant?"), blank=True)
    evaluation_b = models.TextField(_("hoe ging het voor de tweede kant?"), blank=True)
    continues_on_own = models.BooleanField(_("gaan ze zelf verder?"), null=True, blank=True)
    created_at = models.DateTimeField(_("vastgelegd"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    # Optimistic locking (buurtinbloei/conflicts.py): every step raises it, and a step sent
    # from a page that showed an older version is refused with the conflict page.
    # db_default: rows the demo seeders COPY in without the column start at 1 too.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-proposed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="match_sides_fit_kind",
                condition=(
                    Q(
                        kind="residents",
                        resident_a__isnull=False,
                        resident_b__isnull=False,
                        place_a__isnull=True,
                        place_b__isnull=True,
                    )
                    | Q(
                        kind="resident_place",
                        resident_a__isnull=False,
                        resident_b__isnull=True,
                        place_a__isnull=True,
                        place_b__isnull=False,
                    )
                    | Q(
                        kind="places",
                        resident_a__isnull=True,
                        resident_b__isnull=True,
                        place_a__isnull=False,
                        place_b__isnull=False,
                    )
                    | Q(
                        kind="house_resident",
                        resident_a__isnull=False,
                        resident_b__isnull=True,
                        place_a__isnull=True,
                        place_b__isnull=True,
                        house_b__isnull=False,
                    )
                )
                & (Q(kind="house_resident") | Q(house_b__isnull=True)),
            ),
            models.CheckConstraint(
                name="match_two_different_sides",
                condition=(
                    Q(resident_a__isnull=True)
                    | Q(resident_b__isnull=True)
                    | ~Q(resident_a=models.F("resident_b"))
                )
                & (
                    Q(place_a__isnull=True)
                    | Q(place_b__isnull=True)
                    | ~Q(place_a=models.F("place_b"))
                ),
            ),
            # A started match has its start date; an ended one may never have started (stopped
            # after the introduction), and then it never counts for the KPI.
            models.CheckConstraint(
                name="match_started_has_date",
                condition=~Q(status="started") | Q(started_on__isnull=False),
            ),
            models.CheckConstraint(
                name="match_ended_has_outcome",
                condition=~Q(status="ended") | (Q(ended_on__isnull=False) & ~Q(outcome="")),
            ),
            # One active match per pair and talent; "no talent" (a room) counts as one talent.
            models.UniqueConstraint(
                "resident_a",
                "resident_b",
                Coalesce("talent", 0),
                name="match_one_active_per_resident_pair",
                condition=_ACTIVE & Q(kind="residents"),
            ),
            models.UniqueConstraint(
                "resident_a",
                "place_b",
                Coalesce("talent", 0),
                name="match_one_active_per_resident_place",
                condition=_ACTIVE & Q(kind="resident_place"),
            ),
            models.UniqueConstraint(
                "place_a",
                "place_b",
                Coalesce("talent", 0),
                name="match_one_active_per_place_pair",
                condition=_ACTIVE & Q(kind="places"),
            ),
            models.UniqueConstraint(
                "resident_a",
                "house_b",
                Coalesce("talent", 0),
                name="match_one_active_per_resident_house",
                condition=_ACTIVE & Q(kind="house_resident"),
            ),
        ]
        indexes = [
            models.Index(fields=["wijkteam", "status", "started_on"]),
            models.Index(fields=["wijkteam_b", "status"]),
            models.Index(fields=["status", "started_on"]),
            models.Index(fields=["resident_a", "status"]),
            models.Index(fields=["resident_b", "status"]),
            models.Index(fields=["place_b", "status"]),
            models.Index(fields=["house_b", "status"]),
            models.Index(fields=["verbinder", "status"]),
            # The list, newest proposal first: walked in order, not sorted at city scale.
            models.Index(fields=["-proposed_on", "-id"], name="match_newest_first"),
            # The KPI's kept figures are valid until the latest change (matches/kpi.py).
            models.Index(fields=["updated_at"], name="match_updated"),
            # The home panel: follow-ups due among the matches not started yet.
            models.Index(
                fields=["follow_up_on"],
                name="match_follow_up_due",
                condition=Q(status__in=["proposed", "introduction"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.side_a} & {self.side_b}"

    def get_absolute_url(self) -> str:
        return reverse("matches:match-detail", kwargs={"pk": self.pk})

    @property
    def side_a(self):
        return self.resident_a if self.resident_a_id else self.place_a

    @property
    def side_b(self):
        if self.house_b_id:
            return self.house_b
        return self.resident_b if self.resident_b_id else self.place_b

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def contacts_shared(self) -> bool:
        """Contact details are exchanged only after both sides said yes."""
        return self.both_agreed_at is not None


class MatchEventQuerySet(ScopedQuerySet):
    wijkteam_path = "match__wijkteam"
    read_permission = Perm.VIEW_RESIDENTS
    change_permission = Perm.CHANGE_RESIDENTS

    def scope_q(self, wijkteam_ids) -> Q:
        ids = list(wijkteam_ids)
        return Q(match__wijkteam_id__in=ids) | Q(match__wijkteam_b_id__in=ids)


class MatchEvent(models.Model):
    """One change of a match's status (or the agreement of both sides), with who and when."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=20, choices=MatchStatus.choices)
    #: "agreed" when the verbinder recorded that both sides said yes; empty for a status change.
    what = models.CharField(_("wat"), max_length=20, blank=True)
    date = models.DateField(_("datum"))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    at = models.DateTimeField(_("vastgelegd"), default=timezone.now)

    objects = MatchEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.match_id}: {self.get_status_display()} ({self.date:%Y-%m-%d})"


class CheckInResult(models.TextChoices):
    GOING_WELL = "going_well", _("gebeld, gaat goed")
    CONCERN = "concern", _("gebeld, er is een aandachtspunt")
    NO_ANSWER = "no_answer", _("geen gehoor")
    CONTACT_PERSON = "contact_person", _("ingevuld door de contactpersoon")


class CheckInQuerySet(MatchEventQuerySet):
    def due(self, on: datetime.date | None = None) -> CheckInQuerySet:
        return self.filter(done_at__isnull=True, due_on__lte=on or datetime.date.today())


def new_check_in_key() -> str:
    return secrets.token_urlsafe(24)


class CheckIn(models.Model):
    """A planned check-in on a started match (by default two and six weeks after the start).

    ``key`` is the single-use secret of the contact person's check-in link (an ontwikkelplaats
    answers without an account); the link carries it signed with an expiry."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="check_ins")
    due_on = models.DateField(_("gepland op"))
    done_at = models.DateTimeField(_("gedaan op"), null=True, blank=True)
    result = models.CharField(
        _("uitkomst"), max_length=20, choices=CheckInResult.choices, blank=True
    )
    note = models.CharField(_("notitie"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    key = models.CharField(max_length=40, unique=True, default=new_check_in_key, editable=False)
    # The contact person's three answers.
    going = models.CharField(_("hoe gaat het?"), max_length=20, blank=True)
    attends = models.BooleanField(_("komt de inwoner zoals afgesproken?"), null=True, blank=True)
    contact_note = models.TextField(_("wil je nog iets kwijt?"), max_length=1000, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["due_on"], name="checkin_open_due", condition=Q(done_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self.match_id}: {self.due_on:%Y-%m-%d}"


class MatchReminder(models.Model):
    """The daily reminder e-mail sent to a verbinder on a day (matches/reminders.py): one per
    verbinder per day, however often the job runs. Rows older than a week are deleted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    follow_ups = models.PositiveIntegerField(default=0)
    check_ins = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("herinnering over matches")
        verbose_name_plural = _("herinneringen over matches")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="match_reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
