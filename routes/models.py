"""Landing routes after GGZ care ("landingsbaan", DESIGN.md), on the Buurtcirkel model.

A route is for one resident coming back from residential GGZ care: a start date, the GGZ
partner organisation and counsellor (a partner user), a buddy and a small group of neighbours,
the goals in the resident's own words, and a review date. What each party may see is the
resident's consent matrix (:class:`PathwayConsent`, its history in :class:`PathwayConsentChange`);
check-ins at weeks 2, 6 and 12 (per route) keep the verbinder close.

Everything here is sensitive: only the verbinders of the resident's wijkteam read a route in
full; everyone else sees exactly what the matrix allows them (:mod:`routes.sharing`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buurtinbloei.permissions import Perm, may
from networks.models import CoreTeam, Ontwikkelplaats, Organisation
from talents.models import Resident, TeamResidentQuerySet


class Party(models.TextChoices):
    BUDDY = "buddy", _("maatje")
    GROUP = "group", _("buurtgroep")
    GGZ = "ggz", _("GGZ-partner")
    VERBINDERS = "verbinders", _("andere verbinders")


class Item(models.TextChoices):
    """What a party may be told about the resident."""

    FIRST_NAME = "first_name", _("voornaam")
    INTERESTS = "interests", _("interesses")
    AVAILABILITY = "availability", _("beschikbaarheid")
    PHONE = "phone", _("telefoonnummer")
    ADDRESS = "address", _("adres")
    PROGRESS = "progress", _("hoe het gaat")


#: Parties reached through a link of their own (residents have no accounts).
LINK_PARTIES = (Party.BUDDY, Party.GROUP)


class GroupKind(models.TextChoices):
    NONE = "", _("(nog) geen groep")
    RESIDENTS = "residents", _("buurtbewoners")
    CORE_TEAM = "core_team", _("een kernteam")
    PLACE = "place", _("een ontwikkelplaats")


class PathwayStatus(models.TextChoices):
    ACTIVE = "active", _("loopt")
    ENDED = "ended", _("afgesloten")


class PathwayQuerySet(TeamResidentQuerySet):
    """Read and changed in full by the verbinders of the resident's wijkteam only: never
    city-wide (coördinatoren see counts), and a counsellor reads only their own routes, reduced
    by the consent matrix (the views ask :mod:`routes.sharing` what to show)."""

    wijkteam_path = "resident__buurt__wijk__wijkteam"
    resident_prefix = "resident__"
    read_permission = Perm.RUN_ROUTES
    change_permission = Perm.RUN_ROUTES

    def followed_by(self, user) -> PathwayQuerySet:
        """The routes a GGZ counsellor is counsellor of."""
        if Perm.FOLLOW_ROUTES not in may(user):
            return self.none()
        return self.filter(counsellor=user)

    def shared_with_verbinders(self, user) -> PathwayQuerySet:
        """Running routes of other wijkteams whose resident shares something with verbinders."""
        if Perm.RUN_ROUTES not in may(user):
            return self.none()
        shared = PathwayConsent.objects.filter(
            route=models.OuterRef("pk"), party=Party.VERBINDERS, granted=True
        )
        return (
            self.filter(status=PathwayStatus.ACTIVE)
            .exclude(self.scope_q(user.wijkteam_ids))
            .filter(models.Exists(shared))
        )

    def active(self) -> PathwayQuerySet:
        return self.filter(status=PathwayStatus.ACTIVE)


class Pathway(models.Model):
    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="routes", verbose_name=_("inwoner")
    )
    verbinder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="routes",
        verbose_name=_("verbinder"),
    )
    start_date = models.DateField(_("startdatum"))
    review_date = models.DateField(_("einddatum of evaluatie"))
    partner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="routes",
        verbose_name=_("GGZ-partner"),
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="counselled_routes",
        verbose_name=_("begeleider"),
    )
    buddy = models.ForeignKey(
        Resident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="buddy_routes",
        verbose_name=_("maatje"),
    )
    group_kind = models.CharField(
        _("buurtgroep"), max_length=20, choices=GroupKind.choices, blank=True
    )
    group_residents = models.ManyToManyField(
        Resident, blank=True, related_name="group_routes", verbose_name=_("buurtbewoners")
    )
    group_core_team = models.ForeignKey(
        CoreTeam,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="routes",
        verbose_name=_("kernteam"),
    )
    group_place = models.ForeignKey(
        Ontwikkelplaats,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="routes",
        verbose_name=_("ontwikkelplaats"),
    )
    goals = models.TextField(_("doelen, in de woorden van de inwoner"), max_length=2000)
    interests = models.CharField(_("interesses"), max_length=300, blank=True)
    availability = models.CharField(_("beschikbaarheid"), max_length=300, blank=True)
    check_in_weeks = models.CharField(_("check-ins na (weken)"), max_length=50)
    status = models.CharField(
        _("status"), max_length=10, choices=PathwayStatus.choices, default=PathwayStatus.ACTIVE
    )
    ended_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = PathwayQuerySet.as_manager()

    class Meta:
        verbose_name = _("landingsroute")
        verbose_name_plural = _("landingsroutes")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_date__gte=models.F("start_date")),
                name="route_review_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True)
                | Q(status="ended", ended_on__isnull=False),
                name="route_ended_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Landingsroute %(id)s") % {"id": self.pk})

    def get_absolute_url(self) -> str:
        return reverse("routes:route-detail", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status == PathwayStatus.ACTIVE


class PathwayConsent(models.Model):
    """The consent matrix as it stands: one row per party and item (absent: not given)."""

    route = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="consents")
    party = models.CharField(_("partij"), max_length=20, choices=Party.choices)
    item = models.CharField(_("wat"), max_length=20, choices=Item.choices)
    granted = models.BooleanField(_("mag gedeeld worden"), default=False)

    class Meta:
        verbose_name = _("toestemming landingsroute")
        verbose_name_plural = _("toestemmingen landingsroute")
        constraints = [
            models.UniqueConstraint(fields=["route", "party", "item"], name="route_consent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.get_item_display()} = {self.granted}"


class PathwayConsentChange(models.Model):
    """Append-only history of the matrix: who recorded what, when, with the counsellor there
    or not. Never changed or deleted, like the audit log (it names no one but the staff user)."""

    route = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="consent_changes")
    party = models.CharField(_("partij"), max_length=20, choices=Party.choices)
    item = models.CharField(_("wat"), max_length=20, choices=Item.choices)
    granted = models.BooleanField(_("mag gedeeld worden"))
    at = models.DateTimeField(_("wanneer"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    counsellor_present = models.BooleanField(_("begeleider was erbij"), default=False)

    class Meta:
        verbose_name = _("wijziging toestemming landingsroute")
        verbose_name_plural = _("wijzigingen toestemming landingsroute")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["route", "-at"], name="route_consent_history")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.party} {self.item} {self.granted}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Consent changes are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Consent changes are append-only")


class PartyLink(models.Model):
    """A buddy's or group's link to their page of a route: signed, expiring, revocable."""

    route = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="links")
    party = models.CharField(_("partij"), max_length=20, choices=Party.choices)
    key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("gemaakt"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt"))
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("link voor een partij")
        verbose_name_plural = _("links voor partijen")
        constraints = [
            # One working link per party: a new one revokes the old one first.
            models.UniqueConstraint(
                fields=["route", "party"],
                condition=Q(revoked_at__isnull=True),
                name="route_one_open_link_per_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.route_id} {self.party}"


class CheckInResult(models.TextChoices):
    GOING_WELL = "going_well", _("gaat goed")
    UP_AND_DOWN = "up_and_down", _("wisselend")
    CONCERN = "concern", _("zorgen")
    NOT_REACHED = "not_reached", _("niet bereikt")


class PathwayCheckInQuerySet(models.QuerySet):
    def open(self) -> PathwayCheckInQuerySet:
        return self.filter(done_at__isnull=True, route__status=PathwayStatus.ACTIVE)


class PathwayCheckIn(models.Model):
    route = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="check_ins")
    week = models.PositiveSmallIntegerField(_("week"))
    due_on = models.DateField(_("datum"))
    done_at = models.DateTimeField(_("vastgelegd op"), null=True, blank=True)
    result = models.CharField(
        _("hoe ging het?"), max_length=20, choices=CheckInResult.choices, blank=True
    )
    #: The verbinder's note: sensitive, for the wijkteam only (never shown to any party).
    note = models.TextField(_("korte notitie"), max_length=1000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    #: When the missed-check-in e-mail went out (send_route_alerts sends it once).
    alerted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PathwayCheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in landingsroute")
        verbose_name_plural = _("check-ins landingsroute")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["route", "week"], name="route_check_in_once_a_week"),
        ]
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(done_at__isnull=True), name="route_check_in_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.route_id} week {self.week}"
