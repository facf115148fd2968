"""The shared core: staff users and their roles, wijkteams, Eindhoven's geography, the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .permissions import May, Perm, Role, is_admin_role, may
from .scoping import ScopedQuerySet


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("role", Role.VERBINDER)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra["role"] = Role.BEHEERDER
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A staff member or partner professional; residents never have accounts."""

    username = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    wijkteams = models.ManyToManyField(
        "Wijkteam", verbose_name=_("wijkteams"), blank=True, related_name="members"
    )
    organisation_name = models.CharField(
        _("organisatie"),
        max_length=200,
        blank=True,
        help_text=_("Voor partners: de organisatie waarvoor deze persoon werkt."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["first_name", "last_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs) -> None:
        # The role is the one source of truth; Django's admin flags follow it.
        self.is_staff = self.is_superuser = is_admin_role(self.role)
        if self.email:
            self.email = self.email.lower()
        super().save(*args, **kwargs)

    @property
    def may(self) -> May:
        """The named permissions of this user's role (buurtinbloei/permissions.py)."""
        return may(self)

    @cached_property
    def wijkteam_ids(self) -> frozenset[int]:
        return frozenset(self.wijkteams.values_list("pk", flat=True))


class Wijkteam(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam"), unique=True)
    yearly_match_target = models.PositiveIntegerField(_("matchdoel per jaar"), default=125)

    objects = ScopedQuerySet.as_manager(wijkteam_path="", change_permission=Perm.MANAGE_APPLICATION)

    class Meta:
        verbose_name = _("wijkteam")
        verbose_name_plural = _("wijkteams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("wijkteam-detail", kwargs={"slug": self.slug})


class Stadsdeel(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    cbs_code = models.CharField(_("CBS-code"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("stadsdeel")
        verbose_name_plural = _("stadsdelen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Wijk(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    stadsdeel = models.ForeignKey(
        Stadsdeel, on_delete=models.PROTECT, related_name="wijken", verbose_name=_("stadsdeel")
    )
    wijkteam = models.ForeignKey(
        Wijkteam, on_delete=models.PROTECT, related_name="wijken", verbose_name=_("wijkteam")
    )
    cbs_code = models.CharField(_("CBS-code"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Buurt(models.Model):
    name = models.CharField(_("naam"), max_length=100)
    wijk = models.ForeignKey(
        Wijk, on_delete=models.PROTECT, related_name="buurten", verbose_name=_("wijk")
    )
    cbs_code = models.CharField(_("CBS-code"), max_length=10, blank=True)
    inhabitants = models.PositiveIntegerField(_("inwoners"), null=True, blank=True)

    class Meta:
        verbose_name = _("buurt")
        verbose_name_plural = _("buurten")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["wijk", "name"], name="buurt_unique_name_in_wijk"),
            models.UniqueConstraint(
                fields=["cbs_code"], condition=~models.Q(cbs_code=""), name="buurt_unique_cbs_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def normalise_postcode(value: str) -> str:
    """``"5625 ab"`` becomes ``"5625AB"``; anything else just loses spaces and case."""
    return "".join(value.split()).upper()


class PostcodeAreaQuerySet(models.QuerySet):
    def buurt_for(self, postcode: str) -> Buurt | None:
        """The buurt of the longest known prefix of ``postcode`` (6, 5 or 4 characters)."""
        code = normalise_postcode(postcode)
        prefixes = [code[:n] for n in (6, 5, 4) if len(code) >= n]
        if not prefixes:
            return None
        area = (
            self.filter(prefix__in=prefixes)
            .select_related("buurt__wijk")
            .order_by(Length("prefix").desc())
            .first()
        )
        return area.buurt if area else None


class PostcodeArea(models.Model):
    """Which buurt a postcode (or the start of one) belongs to; filled in by a beheerder.

    A four-digit area often spans several buurten, so a longer prefix ("5625A", "5625AB") can
    say more precisely where it lies; the longest matching prefix wins.
    """

    prefix = models.CharField(
        _("postcode of begin ervan"),
        max_length=6,
        unique=True,
        help_text=_("Vier cijfers (5625), of met letters erbij voor een kleiner gebied (5625AB)."),
        validators=[
            RegexValidator(r"^[1-9][0-9]{3}([A-Z]{1,2})?$", _("Bijvoorbeeld 5625 of 5625AB."))
        ],
    )
    buurt = models.ForeignKey(
        Buurt, on_delete=models.CASCADE, related_name="postcode_areas", verbose_name=_("buurt")
    )

    objects = PostcodeAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("postcodegebied")
        verbose_name_plural = _("postcodegebieden")
        ordering = ["prefix"]

    def __str__(self) -> str:
        return f"{self.prefix} → {self.buurt}"

    def save(self, *args, **kwargs) -> None:
        self.prefix = normalise_postcode(self.prefix)
        super().save(*args, **kwargs)


class AuditEvent(models.Model):
    """Append-only record of who did or read what, and when.

    Rows are never changed or deleted through the ORM (see ``save``/``delete``); on
    PostgreSQL a trigger also refuses UPDATE and DELETE (migration 0003). Because rows can never
    be erased, they hold no personal data of residents: an object is named by type and id only.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wie"),
    )
    action = models.CharField(_("actie"), max_length=50, db_index=True)
    object_type = models.CharField(_("soort object"), max_length=100, blank=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    at = models.DateTimeField(_("wanneer"), auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    # What changed, for changes worth reading back (a role, wijkteams, the active flag): codes
    # and ids only, never a name or other personal data.
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The log viewer filters on a person, an action or an object and shows the newest
            # first: each filter walks its own index in order instead of sorting millions.
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
            models.Index(fields=["action", "-at"], name="audit_action_at"),
            models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_at"),
        ]

    def __str__(self) -> str:
        target = f"{self.object_type}#{self.object_id}" if self.object_type else ""
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {target}".strip()

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only")


class AuditReview(models.Model):
    """A beheerder's statement that the audit log of one period was reviewed (the review
    report, buurtinbloei/audit_views.py). Written once, never changed or deleted, and itself
    audited: supervisors ask not only for a log but for proof that someone read it."""

    period_start = models.DateField(_("van"))
    period_end = models.DateField(_("tot en met"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gecontroleerd door"),
    )
    reviewed_at = models.DateTimeField(_("gecontroleerd op"), auto_now_add=True)
    note = models.TextField(_("toelichting"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("controle van het auditlog")
        verbose_name_plural = _("controles van het auditlog")
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end"], name="audit_review_once_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="audit_review_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_start} to {self.period_end}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Audit reviews are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit reviews are append-only")


class RateLimitCounter(models.Model):
    """How many times one (hashed) client did one thing in one fixed window of time.

    Counted with a single ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` (see
    :func:`buurtinbloei.public_forms.take_rate_limit_slot`), so simultaneous requests on any
    number of workers or servers can never read the same count. Rows of past windows are
    deleted as new ones are counted. Holds no IP address: the client is a salted hash.
    """

    client_key = models.CharField(max_length=100)
    bucket = models.BigIntegerField()
    n = models.PositiveIntegerField(default=0)
    expires = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client_key", "bucket"], name="rate_limit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.client_key} {self.bucket}: {self.n}"


class SubmittedForm(models.Model):
    """A staff form that created something, found again by its one-time token.

    A double tap on "Opslaan" sends the same form twice; the second submit finds this row and
    answers like the first instead of creating a second conversation or resident (once.py).
    Rows are only needed for a moment: they are pruned after a day.
    """

    token = models.UUIDField(_("formuliersleutel"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("wie")
    )
    result_url = models.CharField(_("resultaat"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("verstuurd"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("verstuurd formulier")
        verbose_name_plural = _("verstuurde formulieren")

    def __str__(self) -> str:
        return str(self.token)


class JobOutcome(models.TextChoices):
    RUNNING = "running", _("bezig")
    OK = "ok", _("gelukt")
    FAILED = "failed", _("mislukt")
    SKIPPED = "skipped", _("overgeslagen (liep al)")


class JobRun(models.Model):
    """One run of a scheduled job (buurtinbloei/jobs.py): when, how it ended, what it did.

    The summary holds counts only, never personal data, so rows may be kept as long as useful.
    """

    name = models.CharField(_("taak"), max_length=50)
    started_at = models.DateTimeField(_("gestart"))
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=10, choices=JobOutcome.choices, default=JobOutcome.RUNNING
    )
    summary = models.JSONField(_("samenvatting"), default=dict, blank=True)

    class Meta:
        verbose_name = _("taakuitvoering")
        verbose_name_plural = _("taakuitvoeringen")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["name", "-started_at"], name="jobrun_name_started")]

    def __str__(self) -> str:
        return f"{self.name} {self.started_at:%Y-%m-%d %H:%M}"


class MailStatus(models.TextChoices):
    PENDING = "pending", _("wacht")
    SENT = "sent", pgettext_lazy("e-mail", "verstuurd")
    FAILED = "failed", _("mislukt")


class OutgoingMail(models.Model):
    """A notification e-mail, written in the transaction of the change it tells about.

    Sent after commit off the request path, and retried by ``send_pending_mail`` until it is
    sent or gives up (buurtinbloei/mail.py). Bodies are short (a buurt and links); sent rows
    are deleted after ``MAIL_KEEP_SENT_DAYS``.
    """

    kind = models.CharField(_("soort"), max_length=50)
    to = models.TextField(_("aan"))
    subject = models.CharField(_("onderwerp"), max_length=255)
    body = models.TextField(_("tekst"))
    status = models.CharField(
        _("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    last_error = models.CharField(_("laatste fout"), max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mail_due")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"
