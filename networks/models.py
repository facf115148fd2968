"""Neighbourhood networks, "de buurt heeft het": organisations and partners, ontwikkelplaatsen,
kernteams with their members and activities, and CBS key figures per buurt (DESIGN.md).

Access (buurtinbloei/scoping.py): organisations and ontwikkelplaatsen are public-facing places,
so every verbinder in the city reads them (matches cross wijkteam borders); only the verbinders
of their buurt's wijkteam change them. Kernteams, their members and activities, and the partner
network of a wijk stay with the own wijkteam (coördinatoren read along city-wide).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buurtinbloei.models import Buurt, Wijk
from buurtinbloei.permissions import Perm, may
from buurtinbloei.scoping import ScopedQuerySet
from talents.models import Resident, Talent

#: A kernteam is "active" with at least this many active members (the approach's ideal).
ACTIVE_TEAM_SIZE = 5
#: A partner without contact for this many days is flagged for the verbinder.
PARTNER_CONTACT_DAYS = 91


class NetworkQuerySet(ScopedQuerySet):
    """Kernteams and the partner network: the own wijkteams (coördinatoren city-wide)."""

    read_permission = Perm.VIEW_NETWORKS
    change_permission = Perm.CHANGE_NETWORKS


class CityReadableQuerySet(NetworkQuerySet):
    """Readable city-wide by everyone who works with networks, changeable only by the
    verbinders of the own wijkteams (``editable_by`` keeps the default scope)."""

    def visible_to(self, user) -> CityReadableQuerySet:
        granted = may(user)
        if self.read_permission not in granted:
            return self.visible_to_outsiders(user)
        if Perm.SEE_WHOLE_CITY in granted or Perm.WORK_IN_WIJKTEAMS in granted:
            return self.all()
        return self.visible_to_outsiders(user)


# --- Organisations and partners ----------------------------------------------------------------


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("vereniging")
    FOUNDATION = "foundation", _("stichting")
    BUSINESS = "business", _("bedrijf of winkel")
    SCHOOL = "school", _("school")
    CHURCH = "church", _("kerk")
    MOSQUE = "mosque", _("moskee")
    CARE = "care", _("zorg")
    HOUSING = "housing", _("woningcorporatie")
    MUNICIPALITY = "municipality", _("gemeente")
    WELFARE = "welfare", _("welzijn")


class OrganisationSource(models.TextChoices):
    STAFF = "staff", _("ingevoerd door een verbinder")
    SIGNUP = "signup", _("aanmelding via de website")


class OrganisationQuerySet(CityReadableQuerySet):
    wijkteam_path = "buurt__wijk__wijkteam"

    def reviewed(self) -> OrganisationQuerySet:
        return self.filter(reviewed=True)

    def awaiting_review(self) -> OrganisationQuerySet:
        return self.filter(reviewed=False)


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    buurt = models.ForeignKey(
        Buurt, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("buurt")
    )
    description = models.TextField(_("wat doet de organisatie?"), max_length=2000, blank=True)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=20, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    # What an organisation that signs up asks for besides offering a place.
    wants_room = models.BooleanField(_("zoekt een ruimte"), default=False)
    wants_help = models.BooleanField(_("zoekt hulp of vrijwilligers"), default=False)
    request_note = models.TextField(_("toelichting op de vraag"), max_length=2000, blank=True)
    source = models.CharField(
        _("bron"), max_length=10, choices=OrganisationSource.choices, default="staff"
    )
    reviewed = models.BooleanField(
        _("beoordeeld"),
        default=True,
        help_text=_("Aanmeldingen via de website beoordeelt eerst een verbinder van de wijk."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    consent_version = models.CharField(_("versie privacyverklaring"), max_length=20, blank=True)
    consent_given_at = models.DateTimeField(_("toestemming gegeven op"), null=True, blank=True)
    # The public form's one-time token: a second submit of the same form finds this row.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    # Optimistic locking (buurtinbloei/conflicts.py): an edit opened on an older version is
    # refused with the conflict page, never saved over someone else's change.
    # db_default: rows the demo seeders COPY in without the column start at 1 too.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["buurt", "kind"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:organisation-detail", kwargs={"pk": self.pk})


class PartnerRoleKind(models.TextChoices):
    WIJKAGENT = "wijkagent", _("wijkagent")
    AREA_COORDINATOR = "area_coordinator", _("gebiedscoördinator")
    POH = "poh", _("huisartsenpraktijk / POH")
    HOUSING_CONSULTANT = "housing_consultant", _("woonconsulent")
    SCHOOL = "school", _("school")
    BUSINESS = "business", _("ondernemer")
    FAITH = "faith", _("geloofsgemeenschap")
    INFORMAL_CARE = "informal_care", _("informele zorg (SIZO)")
    OTHER = "other", _("anders")


class PartnerQuerySet(NetworkQuerySet):
    wijkteam_path = "wijk__wijkteam"


class Partner(models.Model):
    """An organisation as a partner of a wijk, with its role there."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("organisatie"),
    )
    wijk = models.ForeignKey(
        Wijk, on_delete=models.PROTECT, related_name="partners", verbose_name=_("wijk")
    )
    role = models.CharField(_("rol"), max_length=20, choices=PartnerRoleKind.choices)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["wijk__name", "organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "wijk", "role"], name="partner_role_once_per_wijk"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()}, {self.wijk})"


class PartnerContactQuerySet(NetworkQuerySet):
    wijkteam_path = "partner__wijk__wijkteam"


class PartnerContact(models.Model):
    """One contact with a partner, and what was agreed (if anything)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    date = models.DateField(_("datum"))
    summary = models.CharField(_("waar ging het over?"), max_length=500)
    agreement = models.TextField(_("afspraak"), max_length=2000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("verbinder"),
    )
    created_at = models.DateTimeField(_("vastgelegd"), auto_now_add=True)

    objects = PartnerContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact met partner")
        verbose_name_plural = _("contacten met partners")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.partner.organisation} {self.date:%d-%m-%Y}"


class PartnerMembership(models.Model):
    """A partner user (role partner) works for one organisation. Kept here rather than as a
    field on the core's user, so the core does not know about organisations (the layering)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_membership",
        verbose_name=_("gebruiker"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )

    class Meta:
        verbose_name = _("partnermedewerker")
        verbose_name_plural = _("partnermedewerkers")

    def __str__(self) -> str:
        return f"{self.user}: {self.organisation}"


# --- Ontwikkelplaatsen -------------------------------------------------------------------------


class OntwikkelplaatsKind(models.TextChoices):
    VOLUNTEERING = "volunteering", _("vrijwilligerswerk")
    DAY_ACTIVITIES = "day_activities", _("dagbesteding")
    TRAINING = "training", _("scholing of opleiding")
    RESIDENTS_NETWORK = "residents_network", _("bewonersnetwerk")
    WORK_EXPERIENCE = "work_experience", _("werkervaring")


class OntwikkelplaatsQuerySet(CityReadableQuerySet):
    wijkteam_path = "buurt__wijk__wijkteam"

    def available(self) -> OntwikkelplaatsQuerySet:
        """What matching may use: reviewed, active, and with a free place."""
        return self.filter(
            reviewed=True, organisation__reviewed=True, active=True, places_taken__lt=F("places")
        )


class Ontwikkelplaats(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="ontwikkelplaatsen",
        verbose_name=_("organisatie"),
    )
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=OntwikkelplaatsKind.choices)
    description = models.TextField(_("wat kun je er doen en leren?"), max_length=4000, blank=True)
    talents = models.ManyToManyField(
        Talent, blank=True, related_name="ontwikkelplaatsen", verbose_name=_("gezochte talenten")
    )
    places = models.PositiveSmallIntegerField(_("aantal plaatsen"), default=1)
    places_taken = models.PositiveSmallIntegerField(_("bezette plaatsen"), default=0)
    buurt = models.ForeignKey(
        Buurt, on_delete=models.PROTECT, related_name="ontwikkelplaatsen", verbose_name=_("buurt")
    )
    active = models.BooleanField(_("actief"), default=True)
    reviewed = models.BooleanField(_("beoordeeld"), default=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    # Optimistic locking (buurtinbloei/conflicts.py): an edit opened on an older version is
    # refused with the conflict page, never saved over someone else's change.
    # db_default: rows the demo seeders COPY in without the column start at 1 too.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    objects = OntwikkelplaatsQuerySet.as_manager()

    class Meta:
        verbose_name = _("ontwikkelplaats")
        verbose_name_plural = _("ontwikkelplaatsen")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["buurt", "active", "reviewed"])]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="ontwikkelplaats_a_place"),
            models.CheckConstraint(
                condition=Q(places_taken__lte=F("places")),
                name="ontwikkelplaats_taken_within_places",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("networks:ontwikkelplaats-detail", kwargs={"pk": self.pk})

    @property
    def wijkteam_id(self) -> int:
        return self.buurt.wijk.wijkteam_id

    @property
    def free_places(self) -> int:
        return max(self.places - self.places_taken, 0)

    @property
    def is_available(self) -> bool:
        return self.reviewed and self.organisation.reviewed and self.active and self.free_places > 0


# --- Kernteams ---------------------------------------------------------------------------------


class Stage(models.TextChoices):
    STARTING = "starting", _("startend: de verbinder trekt")
    CO_LED = "co_led", _("samen: bewoners en verbinder trekken samen")
    INDEPENDENT = "independent", _("zelfstandig")


STAGE_ORDER = [Stage.STARTING, Stage.CO_LED, Stage.INDEPENDENT]


class CoachingIntensity(models.TextChoices):
    INTENSIVE = "intensive", _("intensief")
    REGULAR = "regular", _("regelmatig")
    ON_CALL = "on_call", _("op afroep")


class CoreTeamQuerySet(NetworkQuerySet):
    wijkteam_path = "buurt__wijk__wijkteam"

    def with_member_counts(self) -> CoreTeamQuerySet:
        return self.annotate(
            active_member_count=Count("members", filter=Q(members__active=True), distinct=True)
        )

    def active(self) -> CoreTeamQuerySet:
        return self.with_member_counts().filter(active_member_count__gte=ACTIVE_TEAM_SIZE)


class CoreTeam(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    buurt = models.ForeignKey(
        Buurt, on_delete=models.PROTECT, related_name="core_teams", verbose_name=_("buurt")
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coached_teams",
        verbose_name=_("begeleidende verbinder"),
    )
    stage = models.CharField(
        _("fase"), max_length=20, choices=Stage.choices, default=Stage.STARTING
    )
    stage_since = models.DateField(_("in deze fase sinds"))
    intensity = models.CharField(
        _("begeleiding"),
        max_length=20,
        choices=CoachingIntensity.choices,
        default=CoachingIntensity.INTENSIVE,
    )
    intensity_since = models.DateField(_("begeleiding sinds"))
    description = models.TextField(_("waar zet het kernteam zich voor in?"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    # Optimistic locking (buurtinbloei/conflicts.py): an edit opened on an older version is
    # refused with the conflict page, never saved over someone else's change.
    # db_default: rows the demo seeders COPY in without the column start at 1 too.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    objects = CoreTeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("kernteam")
        verbose_name_plural = _("kernteams")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:coreteam-detail", kwargs={"pk": self.pk})

    @property
    def next_stage(self) -> str | None:
        index = STAGE_ORDER.index(self.stage)
        return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


class CoreTeamChange(models.Model):
    """The dated history of a kernteam's stage and coaching intensity: the path to independence."""

    class What(models.TextChoices):
        STAGE = "stage", _("fase")
        INTENSITY = "intensity", _("begeleiding")

    core_team = models.ForeignKey(
        CoreTeam, on_delete=models.CASCADE, related_name="changes", verbose_name=_("kernteam")
    )
    what = models.CharField(_("wat"), max_length=10, choices=What.choices)
    value = models.CharField(_("nieuwe waarde"), max_length=20)
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

    class Meta:
        verbose_name = _("wijziging kernteam")
        verbose_name_plural = _("wijzigingen kernteams")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(what="stage", value__in=Stage.values)
                    | Q(what="intensity", value__in=CoachingIntensity.values)
                ),
                name="coreteamchange_value_fits_what",
            )
        ]

    def __str__(self) -> str:
        return f"{self.core_team}: {self.get_what_display()} {self.value_label}"

    @property
    def value_label(self) -> str:
        choices = Stage if self.what == self.What.STAGE else CoachingIntensity
        return str(dict(choices.choices).get(self.value, self.value))


class MemberRole(models.TextChoices):
    PROJECT_LEAD = "project_lead", _("projectleider")
    VOLUNTEER = "volunteer", _("vrijwilliger")


class CoreTeamMemberQuerySet(NetworkQuerySet):
    wijkteam_path = "core_team__buurt__wijk__wijkteam"


class CoreTeamMember(models.Model):
    core_team = models.ForeignKey(
        CoreTeam, on_delete=models.CASCADE, related_name="members", verbose_name=_("kernteam")
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="core_teams", verbose_name=_("inwoner")
    )
    role = models.CharField(
        _("rol"), max_length=20, choices=MemberRole.choices, default=MemberRole.VOLUNTEER
    )
    active = models.BooleanField(_("actief"), default=True)
    joined_on = models.DateField(_("lid sinds"))
    # A project lead may later get a limited login of their own (the privacy work decides the
    # role and its permissions); the link is here already, so that needs no data migration.
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="core_team_membership",
        verbose_name=_("eigen login"),
    )

    objects = CoreTeamMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("kernteamlid")
        verbose_name_plural = _("kernteamleden")
        ordering = ["-active", "resident__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["core_team", "resident"], name="member_once_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.resident} ({self.get_role_display()})"

    @property
    def is_project_lead(self) -> bool:
        return MemberRole(self.role) is MemberRole.PROJECT_LEAD


class Theme(models.TextChoices):
    MEETING = "meeting", _("ontmoeting")
    DEMENTIA = "dementia", _("dementie")
    MENTAL_HEALTH = "mental_health", _("psychische gezondheid")
    YOUTH = "youth", _("jeugd")
    POVERTY = "poverty", _("armoede en geldzaken")
    LONELINESS = "loneliness", _("eenzaamheid")
    LANGUAGE = "language", _("taal")
    SPORT = "sport", _("sport en bewegen")
    CULTURE = "culture", _("cultuur")
    SAFETY = "safety", _("veiligheid")
    OTHER = "other", _("anders")


class ActivityStatus(models.TextChoices):
    IDEA = "idea", _("idee")
    PLANNED = "planned", _("gepland")
    DONE = "done", _("gedaan")


class ActivityQuerySet(NetworkQuerySet):
    wijkteam_path = "core_team__buurt__wijk__wijkteam"


class Activity(models.Model):
    core_team = models.ForeignKey(
        CoreTeam, on_delete=models.CASCADE, related_name="activities", verbose_name=_("kernteam")
    )
    title = models.CharField(_("titel"), max_length=200)
    theme = models.CharField(_("thema"), max_length=20, choices=Theme.choices)
    starts_on = models.DateField(_("datum of begindatum"))
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("aantal deelnemers"), null=True, blank=True)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="activities", verbose_name=_("betrokken partners")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.IDEA
    )
    verbinder_present = models.BooleanField(
        _("verbinder was erbij"),
        default=True,
        help_text=_("Twee activiteiten op rij zonder verbinder: klaar voor de volgende fase?"),
    )
    created_at = models.DateTimeField(_("vastgelegd"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["core_team", "status", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="activity_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


# --- Key figures (CBS) -------------------------------------------------------------------------


class BuurtFigures(models.Model):
    """CBS "kerncijfers wijken en buurten" for one buurt (management command import_cbs)."""

    buurt = models.OneToOneField(
        Buurt, on_delete=models.CASCADE, related_name="figures", verbose_name=_("buurt")
    )
    year = models.PositiveSmallIntegerField(_("jaar"), null=True, blank=True)
    inhabitants = models.PositiveIntegerField(_("inwoners"))
    age_0_15 = models.PositiveIntegerField(_("0 tot 15 jaar"), null=True, blank=True)
    age_15_25 = models.PositiveIntegerField(_("15 tot 25 jaar"), null=True, blank=True)
    age_25_45 = models.PositiveIntegerField(_("25 tot 45 jaar"), null=True, blank=True)
    age_45_65 = models.PositiveIntegerField(_("45 tot 65 jaar"), null=True, blank=True)
    age_65_plus = models.PositiveIntegerField(_("65 jaar of ouder"), null=True, blank=True)
    imported_at = models.DateTimeField(_("ingelezen op"), auto_now=True)

    class Meta:
        verbose_name = _("kerncijfers buurt")
        verbose_name_plural = _("kerncijfers buurten")

    def __str__(self) -> str:
        return f"{self.buurt}: {self.inhabitants}"

    @property
    def age_groups(self) -> list[tuple[str, int | None]]:
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in ("age_0_15", "age_15_25", "age_25_45", "age_45_65", "age_65_plus")
        ]


# --- Student houses ----------------------------------------------------------------------------


def academic_year_of(day) -> int:
    """The academic year a day falls in, named by the year it starts: it starts in
    ``STUDENT_HOUSE_CONFIRM_MONTH`` (September unless configured), so 1 March 2027 is in 2026."""
    return day.year if day.month >= settings.STUDENT_HOUSE_CONFIRM_MONTH else day.year - 1


def academic_year_label(year: int) -> str:
    return f"{year}-{year + 1}"


class StudentHouseQuerySet(CityReadableQuerySet):
    """A house is a helper that any verbinder in the city may match (like an ontwikkelplaats);
    only the verbinders of its buurt's wijkteam change it and see its members by name."""

    wijkteam_path = "buurt__wijk__wijkteam"

    def matchable(self) -> StudentHouseQuerySet:
        return self.filter(active=True)


class StudentHouse(models.Model):
    """A student house acting as one helper, with members who change every year."""

    name = models.CharField(_("naam"), max_length=200)
    buurt = models.ForeignKey(
        Buurt, on_delete=models.PROTECT, related_name="student_houses", verbose_name=_("buurt")
    )
    address = models.CharField(_("adres"), max_length=200, blank=True)
    talents = models.ManyToManyField(
        Talent,
        blank=True,
        related_name="student_houses",
        verbose_name=_("wat het huis samen aanbiedt"),
    )
    #: Per semester when the house can help: ``[{"semester": "najaar 2026", "when": "ma/wo
    #: avond"}]`` (forms.parse_availability reads and checks the lines a verbinder types).
    availability = models.JSONField(_("beschikbaarheid per semester"), default=list, blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=200)
    contact_email = models.EmailField(_("e-mail contactpersoon"))
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=20, blank=True)
    note = models.TextField(_("notitie"), max_length=2000, blank=True)
    active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    # Optimistic locking (buurtinbloei/conflicts.py): an edit opened on an older version is
    # refused with the conflict page, never saved over someone else's change.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    objects = StudentHouseQuerySet.as_manager()

    class Meta:
        verbose_name = _("studentenhuis")
        verbose_name_plural = _("studentenhuizen")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["buurt", "active"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:house-detail", kwargs={"pk": self.pk})

    @property
    def wijkteam_id(self) -> int:
        return self.buurt.wijk.wijkteam_id

    @property
    def availability_lines(self) -> list[str]:
        return [f"{row['semester']}: {row['when']}" for row in self.availability or []]


class HouseMemberQuerySet(NetworkQuerySet):
    """Members are personal data: the own wijkteams only (coördinatoren see counts)."""

    wijkteam_path = "house__buurt__wijk__wijkteam"

    def current(self) -> HouseMemberQuerySet:
        return self.filter(active=True)


class HouseMember(models.Model):
    house = models.ForeignKey(
        StudentHouse, on_delete=models.CASCADE, related_name="members", verbose_name=_("huis")
    )
    first_name = models.CharField(_("voornaam"), max_length=100)
    study = models.CharField(_("studie"), max_length=200, blank=True)
    member_until = models.DateField(_("woont er tot"), null=True, blank=True)
    #: The academic year (its first calendar year) the house's contact last confirmed them for.
    confirmed_year = models.PositiveSmallIntegerField(_("bevestigd voor studiejaar"), null=True)
    active = models.BooleanField(_("actief"), default=True)
    inactive_since = models.DateField(_("niet meer actief sinds"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    objects = HouseMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("huisgenoot")
        verbose_name_plural = _("huisgenoten")
        ordering = ["-active", "first_name", "pk"]
        indexes = [
            models.Index(fields=["house", "active"]),
            # apply_retention's question: who has been inactive since before the cutoff.
            models.Index(
                fields=["inactive_since"],
                name="housemember_inactive_since",
                condition=Q(active=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(active=True) | Q(inactive_since__isnull=False),
                name="housemember_inactive_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} ({self.study})" if self.study else self.first_name


def new_confirmation_key() -> str:
    return secrets.token_urlsafe(24)


class HouseConfirmation(models.Model):
    """The yearly question to a house's contact: who lives here now? One per house and academic
    year (the unique constraint makes the command's mail go once, however often it runs)."""

    house = models.ForeignKey(
        StudentHouse,
        on_delete=models.CASCADE,
        related_name="confirmations",
        verbose_name=_("huis"),
    )
    academic_year = models.PositiveSmallIntegerField(_("studiejaar"))
    key = models.CharField(max_length=40, unique=True, default=new_confirmation_key, editable=False)
    asked_at = models.DateTimeField(_("gevraagd op"))
    sent_to = models.EmailField(_("gestuurd naar"))
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    #: When the month passed without an answer and the unconfirmed members were made inactive.
    expired_at = models.DateTimeField(_("verlopen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("ledenbevestiging")
        verbose_name_plural = _("ledenbevestigingen")
        ordering = ["-academic_year", "house__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["house", "academic_year"], name="house_confirmation_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.house}: {academic_year_label(self.academic_year)}"

    @property
    def is_open(self) -> bool:
        return self.confirmed_at is None and self.expired_at is None
