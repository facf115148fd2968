"""Factories for the Kom tot Bloei trainings."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from buurtinbloei.models import Wijkteam
from tests.factories import ResidentFactory
from trainings.models import Attendance, Training, TrainingParticipant, TrainingSession


class TrainingFactory(DjangoModelFactory):
    class Meta:
        model = Training

    name = factory.Sequence(lambda n: f"Kom tot Bloei {n}")
    wijkteam = factory.LazyFunction(lambda: Wijkteam.objects.order_by("pk").first())
    trainer_name = factory.Faker("name", locale="nl_NL")
    place = "Buurthuis De Boog"


class TrainingSessionFactory(DjangoModelFactory):
    class Meta:
        model = TrainingSession

    training = factory.SubFactory(TrainingFactory)
    date = factory.Sequence(lambda n: timezone.localdate() - datetime.timedelta(days=30 - n % 30))
    starts_at = datetime.time(10, 0)


class TrainingParticipantFactory(DjangoModelFactory):
    """A participant living in a buurt of the training's wijkteam."""

    class Meta:
        model = TrainingParticipant

    training = factory.SubFactory(TrainingFactory)
    resident = factory.SubFactory(
        ResidentFactory,
        buurt=factory.LazyAttribute(
            lambda o: (
                o.factory_parent.training.wijkteam.wijken.order_by("pk")
                .first()
                .buurten.order_by("pk")
                .first()
            )
        ),
    )


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    participant = factory.SubFactory(TrainingParticipantFactory)
    session = factory.SubFactory(
        TrainingSessionFactory, training=factory.SelfAttribute("..participant.training")
    )
