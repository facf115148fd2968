"""The trainings on the KPI page (counts only), in a resident's access export and erasure, and
in the demo data."""

from __future__ import annotations

import datetime
import io
import random

import pytest
from django.utils import timezone
from faker import Faker

from buurtinbloei.registry import erase_resident, export_resident
from tests.conftest import client_for
from tests.networks.support import own_buurt
from trainings.models import Attendance, Training, TrainingParticipant

from .factories import TrainingFactory, TrainingParticipantFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def kpi_numbers(client, query: str) -> dict[str, str]:
    """The trainings' numbers as the KPI page shows them (by the ids of their cells)."""
    import re

    html = client.get(f"/kpi/?{query}").content.decode()
    found = {}
    for key in ("count", "participants", "completed", "next-steps"):
        match = re.search(rf'id="kpi-trainings-{key}">(\d+)', html)
        assert match, f"kpi-trainings-{key} is not on the page"
        found[key] = int(match[1])
    return found


@pytest.fixture
def year_training(personas):
    """A training of the own wijkteam whose first session was on 3 March 2025: four sessions,
    one participant who came three times (finished), one who came once."""
    training = TrainingFactory(wijkteam=personas.own_wijkteam, name="Kom tot Bloei maart")
    sessions = [
        TrainingSessionFactory(training=training, date=datetime.date(2025, 3, 3 + 7 * n))
        for n in range(4)
    ]
    keen = TrainingParticipantFactory(training=training, resident__buurt=own_buurt())
    once = TrainingParticipantFactory(training=training, resident__buurt=own_buurt())
    Attendance.objects.bulk_create(Attendance(participant=keen, session=s) for s in sessions[:3])
    Attendance.objects.create(participant=once, session=sessions[0])
    return {"training": training, "sessions": sessions, "keen": keen, "once": once}


def test_the_kpi_page_counts_participants_and_completion(personas, year_training):
    client = client_for(personas.coordinator)
    team = personas.own_wijkteam.pk
    numbers = kpi_numbers(client, f"period=jaar&year=2025&wijkteam={team}")
    assert numbers == {"count": 1, "participants": 2, "completed": 1, "next-steps": 0}
    # The other wijkteam and another year count none of it.
    other = personas.other_wijkteam.pk
    assert kpi_numbers(client, f"period=jaar&year=2025&wijkteam={other}")["participants"] == 0
    assert kpi_numbers(client, "period=jaar&year=2024&wijkteam=alle")["participants"] == 0


def test_the_kpi_count_changes_as_soon_as_attendance_changes(personas, year_training):
    client = client_for(personas.verbinder)
    query = f"period=jaar&year=2025&wijkteam={personas.own_wijkteam.pk}"
    assert kpi_numbers(client, query)["completed"] == 1
    # The kept (cached) figures do not hold the trainings: a second session attended shows now.
    once, sessions = year_training["once"], year_training["sessions"]
    Attendance.objects.bulk_create(Attendance(participant=once, session=s) for s in sessions[1:3])
    assert kpi_numbers(client, query)["completed"] == 2
    # And the htmx refresh of the figures carries them too.
    response = client.get(f"/kpi/?{query}", HTTP_HX_REQUEST="true")
    assert 'id="kpi-trainings-completed">2' in response.content.decode()


def test_the_kpi_page_names_nobody(personas, year_training):
    html = client_for(personas.coordinator).get("/kpi/?period=jaar&year=2025").content.decode()
    resident = year_training["keen"].resident
    assert "kpi-trainings-participants" in html
    assert resident.last_name not in html


def test_the_access_export_and_erasure_cover_the_trainings(personas, year_training):
    keen = year_training["keen"]
    TrainingParticipant.objects.filter(pk=keen.pk).update(
        next_step_kind="other", next_step_note="Gaat koken met Henk de buurman."
    )
    data = export_resident(keen.resident, by=personas.verbinder)["trainings"]["trainings"]
    assert data[0]["training"] == "Kom tot Bloei maart"
    assert data[0]["sessions_attended"] == ["2025-03-03", "2025-03-10", "2025-03-17"]
    assert (data[0]["sessions_total"], data[0]["completed"]) == (4, True)
    assert data[0]["next_step_note"] == "Gaat koken met Henk de buurman."
    erase_resident(keen.resident, by=personas.verbinder)
    keen.refresh_from_db()
    assert keen.next_step_note == ""
    # The counts survive the erasure.
    assert TrainingParticipant.objects.with_progress().get(pk=keen.pk).completed is True


def test_a_recent_training_keeps_a_resident_from_retention(year_training):
    from buurtinbloei.registry import activity_conditions
    from talents.models import Resident

    cutoff = timezone.make_aware(datetime.datetime(2025, 3, 1))
    conditions = activity_conditions(cutoff)
    resident = year_training["once"].resident
    active = Resident.objects.filter(pk=resident.pk)
    kept = active.annotate(**{f"c{i}": c for i, c in enumerate(conditions)})
    row = kept.values(*[f"c{i}" for i in range(len(conditions))]).get()
    assert any(row.values())


def test_the_demo_data_has_trainings_with_finished_participants(personas):
    from talents.demo import seed as seed_talents
    from trainings.demo import seed

    out = io.StringIO()
    rng, fake = random.Random(3), Faker("nl_NL")
    seed_talents(rng=rng, fake=fake, stdout=out)
    seed(rng=rng, fake=fake, stdout=out)
    assert Training.objects.count() >= 3
    progress = list(TrainingParticipant.objects.with_progress())
    assert any(p.completed for p in progress)
    assert any(not p.completed for p in progress)
    assert all(p.resident.wijkteam_id == p.training.wijkteam_id for p in progress)
    # Run again: nothing is added.
    before = Training.objects.count()
    seed(rng=rng, fake=fake, stdout=out)
    assert Training.objects.count() == before
