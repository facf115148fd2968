from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from buurtinbloei.models import Buurt, Role, User
from buurtinbloei.privacy import PRIVACY_STATEMENT_VERSION
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
