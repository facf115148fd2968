"""Demo data for the Kom tot Bloei trainings: two past trainings per wijkteam over the last two
years (with attendance, so some participants finished and some have a next step) and one
that is still running. Idempotent: nothing is added when trainings exist already."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone
from faker import Faker

from buurtinbloei.models import Wijkteam
from buurtinbloei.permissions import Perm, users_with
from talents.models import Resident, ResidentStatus, resident_scope

from .models import Attendance, NextStepKind, Training, TrainingParticipant, TrainingSession

PLACES = [
    "Buurthuis De Boog",
    "Wijkcentrum 't Hofke",
    "Bibliotheek Woensel",
    "Huiskamer van de wijk",
]
STEPS = [
    "Gaat meehelpen bij de buurtmoestuin.",
    "Wil het taalcafé mee organiseren.",
    "Sluit aan bij de kookgroep in het buurthuis.",
]
SESSIONS = 4


def seed(*, rng: random.Random, fake: Faker, stdout, scale: str = "demo") -> None:
    if Training.objects.exists():
        stdout.write("Trainings exist already; no trainings demo data added.")
        return
    today = timezone.localdate()
    verbinders = users_with(Perm.CHANGE_RESIDENTS).filter(is_active=True)
    made = participants = finished = 0
    for team in Wijkteam.objects.order_by("name"):
        trainer = verbinders.filter(wijkteams=team).order_by("pk").first()
        pool = list(
            Resident.objects.filter(resident_scope([team.pk]))
            .exclude(status__in=[ResidentStatus.RESTING, ResidentStatus.ANONYMISED])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if len(pool) < 10:
            continue
        # Two finished trainings in the last two years, one running now.
        for start in (
            today - datetime.timedelta(days=rng.randint(400, 650)),
            today - datetime.timedelta(days=rng.randint(60, 300)),
            today - datetime.timedelta(days=14),
        ):
            by_staff = trainer if trainer is not None and rng.random() < 0.6 else None
            training = Training.objects.create(
                name=f"Kom tot Bloei {team.name} {start:%m-%Y}",
                wijkteam=team,
                trainer=by_staff,
                trainer_name="" if by_staff else fake.name(),
                place=rng.choice(PLACES),
                description="Vier bijeenkomsten over wat je kunt en wat je graag doet.",
                created_by=trainer,
            )
            sessions = TrainingSession.objects.bulk_create(
                TrainingSession(
                    training=training,
                    date=start + datetime.timedelta(weeks=week),
                    starts_at=datetime.time(10, 0),
                )
                for week in range(SESSIONS)
            )
            chosen = rng.sample(pool, k=min(len(pool), rng.randint(12, 18)))
            rows = TrainingParticipant.objects.bulk_create(
                TrainingParticipant(training=training, resident_id=pk) for pk in chosen
            )
            held = [s for s in sessions if s.date <= today]
            Attendance.objects.bulk_create(
                Attendance(participant=p, session=s)
                for p in rows
                for s in held
                if rng.random() < 0.8
            )
            made += 1
            participants += len(rows)
    # Some who finished already have their next step written down.
    done = [p for p in TrainingParticipant.objects.with_progress() if p.completed]
    for participant in done:
        if rng.random() < 0.4:
            participant.next_step_kind = NextStepKind.OTHER
            participant.next_step_note = rng.choice(STEPS)
            participant.next_step_on = today
            participant.save(update_fields=["next_step_kind", "next_step_note", "next_step_on"])
    finished = len(done)
    stdout.write(
        f"Trainings: {made} Kom tot Bloei trainings, {participants} participants, "
        f"{finished} finished."
    )
