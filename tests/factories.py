from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from buurtinbloei.models import Buurt, Role, User
from buurtinbloei.privacy import PRIVACY_STATEMENT_VERSION
from matches.models import CheckIn, Match, MatchKind, MatchStatus, Request, RequestSource
from networks.models import (
    Activity,
    ActivityStatus,
    CoreTeam,
    CoreTeamMember,
    HouseMember,
    Ontwikkelplaats,
    OntwikkelplaatsKind,
    Organisation,
    OrganisationKind,
    Partner,
    PartnerContact,
    PartnerRoleKind,
    StudentHouse,
    Theme,
)
from talents.models import Conversation, ConversationKind, Resident, ResidentTalent, SignUp, Talent

factory.Faker._DEFAULT_LOCALE = "nl_NL"

PASSWORD = "een-lang-testwachtwoord"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"medewerker{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.VERBINDER
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def wijkteams(self, create, extracted, **kwargs):
        if create and extracted:
            self.wijkteams.set(extracted)


# --- talents (shared by the staff side and the public sign-up) ------------------------------


class TalentFactory(DjangoModelFactory):
    class Meta:
        model = Talent
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Talent {n}")
    approved = True


class ResidentFactory(DjangoModelFactory):
    class Meta:
        model = Resident

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    phone = factory.Sequence(lambda n: f"+3161{n:07d}")
    buurt = factory.LazyFunction(lambda: Buurt.objects.order_by("pk").first())
    responsible_verbinder = None
    # Without a buurt, the wijkteam of the responsible verbinder (as the services decide).
    fallback_wijkteam = factory.LazyAttribute(
        lambda o: (
            None
            if o.buurt is not None or o.responsible_verbinder is None
            else o.responsible_verbinder.wijkteams.order_by("name").first()
        )
    )


class SignUpFactory(DjangoModelFactory):
    """A sign-up as the public form stores it; ``buurt=None`` puts it in the shared inbox."""

    class Meta:
        model = SignUp
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name")
    phone = factory.Sequence(lambda n: f"+3162{n:07d}")
    buurt = factory.LazyFunction(lambda: Buurt.objects.order_by("pk").first())
    wants_to_give = True
    consent_version = PRIVACY_STATEMENT_VERSION
    consent_given_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def talents(self, create, extracted, **kwargs):
        if create and extracted:
            self.talents.set(extracted)


class ResidentTalentFactory(DjangoModelFactory):
    class Meta:
        model = ResidentTalent

    resident = factory.SubFactory(ResidentFactory)
    talent = factory.SubFactory(TalentFactory)
    offered = True


class ConversationFactory(DjangoModelFactory):
    class Meta:
        model = Conversation
        skip_postgeneration_save = True

    resident = factory.SubFactory(ResidentFactory)
    date = factory.LazyFunction(timezone.localdate)
    kind = ConversationKind.TALENT
    summary = factory.Faker("sentence", nb_words=8)

    @factory.post_generation
    def talents(self, create, extracted, **kwargs):
        if create and extracted:
            self.talents.set(extracted)


# --- networks (organisations, ontwikkelplaatsen, kernteams) -----------------------------------


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Buurtvereniging {n}")
    kind = OrganisationKind.ASSOCIATION
    buurt = factory.LazyFunction(lambda: Buurt.objects.order_by("pk").first())
    contact_name = factory.Faker("name")
    contact_phone = factory.Sequence(lambda n: f"+3140{n:07d}")
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.org")


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    organisation = factory.SubFactory(OrganisationFactory)
    wijk = factory.LazyAttribute(lambda o: o.organisation.buurt.wijk)
    role = PartnerRoleKind.WIJKAGENT


class PartnerContactFactory(DjangoModelFactory):
    class Meta:
        model = PartnerContact

    partner = factory.SubFactory(PartnerFactory)
    date = factory.LazyFunction(timezone.localdate)
    summary = "Kennismaking bij de koffie"


class OntwikkelplaatsFactory(DjangoModelFactory):
    class Meta:
        model = Ontwikkelplaats
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Gastvrouw buurtkamer {n}")
    kind = OntwikkelplaatsKind.VOLUNTEERING
    description = "Koffie schenken en mensen welkom heten."
    places = 3
    buurt = factory.LazyAttribute(lambda o: o.organisation.buurt)

    @factory.post_generation
    def talents(self, create, extracted, **kwargs):
        if create and extracted:
            self.talents.set(extracted)


class CoreTeamFactory(DjangoModelFactory):
    class Meta:
        model = CoreTeam

    name = factory.Sequence(lambda n: f"Kernteam {n}")
    buurt = factory.LazyFunction(lambda: Buurt.objects.order_by("pk").first())
    stage_since = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    intensity_since = factory.LazyAttribute(lambda o: o.stage_since)


class CoreTeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = CoreTeamMember

    core_team = factory.SubFactory(CoreTeamFactory)
    resident = factory.SubFactory(ResidentFactory, buurt=factory.SelfAttribute("..core_team.buurt"))
    joined_on = factory.LazyFunction(timezone.localdate)


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    core_team = factory.SubFactory(CoreTeamFactory)
    title = factory.Sequence(lambda n: f"Buurtbarbecue {n}")
    theme = Theme.MEETING
    starts_on = factory.LazyFunction(timezone.localdate)
    status = ActivityStatus.DONE
    participants = 25

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


class StudentHouseFactory(DjangoModelFactory):
    """An active student house that offers nothing yet (pass ``talents=[...]``)."""

    class Meta:
        model = StudentHouse
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Studentenhuis De Kroeg {n}")
    buurt = factory.LazyFunction(lambda: Buurt.objects.order_by("pk").first())
    address = factory.Faker("street_address")
    contact_name = factory.Faker("first_name")
    contact_email = factory.Sequence(lambda n: f"huis{n}@example.org")
    availability = factory.LazyFunction(lambda: [{"semester": "najaar 2026", "when": "ma avond"}])

    @factory.post_generation
    def talents(self, create, extracted, **kwargs):
        if create and extracted:
            self.talents.set(extracted)


class HouseMemberFactory(DjangoModelFactory):
    class Meta:
        model = HouseMember

    house = factory.SubFactory(StudentHouseFactory)
    first_name = factory.Faker("first_name")
    study = "Technische Natuurkunde"
    member_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=300))


class RequestFactory(DjangoModelFactory):
    """A resident's open request; for a place's, pass ``ontwikkelplaats=`` and ``resident=None``."""

    class Meta:
        model = Request

    resident = factory.SubFactory(ResidentFactory)
    ontwikkelplaats = None
    talent = factory.LazyFunction(lambda: Talent.objects.order_by("pk").first())
    description = "Iemand die af en toe samen boodschappen doet."
    buurt = factory.LazyAttribute(lambda o: (o.resident or o.ontwikkelplaats).buurt)
    wijkteam_id = factory.LazyAttribute(lambda o: (o.resident or o.ontwikkelplaats).wijkteam_id)
    source = RequestSource.VERBINDER


class MatchFactory(DjangoModelFactory):
    """A proposed match between two residents; pass ``kind=`` and the sides for the others."""

    class Meta:
        model = Match

    kind = MatchKind.RESIDENTS
    resident_a = factory.SubFactory(ResidentFactory)
    resident_b = factory.SubFactory(ResidentFactory)
    place_a = None
    place_b = None
    talent = factory.LazyFunction(lambda: Talent.objects.order_by("pk").first())
    verbinder = factory.SubFactory(UserFactory)
    wijkteam_id = factory.LazyAttribute(lambda o: (o.resident_a or o.place_a).wijkteam_id)
    wijkteam_b_id = factory.LazyAttribute(
        lambda o: (
            None
            if (o.resident_b or o.place_b).wijkteam_id == o.wijkteam_id
            else (o.resident_b or o.place_b).wijkteam_id
        )
    )
    status = MatchStatus.PROPOSED
    proposed_on = factory.LazyFunction(datetime.date.today)


class StartedMatchFactory(MatchFactory):
    """A match both sides agreed to, started two weeks ago (lifecycle tests, the panel)."""

    status = MatchStatus.STARTED
    proposed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    both_agreed_at = factory.LazyFunction(timezone.now)
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=14))
    follow_up_on = None


class CheckInFactory(DjangoModelFactory):
    """A check-in due today on a started match."""

    class Meta:
        model = CheckIn

    match = factory.SubFactory(StartedMatchFactory)
    due_on = factory.LazyFunction(timezone.localdate)
