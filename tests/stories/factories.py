from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from stories.models import ConsentChannel, Story, StoryPerson
from stories.services import about_fields
from tests.factories import StartedMatchFactory


class StoryFactory(DjangoModelFactory):
    """A story about a started match (pass ``about=`` for a kernteam or an activity)."""

    class Meta:
        model = Story
        exclude = ["about"]

    about = factory.SubFactory(StartedMatchFactory)
    title = factory.Sequence(lambda n: f"Verhaal {n}")
    happened_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    text = factory.Faker("paragraph", locale="nl_NL")
    quote = ""

    @factory.lazy_attribute
    def wijkteam_id(self):
        return about_fields(self.about)["wijkteam_id"]

    @factory.lazy_attribute
    def buurt(self):
        return about_fields(self.about)["buurt"]

    @factory.lazy_attribute
    def match(self):
        return about_fields(self.about).get("match")

    @factory.lazy_attribute
    def core_team(self):
        return about_fields(self.about).get("core_team")

    @factory.lazy_attribute
    def activity(self):
        return about_fields(self.about).get("activity")


class StoryPersonFactory(DjangoModelFactory):
    class Meta:
        model = StoryPerson

    story = factory.SubFactory(StoryFactory)
    name = factory.Faker("first_name", locale="nl_NL")
    quoted = True
    consent_on = factory.LazyFunction(timezone.localdate)
    channel = ConsentChannel.IN_PERSON
