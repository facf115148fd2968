"""Kom tot Bloei trainings: a series of sessions, its participants and who came to which session.

A training belongs to a wijkteam: its verbinders plan it and mark attendance, coördinatoren read
along (the same permissions as residents, since a participant list names residents). A
participant has *finished* when they attended at least ``TRAINING_COMPLETION_PERCENT`` of the
training's sessions; :meth:`ParticipantQuerySet.with_progress` computes that in the database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buurtinbloei.permissions import Perm
from buurtinbloei.scoping import ScopedQuerySet
from matches.models import Match, Request
from networks.models import CoreTeam, Ontwikkelplaats
from talents.models import Resident


class TrainingQuerySet(ScopedQuerySet):
    """Read by whoever reads residents (a participant list names them), changed by the
    verbinders of the training's wijkteam."""

    wijkteam_path = "wijkteam"
    read_permission = Perm.VIEW_RESIDENTS
    change_permission = Perm.CHANGE_RESIDENTS

    def with_counts(self) -> TrainingQuerySet:
        """Sessions, participants and the first and last session day, as subqueries (one query
        for a whole list, however many rows)."""
        sessions = TrainingSession.objects.filter(training=OuterRef("pk")).order_by()
        participants = TrainingParticipant.objects.filter(training=OuterRef("pk")).order_by()

        def count(qs):
            rows = qs.values("training").annotate(n=Count("pk")).values("n")[:1]
            return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

        return self.annotate(
            session_count=count(sessions),
            participant_count=count(participants),
            first_day=Subquery(sessions.order_by("date").values("date")[:1]),
            last_day=Subquery(sessions.order_by("-date").values("date")[:1]),
        )


class Training(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    wijkteam = models.ForeignKey(
        "buurtinbloei.Wijkteam",
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name=_("wijkteam"),
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trainer (medewerker)"),
    )
    trainer_name = models.CharField(
        _("trainer (naam)"),
        max_length=200,
        blank=True,
        help_text=_("Als de trainer geen medewerker met een login is."),
    )
    place = models.CharField(_("plaats"), max_length=200)
    description = models.TextField(_("beschrijving"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kom tot Bloei-training")
        verbose_name_plural = _("Kom tot Bloei-trainingen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("trainings:training-detail", kwargs={"pk": self.pk})

    @property
    def trainer_display(self) -> str:
        return str(self.trainer) if self.trainer_id else self.trainer_name


class TrainingSession(models.Model):
    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("training")
    )
    date = models.DateField(_("datum"))
    starts_at = models.TimeField(_("begintijd"), null=True, blank=True)
    place = models.CharField(
        _("plaats"),
        max_length=200,
        blank=True,
        help_text=_("Leeg: de plaats van de training."),
    )

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["date", "starts_at", "pk"]
        indexes = [models.Index(fields=["training", "date"])]

    def __str__(self) -> str:
        return f"{self.training} {self.date:%d-%m-%Y}"


class NextStepKind(models.TextChoices):
    PLACE = "place", _("ontwikkelplaats")
    REQUEST = "request", _("hulpvraag (match)")
    CORE_TEAM = "core_team", _("kernteam")
    OTHER = "other", _("iets anders")


def completion_percent() -> int:
    return settings.TRAINING_COMPLETION_PERCENT


class ParticipantQuerySet(models.QuerySet):
    def with_progress(self) -> ParticipantQuerySet:
        """``attended`` and ``session_count`` per participant, and ``completed``: attended at
        least TRAINING_COMPLETION_PERCENT of the sessions (integer arithmetic, in SQL)."""
        attended = (
            Attendance.objects.filter(participant=OuterRef("pk"))
            .order_by()
            .values("participant")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        sessions = (
            TrainingSession.objects.filter(training=OuterRef("training"))
            .order_by()
            .values("training")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        qs = self.annotate(
            attended=Coalesce(Subquery(attended, output_field=IntegerField()), 0),
            session_count=Coalesce(Subquery(sessions, output_field=IntegerField()), 0),
        )
        reached = ExpressionWrapper(F("attended") * 100, output_field=IntegerField())
        needed = ExpressionWrapper(
            F("session_count") * Value(completion_percent()), output_field=IntegerField()
        )
        return qs.alias(reached=reached, needed=needed).annotate(
            completed=Case(
                When(session_count__gt=0, reached__gte=F("needed"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )


class TrainingParticipant(models.Model):
    training = models.ForeignKey(
        Training,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("training"),
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        related_name="trainings",
        verbose_name=_("inwoner"),
    )
    joined_on = models.DateField(_("ingeschreven op"), auto_now_add=True)
    # The next step a verbinder chose after the training (one of the four kinds).
    next_step_kind = models.CharField(
        _("volgende stap"), max_length=20, choices=NextStepKind.choices, blank=True
    )
    next_step_place = models.ForeignKey(
        Ontwikkelplaats,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ontwikkelplaats"),
    )
    next_step_request = models.ForeignKey(
        Request,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hulpvraag"),
    )
    next_step_core_team = models.ForeignKey(
        CoreTeam,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kernteam"),
    )
    next_step_match = models.ForeignKey(
        Match,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("match"),
    )
    next_step_note = models.CharField(_("toelichting"), max_length=300, blank=True)
    next_step_on = models.DateField(_("volgende stap gekozen op"), null=True, blank=True)
    next_step_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gekozen door"),
    )

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["resident__first_name", "resident__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "resident"], name="training_participant_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} ({self.training})"

    def get_absolute_url(self) -> str:
        return reverse(
            "trainings:participant-detail",
            kwargs={"pk": self.training_id, "participant_pk": self.pk},
        )


class Attendance(models.Model):
    """A participant was there: one row per participant and session (absent: no row)."""

    participant = models.ForeignKey(
        TrainingParticipant,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("deelnemer"),
    )
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("bijeenkomst"),
    )
    marked_at = models.DateTimeField(_("aangevinkt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [
            models.UniqueConstraint(fields=["participant", "session"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}@{self.session_id}"
