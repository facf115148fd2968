"""A Kom tot Bloei training as a verbinder clicks through it in Chromium: plan it with its
sessions, add participants, mark attendance with one tap each, a participant finishes, the
talents found are recorded, and a next step is picked."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from buurtinbloei.models import Buurt
from networks.models import CoreTeamMember
from talents.models import Conversation, ConversationKind, ResidentTalent
from tests.factories import CoreTeamFactory, ResidentFactory, TalentFactory
from trainings.models import Training, TrainingParticipant

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWN_BUURT = "Jagershoef"


def test_a_training_from_planning_to_a_next_step(page: Page, live_server, personas):
    buurt = Buurt.objects.get(name=OWN_BUURT)
    fatima = ResidentFactory(first_name="Fatima", last_name="El Amrani", buurt=buurt)
    ResidentFactory(first_name="Henk", last_name="de Vries", buurt=buurt)
    TalentFactory(name="Koken")
    team = CoreTeamFactory(name="Kernteam Jagershoef", buurt=buurt)
    today = timezone.localdate()

    login(page, live_server, personas.verbinder)
    page.get_by_role("link", name="Trainingen").click()
    page.get_by_role("link", name="Nieuwe training").click()
    page.get_by_label("Naam van de training").fill("Kom tot Bloei najaar")
    page.get_by_label("Plaats").fill("Buurthuis De Boog")
    page.get_by_label("Of de naam van de trainer").fill("Anna Jansen")
    page.get_by_role("button", name="Training aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kom tot Bloei najaar")

    # Four sessions, one a week.
    for weeks in (4, 3, 2, 1):
        if not page.get_by_label("Datum").is_visible():
            page.get_by_text("Bijeenkomst toevoegen", exact=True).first.click()
        day = today - datetime.timedelta(weeks=weeks)
        page.get_by_label("Datum").fill(day.isoformat())
        page.get_by_label("Begintijd").fill("10:00")
        page.get_by_role("button", name="Bijeenkomst toevoegen").click()
        expect(page.get_by_text("De bijeenkomst is toegevoegd.")).to_be_visible()

    # Two participants, found by name.
    for name in ("Fatima", "Henk"):
        page.get_by_role("link", name="Deelnemer toevoegen").click()
        page.get_by_label("Zoek een inwoner").fill(name)
        page.get_by_role("button", name=re.compile(rf"^Toevoegen\W+{name}")).click()
        expect(page.get_by_text(f"{name} doet mee.")).to_be_visible()
        page.get_by_role("link", name=re.compile("^Terug naar Kom tot Bloei najaar")).click()

    # One tap per session: Fatima comes three times, Henk once.
    attendance = page.get_by_role("region", name="Deelnemers en aanwezigheid")
    present = attendance.get_by_role("button", name=re.compile(r"^aanwezig\W+Fatima"))
    for n in (1, 2, 3):
        attendance.get_by_role("button", name=re.compile(r"^afwezig\W+Fatima")).first.click()
        expect(present).to_have_count(n)  # the grid came back with the tap in it
    attendance.get_by_role("button", name=re.compile(r"^afwezig\W+Henk")).first.click()
    expect(attendance.get_by_role("button", name=re.compile(r"^aanwezig\W+Henk"))).to_have_count(1)
    fatima_row = page.get_by_role("row", name=re.compile("Fatima El Amrani"))
    expect(fatima_row).to_contain_text("3/4")
    expect(fatima_row).to_contain_text("afgerond")
    expect(page.get_by_role("row", name=re.compile("Henk de Vries"))).to_contain_text("1/4")
    expect(present).to_have_count(3)

    # Fatima finished: record her talents, then pick the kernteam of her buurt as next step.
    page.get_by_role("link", name="Fatima El Amrani").click()
    expect(page.get_by_text("afgerond", exact=True)).to_be_visible()
    page.get_by_text("Talenten vastleggen", exact=True).click()
    page.get_by_label("Koken").check()
    page.get_by_label("Wat zou de inwoner graag doen?").fill("Koken voor de buren.")
    page.get_by_role("button", name="Talenten opslaan").click()
    expect(page.get_by_text(re.compile("De talenten staan nu bij Fatima"))).to_be_visible()
    page.get_by_role(
        "button", name=re.compile(r"^Kies en voeg toe aan het kernteam\W+Kernteam Jagershoef")
    ).click()
    expect(page.get_by_text("De volgende stap is vastgelegd.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Gekozen:")).to_contain_text(
        "Kernteam Jagershoef"
    )

    training = Training.objects.get(name="Kom tot Bloei najaar")
    assert training.sessions.count() == 4
    participant = TrainingParticipant.objects.with_progress().get(resident=fatima)
    assert (participant.attended, participant.completed) == (3, True)
    assert participant.next_step_core_team == team
    assert CoreTeamMember.objects.filter(core_team=team, resident=fatima, active=True).exists()
    conversation = Conversation.objects.get(resident=fatima)
    assert conversation.kind == ConversationKind.KOM_TOT_BLOEI
    assert ResidentTalent.objects.filter(resident=fatima, talent__name="Koken", offered=True)
