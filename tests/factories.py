from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from buurtinbloei.models import Role, User

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
