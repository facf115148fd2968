"""Residents, their talents, talent conversations and public sign-ups (DESIGN.md, talents)."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from buurtinbloei.models import Buurt
from buurtinbloei.permissions import Perm, may
from buurtinbloei.scoping import ScopedQuerySet


def buurt_ids_of(wijkteam_ids) -> list[int]:
    """The buurten of these wijkteams, as ids. Computed first (one small query) so that a scope
    becomes a condition on a row's own columns; joining buurt and wijk for every resident made
    PostgreSQL read the whole city."""
    return sorted(
        Buurt.objects.filter(wijk__wijkteam__in=list(wijkteam_ids)).values_list("pk", flat=True)
    )


def member_ids_of(wijkteam_ids) -> list[int]:
    from buurtinbloei.models import User

    members = User.objects.filter(wijkteams__in=list(wijkteam_ids)).values_list("pk", flat=True)
    return sorted(set(members))


def resident_scope(wijkteam_ids, prefix: str = "") -> Q:
    """A resident belongs to the wijkteam of their buurt; without a buurt, to the wijkteam that
    registered them (``Resident.fallback_wijkteam``; a database constraint requires one of the
    two). Never to the whole city, and never to a person: when a verbinder leaves or is
    removed, their residents stay with the team. The buurt ids are computed first, so the scope
    is a condition on the resident's own columns that an index can answer."""
    wijkteam_ids = list(wijkteam_ids)
    return Q(**{f"{prefix}buurt_id__in": buurt_ids_of(wijkteam_ids)}) | Q(
        **{f"{prefix}buurt_id__isnull": True, f"{prefix}fallback_wijkteam_id__in": wijkteam_ids}
    )


class TeamResidentQuerySet(ScopedQuerySet):
    """The policy of residents and what hangs off them: read by those who may read residents
    (a coördinator city-wide, a verbinder in the own wijkteams), changed by the verbinders of
    the resident's wijkteam; beheerders manage the application, not residents (DESIGN.md)."""

    wijkteam_path = "buurt__wijk__wijkteam"
    resident_prefix = ""
    read_permission = Perm.VIEW_RESIDENTS
    change_permission = Perm.CHANGE_RESIDENTS

    def scope_q(self, wijkteam_ids) -> Q:
        return resident_scope(wijkteam_ids, self.resident_prefix)


class SignUpQuerySet(ScopedQuerySet):
    """A sign-up without a known buurt waits in a shared inbox every verbinder sees; once a
    verbinder has dealt with it, it stays with that verbinder's wijkteams."""

    wijkteam_path = "buurt__wijk__wijkteam"
    read_permission = Perm.VIEW_INBOX
    change_permission = Perm.TRIAGE_SIGNUPS

    def scope_q(self, wijkteam_ids) -> Q:
        return (
            Q(buurt_id__in=buurt_ids_of(wijkteam_ids))
            | Q(buurt_id__isnull=True, status__in=["new", "taken"])
            | Q(buurt_id__isnull=True, taken_by_id__in=member_ids_of(wijkteam_ids))
        )

    def visible_to_outsiders(self, user) -> SignUpQuerySet:
        """A partner follows their own referrals (the views show first name, date and status)."""
        if Perm.REFER_RESIDENTS in may(user):
            return self.filter(referred_by=user)
        return self.none()


def _phone_q(term: str) -> Q:
    """Phones are stored as +316...; "06-1234" should find them too. Phones hold digits and a
    plus only, so a case-sensitive match is the same and fits the trigram index."""
    compact = "".join(c for c in term if c not in " -.()/")
    q = Q(phone_compact__contains=compact)
    if len(compact) > 2 and compact.startswith("0") and compact.isdigit():
        q |= Q(phone_compact__contains=compact[1:])
    return q


#: pg_trgm indexes words of three characters or more.
MIN_INDEXED_TERM = 3


class ResidentQuerySet(TeamResidentQuerySet):
    """Residents, with the search and filters of the resident list."""

    #: Across wijkteams a verbinder sees only who to ask about someone (DESIGN.md, roles).
    discoverable_fields = {
        "pk": "pk",
        "first_name": "first_name",
        "wijk": "buurt__wijk__name",
        "wijkteam": "buurt__wijk__wijkteam__name",
        "contact_first_name": "responsible_verbinder__first_name",
        "contact_last_name": "responsible_verbinder__last_name",
        "contact_email": "responsible_verbinder__email",
    }

    def discoverable_rows(self) -> ResidentQuerySet:
        # Someone who is resting, or erased, is not put forward for a match.
        return self.exclude(status__in=[ResidentStatus.RESTING, ResidentStatus.ANONYMISED])

    def search(self, text: str) -> ResidentQuerySet:
        """Every word must match a name, e-mail, phone, postcode or talent name.

        On PostgreSQL each of these expressions has a trigram index (migration 0004), so keep
        the expressions and the index in step. A word is looked up in the small talent table
        first: an EXISTS per resident would make every search read every resident."""
        qs = self.alias(
            phone_compact=Replace(Replace("phone", Value(" "), Value("")), Value("-"), Value("")),
            postcode_compact=Replace("postcode", Value(" "), Value("")),
        )
        terms = text.split()[:6]
        # Words of one or two letters ("de", "van 't") match half the city and no trigram index
        # can help; they count only when nothing longer was typed.
        terms = [t for t in terms if len(t) >= MIN_INDEXED_TERM] or terms
        for term in terms:
            q = (
                Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(email__icontains=term)
                | _phone_q(term)
                | Q(postcode_compact__icontains=term)
            )
            talents = list(Talent.objects.filter(name__icontains=term).values_list("pk", flat=True))
            if talents:
                links = ResidentTalent.objects.filter(talent_id__in=talents)
                q |= Q(pk__in=links.values("resident_id"))
            qs = qs.filter(q)
        return qs

    def offering(self) -> ResidentQuerySet:
        return self.filter(
            Exists(ResidentTalent.objects.filter(resident=OuterRef("pk"), offered=True))
        )

    def asking(self, *, include_sensitive: bool = False) -> ResidentQuerySet:
        """Residents who said what they could use (in a conversation or when signing up).

        Read from the stored flags (see :func:`refresh_asks`): two EXISTS over every
        conversation and sign-up cost seconds at city scale."""
        q = Q(asks_for_help=True)
        if include_sensitive:
            q |= Q(asks_for_help_sensitive=True)
        return self.filter(q)

    def with_talent(self, talent) -> ResidentQuerySet:
        return self.filter(
            pk__in=ResidentTalent.objects.filter(talent=talent).values("resident_id")
        )

    def filter_by(self, filters: dict, *, user=None) -> ResidentQuerySet:
        """Apply the resident list's cleaned filters (keys of ResidentFilterForm)."""
        qs = self
        if filters.get("q"):
            qs = qs.search(filters["q"])
        if filters.get("buurt"):
            qs = qs.filter(buurt=filters["buurt"])
        if filters.get("status"):
            qs = qs.filter(status=filters["status"])
        if filters.get("talent"):
            qs = qs.with_talent(filters["talent"])
        if filters.get("side") == "offers":
            qs = qs.offering()
        elif filters.get("side") == "asks":
            qs = qs.asking(include_sensitive=Perm.READ_SENSITIVE in may(user))
        if filters.get("verbinder"):
            qs = qs.filter(responsible_verbinder=filters["verbinder"])
        return qs


def refresh_asks(resident_ids) -> None:
    """Recompute the residents' "asks for help" flags from their conversations and sign-ups.

    Conversation.save() and SignUp.save() call it; bulk writes (the demo seeder) call it
    themselves. A flag from a sensitive conversation is kept apart: only the wijkteam may see
    that someone asked for help there."""
    asks = Conversation.objects.filter(resident=OuterRef("pk")).exclude(asks="")
    receives = SignUp.objects.filter(resident=OuterRef("pk"), wants_to_receive=True)

    def flag(condition) -> Case:
        return Case(When(condition, then=Value(True)), default=Value(False))

    Resident.objects.filter(pk__in=resident_ids).update(
        asks_for_help=flag(Q(Exists(asks.filter(sensitive=False))) | Q(Exists(receives))),
        asks_for_help_sensitive=flag(Q(Exists(asks.filter(sensitive=True)))),
    )


class ResidentStatus(models.TextChoices):
    NEW = "new", _("nieuw")
    IN_CONVERSATION = "in_conversation", _("in gesprek")
    ACTIVE = "active", _("actief")
    RESTING = "resting", _("rust")
    ANONYMISED = "anonymised", _("geanonimiseerd")


class ResidentSource(models.TextChoices):
    SIGNUP = "signup", _("aanmelding via de website")
    VERBINDER = "verbinder", _("ontmoet door een verbinder")
    STREET = "street", _("straatgesprek")
    PARTNER = "partner", _("verwijzing door een partner")


#: Fields of a resident that staff may change (the edit form and resident_update).
RESIDENT_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "postcode",
    "buurt",
    "birth_year",
    "languages",
    "status",
    "responsible_verbinder",
)


class Resident(models.Model):
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True, db_index=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True, db_index=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    buurt = models.ForeignKey(
        Buurt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("buurt"),
    )
    birth_year = models.PositiveSmallIntegerField(_("geboortejaar"), null=True, blank=True)
    languages = models.CharField(_("talen"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ResidentStatus.choices, default=ResidentStatus.NEW
    )
    source = models.CharField(
        _("bron"), max_length=20, choices=ResidentSource.choices, default=ResidentSource.VERBINDER
    )
    responsible_verbinder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("verantwoordelijke verbinder"),
    )
    # Without a buurt, the wijkteam the resident belongs to: set by the services from the
    # responsible verbinder and the person saving, empty once a buurt is known (the buurt's
    # wijkteam counts then). It is the team's, not a person's, so nobody leaving orphans anyone.
    fallback_wijkteam = models.ForeignKey(
        "buurtinbloei.Wijkteam",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wijkteam (buurt onbekend)"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    # Derived from conversations and sign-ups by refresh_asks(), for the list's "kan iets
    # gebruiken" filter.
    asks_for_help = models.BooleanField(default=False, editable=False)
    asks_for_help_sensitive = models.BooleanField(default=False, editable=False)
    # Optimistic locking: every change raises the version; an edit based on an older version
    # is refused instead of silently overwriting someone else's change.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("inwoner")
        verbose_name_plural = _("inwoners")
        ordering = ["first_name", "last_name", "pk"]
        indexes = [
            models.Index(fields=["buurt", "status"]),
            models.Index(fields=["-created_at"]),
            # The retention command's first condition: not changed for longer than the period.
            models.Index(fields=["updated_at"], name="resident_updated_at"),
            # The list's default order: the first page without sorting the whole city.
            models.Index(fields=["first_name", "last_name", "id"], name="resident_name_order"),
        ]
        constraints = [
            # Every resident belongs to a wijkteam: through their buurt, or directly.
            models.CheckConstraint(
                condition=Q(buurt__isnull=False) | Q(fallback_wijkteam__isnull=False),
                name="resident_belongs_to_a_wijkteam",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("talents:resident-detail", kwargs={"pk": self.pk})

    @property
    def wijkteam_id(self) -> int | None:
        """The wijkteam the resident belongs to: their buurt's, or else the fallback one."""
        if self.buurt_id:
            return self.buurt.wijk.wijkteam_id
        return self.fallback_wijkteam_id

    @property
    def is_reachable(self) -> bool:
        """A match needs at least one way to reach someone."""
        return bool(self.email or self.phone)


class TalentCategory(models.TextChoices):
    LANGUAGE = "language", _("taal")
    COOKING = "cooking", _("koken")
    COMPUTERS = "computers", _("computers en telefoon")
    SPORT = "sport", _("wandelen en sport")
    GARDENING = "gardening", _("tuinieren")
    ODD_JOBS = "odd_jobs", _("klussen")
    PAPERWORK = "paperwork", _("papieren en geldzaken")
    MUSIC = "music", _("muziek")
    CREATIVE = "creative", _("creatief")
    CARE = "care", _("gezelschap en zorg")
    CHILDREN = "children", _("kinderen en opvoeden")
    TRANSPORT = "transport", _("vervoer")
    ORGANISING = "organising", _("organiseren")
    OTHER = "other", _("overig")


def _english() -> bool:
    return (get_language() or "").startswith("en")


class TalentQuerySet(models.QuerySet):
    def approved(self) -> TalentQuerySet:
        return self.filter(approved=True)

    def usable_by(self, user) -> TalentQuerySet:
        """Approved talents, plus the ones this user proposed (usable before approval)."""
        if not (user and user.is_authenticated):
            return self.approved()
        return self.filter(Q(approved=True) | Q(proposed_by=user))


class Talent(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    category = models.CharField(
        _("categorie"), max_length=20, choices=TalentCategory.choices, default=TalentCategory.OTHER
    )
    approved = models.BooleanField(
        _("goedgekeurd"),
        default=False,
        help_text=_("Nieuwe talenten die verbinders voorstellen, keurt een beheerder goed."),
    )
    common = models.BooleanField(
        _("veelvoorkomend"),
        default=False,
        help_text=_("Staat als vinkje op het openbare aanmeldformulier."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voorgesteld door"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    # The English interface shows the English name; a talent without one stays Dutch there
    # (marked lang="nl", templatetags/talents.py).
    name_en = models.CharField(_("naam in het Engels"), max_length=100, blank=True)
    # On the public form a talent says what the resident gives ("anderen helpen met de
    # computer"), so someone who wants lessons does not tick it as an offer.
    offer = models.CharField(
        _("op het aanmeldformulier"),
        max_length=150,
        blank=True,
        help_text=_("Wat de inwoner geeft, bijvoorbeeld 'anderen helpen met de computer'."),
    )
    offer_en = models.CharField(
        _("op het aanmeldformulier, in het Engels"), max_length=150, blank=True
    )
    form_order = models.PositiveSmallIntegerField(
        _("volgorde op het aanmeldformulier"),
        default=100,
        help_text=_("De eerste zes staan meteen in beeld; de rest achter 'Meer talenten'."),
    )

    objects = TalentQuerySet.as_manager()

    class Meta:
        verbose_name = _("talent")
        verbose_name_plural = _("talenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def in_english(self) -> bool:
        """The interface is English and this talent has an English name."""
        return bool(self.name_en) and _english()

    @property
    def display_name(self) -> str:
        """The name in the interface's language, where there is one (Dutch otherwise)."""
        return self.name_en if self.in_english else self.name

    @property
    def has_english_offer(self) -> bool:
        return bool(self.offer_en or self.name_en)

    @property
    def offer_label(self) -> str:
        """What the resident gives, for the public form; the name when nobody wrote one."""
        if _english() and self.offer_en:
            return self.offer_en
        if _english() and self.name_en:
            return self.name_en
        return self.offer or self.name


class ResidentTalent(models.Model):
    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="talent_links", verbose_name=_("inwoner")
    )
    talent = models.ForeignKey(
        Talent, on_delete=models.PROTECT, related_name="resident_links", verbose_name=_("talent")
    )
    offered = models.BooleanField(_("biedt aan"), default=True)
    wants_to_develop = models.BooleanField(_("wil ontwikkelen"), default=False)
    note = models.CharField(_("notitie"), max_length=300, blank=True)
    #: The last day this offer was known to stand: when it was noted, the resident's latest
    #: conversation, or a verbinder's "still on offer". Suggestions leave out offers older than
    #: OFFER_STALE_MONTHS (settings) until a verbinder confirms them.
    confirmed_on = models.DateField(_("nog aangeboden per"), default=datetime.date.today)

    class Meta:
        verbose_name = _("talent van inwoner")
        verbose_name_plural = _("talenten van inwoners")
        constraints = [
            models.UniqueConstraint(fields=["resident", "talent"], name="resident_talent_once"),
        ]
        indexes = [
            # Who has this talent: the search and the talent filter read only this index.
            models.Index(fields=["talent", "resident"], name="talent_residents"),
            # Who offers this talent and still does: the match suggestions start here.
            models.Index(
                fields=["talent", "confirmed_on", "resident"],
                condition=Q(offered=True),
                name="talent_offers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident}: {self.talent}"


class ConversationKind(models.TextChoices):
    TALENT = "talent", _("individueel talentgesprek")
    KOM_TOT_BLOEI = "kom_tot_bloei", _("Kom tot Bloei-training")
    STREET = "street", _("straatgesprek (buurtbus of bakfiets)")
    HOME_VISIT = "home_visit", _("huisbezoek")
    PHONE = "phone", _("telefoongesprek")


class ConversationQuerySet(TeamResidentQuerySet):
    wijkteam_path = "resident__buurt__wijk__wijkteam"
    resident_prefix = "resident__"

    def visible_to(self, user) -> ConversationQuerySet:
        """Sensitive conversations are for the resident's wijkteam only, never for city-wide
        roles: filtered here, once, so views and templates just ask for visible ones."""
        qs = super().visible_to(user)
        return qs if Perm.READ_SENSITIVE in may(user) else qs.filter(sensitive=False)


class Conversation(models.Model):
    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("inwoner")
    )
    verbinder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("verbinder"),
    )
    date = models.DateField(_("datum"))
    kind = models.CharField(_("soort gesprek"), max_length=20, choices=ConversationKind.choices)
    summary = models.TextField(_("samenvatting"), max_length=4000, blank=True)
    talents = models.ManyToManyField(
        Talent, blank=True, related_name="conversations", verbose_name=_("gevonden talenten")
    )
    wishes = models.TextField(
        _("wat zou de inwoner kunnen geven of graag doen?"), max_length=2000, blank=True
    )
    asks = models.TextField(
        _("waar kan de inwoner hulp of gezelschap bij gebruiken?"), max_length=2000, blank=True
    )
    next_step = models.CharField(_("volgende stap"), max_length=300, blank=True)
    follow_up_on = models.DateField(_("opvolgen op"), null=True, blank=True, db_index=True)
    follow_up_done = models.BooleanField(_("opvolging gedaan"), default=False)
    sensitive = models.BooleanField(
        _("gevoelig"),
        default=False,
        help_text=_("Over gezondheid of GGZ: alleen zichtbaar voor het wijkteam van de inwoner."),
    )
    created_at = models.DateTimeField(_("vastgelegd"), auto_now_add=True)
    # Optimistic locking (buurtinbloei/conflicts.py): a correction based on an older version
    # is refused, so two verbinders correcting the same conversation never overwrite each other.
    # db_default: rows the demo seeders COPY in without the column start at 1 too.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("talentgesprek")
        verbose_name_plural = _("talentgesprekken")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["verbinder", "follow_up_on"]),
            models.Index(
                fields=["verbinder", "follow_up_on"],
                condition=Q(follow_up_done=False, follow_up_on__isnull=False),
                name="conversation_open_follow_up",
            ),
            # Residents who said what they could use (the list's "kan iets gebruiken").
            models.Index(fields=["resident"], condition=~Q(asks=""), name="conversation_asks"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y}"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self.after_change()

    def after_change(self) -> None:
        """What follows from a conversation being saved or corrected (a correction saves with
        one UPDATE, not ``save()``, and calls this itself)."""
        refresh_asks([self.resident_id])
        # A conversation is contact: what the resident offers is known to stand on that day.
        # Only ever forward: a date corrected to earlier leaves confirmed_on where it is, since
        # it may also stand on a later contact or a verbinder's "nog steeds aangeboden".
        ResidentTalent.objects.filter(
            resident_id=self.resident_id, confirmed_on__lt=self.date
        ).update(confirmed_on=self.date)


class HelpTheme(models.TextChoices):
    COMPANY = "company", _("gezelschap en samen iets doen")
    ODD_JOBS = "odd_jobs", _("klusjes in en om het huis")
    PAPERWORK = "paperwork", _("papieren, formulieren en geld")
    LANGUAGE = "language", _("Nederlands oefenen")
    COMPUTERS = "computers", _("computer of telefoon")
    TRANSPORT = "transport", _("vervoer en boodschappen")
    OTHER = "other", _("iets anders")


class SignUpStatus(models.TextChoices):
    NEW = "new", _("nieuw")
    TAKEN = "taken", _("opgepakt")
    DONE = "done", _("verwerkt")


class SignUp(models.Model):
    """A resident's sign-up through the public form, waiting in a wijkteam's triage inbox."""

    first_name = models.CharField(_("voornaam"), max_length=100)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    buurt = models.ForeignKey(
        Buurt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signups",
        verbose_name=_("buurt"),
    )
    wants_to_give = models.BooleanField(_("wil iets doen voor de buurt"), default=False)
    wants_to_receive = models.BooleanField(_("kan hulp of gezelschap gebruiken"), default=False)
    talents = models.ManyToManyField(
        Talent, blank=True, related_name="+", verbose_name=_("talenten")
    )
    talents_other = models.CharField(_("andere talenten"), max_length=500, blank=True)
    help_wanted = models.TextField(
        _("waar zou je hulp of gezelschap bij willen?"), max_length=2000, blank=True
    )
    help_theme = models.CharField(_("thema"), max_length=20, choices=HelpTheme.choices, blank=True)
    preferred_language = models.CharField(_("voorkeurstaal"), max_length=50, blank=True)
    consent_version = models.CharField(_("versie privacyverklaring"), max_length=20)
    consent_given_at = models.DateTimeField(_("toestemming gegeven op"))
    # The form's one-time token: a second submit of the same form finds this row.
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=SignUpStatus.choices, default=SignUpStatus.NEW
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opgepakt door"),
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signups",
        verbose_name=_("inwoner"),
    )
    #: The partner who referred this person (the matches app's referral form); empty when the
    #: resident signed up themselves.
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("verwezen door"),
    )
    created_at = models.DateTimeField(_("ontvangen"), auto_now_add=True, db_index=True)

    objects = SignUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["created_at", "pk"]
        constraints = [
            # Until it is dealt with, a verbinder must be able to reach the person; after that
            # the contact details live on the resident (and erasure may remove them here).
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone="") | Q(status="done"),
                name="signup_reachable",
            ),
        ]
        indexes = [
            # The inbox lists the open ones, oldest first, among years of finished sign-ups.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status__in=["new", "taken"]),
                name="signup_open",
            ),
            models.Index(
                fields=["resident"], condition=Q(wants_to_receive=True), name="signup_receives"
            ),
        ]

    def __str__(self) -> str:
        return _("Aanmelding %(id)s") % {"id": self.pk}

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if self.resident_id:
            refresh_asks([self.resident_id])


class ConsentRecord(models.Model):
    """What a resident agreed to, with which version of the statement, when, and how: ticked on
    the website, or said out loud in the street after a verbinder read the statement aloud."""

    class Purpose(models.TextChoices):
        CONTACT = "contact", _("contact en koppelen door een verbinder")

    class Channel(models.TextChoices):
        WEBSITE = "website", _("via de website")
        STREET = "street", _("op straat (voorgelezen door een verbinder)")
        IN_PERSON = "in_person", _("persoonlijk (voorgelezen door een verbinder)")
        PARTNER = "partner", _("aan de partner die verwees")

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, null=True, blank=True, related_name="consents"
    )
    signup = models.ForeignKey(
        SignUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="consents"
    )
    purpose = models.CharField(_("doel"), max_length=20, choices=Purpose.choices)
    text_version = models.CharField(_("versie"), max_length=20)
    given_at = models.DateTimeField(_("gegeven op"))
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    channel = models.CharField(
        _("hoe gegeven"), max_length=10, choices=Channel.choices, default=Channel.WEBSITE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    # When consent is withdrawn but the data is kept: the legal ground for keeping it (the
    # resident is erased otherwise). Empty while consent stands.
    legal_ground = models.TextField(_("grondslag om te bewaren"), blank=True, db_default="")

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.text_version})"


class NotificationPreference(models.TextChoices):
    EACH = "each", _("een e-mail per aanmelding")
    DIGEST = "digest", _("een dagelijkse samenvatting")
    NONE = "none", _("geen e-mail")


class VerbinderSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talent_settings"
    )
    signup_notifications = models.CharField(
        _("e-mail over nieuwe aanmeldingen"),
        max_length=10,
        choices=NotificationPreference.choices,
        default=NotificationPreference.EACH,
    )
    digest_sent_until = models.DateTimeField(null=True, blank=True, editable=False)
    #: The daily e-mail about the verbinder's own matches due a follow-up or check-in
    #: (``manage.py send_match_reminders``).
    match_reminders = models.BooleanField(_("dagelijkse herinnering over matches"), default=True)

    class Meta:
        verbose_name = _("instellingen verbinder")
        verbose_name_plural = _("instellingen verbinders")

    def __str__(self) -> str:
        return str(self.user)
