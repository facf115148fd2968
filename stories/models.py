"""Impact stories: what happened around a match, a kernteam or an activity, in a few lines, a
quote and perhaps a photo, told with the consent of every person quoted or shown.

A story is in a report only while it is *publishable* (:meth:`StoryQuerySet.publishable`): no
person in it has withdrawn their consent, a quote has a consenting person it is from, a photo a
consenting person on it. The check is a database condition, so a withdrawal takes the story out
of the next report at once; nothing has to remember to do so.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buurtinbloei.models import Buurt, Wijkteam
from buurtinbloei.permissions import Perm
from buurtinbloei.scoping import ScopedQuerySet

from .photos import private_storage, story_photo_name


class StoryQuerySet(ScopedQuerySet):
    """Verbinders read and write the stories of their own wijkteams; nobody else reads a story
    in full. Coördinatoren (and verbinders, city-wide) see publishable stories in the report."""

    wijkteam_path = "wijkteam"
    read_permission = Perm.SHARE_STORIES
    change_permission = Perm.SHARE_STORIES

    def publishable(self) -> StoryQuerySet:
        consenting = StoryPerson.objects.filter(story=OuterRef("pk"), withdrawn_at__isnull=True)
        withdrawn = StoryPerson.objects.filter(story=OuterRef("pk"), withdrawn_at__isnull=False)
        return self.filter(
            ~Exists(withdrawn),
            Q(quote="") | Exists(consenting.filter(quoted=True)),
            Q(photo="") | Exists(consenting.filter(shown=True)),
        )


class Story(models.Model):
    wijkteam = models.ForeignKey(
        Wijkteam, on_delete=models.PROTECT, related_name="stories", verbose_name=_("wijkteam")
    )
    buurt = models.ForeignKey(
        Buurt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("buurt"),
    )
    title = models.CharField(_("titel"), max_length=120)
    happened_on = models.DateField(_("wanneer gebeurde het?"))
    text = models.TextField(_("wat gebeurde er?"), max_length=4000)
    quote = models.TextField(_("citaat"), max_length=1000, blank=True)
    photo = models.ImageField(
        _("foto"), storage=private_storage, upload_to=story_photo_name, blank=True
    )
    photo_description = models.CharField(
        _("wat staat er op de foto?"),
        max_length=200,
        blank=True,
        help_text=_("Voor wie de foto niet kan zien, en in het rapport onder de foto."),
    )
    match = models.ForeignKey(
        "matches.Match",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("match"),
    )
    core_team = models.ForeignKey(
        "networks.CoreTeam",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("kernteam"),
    )
    activity = models.ForeignKey(
        "networks.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("activiteit"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    # Optimistic locking (buurtinbloei/conflicts.py): an edit opened on an older version is
    # refused with the conflict page, never saved over someone else's change.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("verhaal")
        verbose_name_plural = _("verhalen")
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["wijkteam", "-happened_on"])]
        constraints = [
            # A story is about at most one thing (the form asks for exactly one; a deleted
            # kernteam or activity leaves the story without it).
            models.CheckConstraint(
                condition=(
                    Q(match__isnull=True, core_team__isnull=True)
                    | Q(match__isnull=True, activity__isnull=True)
                    | Q(core_team__isnull=True, activity__isnull=True)
                ),
                name="story_about_one_thing",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stories:story-detail", kwargs={"pk": self.pk})

    @property
    def about(self):
        return self.match or self.core_team or self.activity


class ConsentChannel(models.TextChoices):
    IN_PERSON = "in_person", _("mondeling, in een gesprek")
    WRITTEN = "written", _("schriftelijk (formulier of e-mail)")
    PHONE = "phone", _("telefonisch")


class StoryPerson(models.Model):
    """Someone quoted in or shown on a story, with their consent (given, and perhaps withdrawn).

    A person who is not a resident of ours (a volunteer of an ontwikkelplaats, a partner) is
    named by ``name`` alone. A withdrawal is kept as a date, never undone: consent given again
    is a new person row.
    """

    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, related_name="persons", verbose_name=_("verhaal")
    )
    resident = models.ForeignKey(
        "talents.Resident",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="story_roles",
        verbose_name=_("inwoner"),
    )
    name = models.CharField(
        _("naam in het verhaal"),
        max_length=80,
        help_text=_("Hoe de persoon genoemd wordt, bijvoorbeeld alleen de voornaam."),
    )
    quoted = models.BooleanField(_("wordt geciteerd"), default=False)
    shown = models.BooleanField(_("staat op de foto"), default=False)
    consent_on = models.DateField(_("toestemming gegeven op"))
    channel = models.CharField(_("hoe"), max_length=20, choices=ConsentChannel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    withdrawn_at = models.DateTimeField(_("toestemming ingetrokken"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingetrokken via"),
    )

    class Meta:
        verbose_name = _("persoon in een verhaal")
        verbose_name_plural = _("personen in verhalen")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quoted=True) | Q(shown=True), name="story_person_quoted_or_shown"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def consenting(self) -> bool:
        return self.withdrawn_at is None
