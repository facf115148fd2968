"""Kom tot Bloei trainings through the test client: plan one, fill it, mark attendance, finish."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from buurtinbloei.models import AuditEvent
from talents.models import Conversation, ConversationKind, ResidentTalent
from tests.conftest import client_for
from tests.factories import ResidentFactory, TalentFactory
from tests.networks.support import other_buurt, own_buurt
from tests.queries import assert_queries_flat
from trainings.models import Attendance, Training, TrainingParticipant, TrainingSession

from .factories import TrainingFactory, TrainingParticipantFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def four_sessions(training: Training) -> list[TrainingSession]:
    today = timezone.localdate()
    return [
        TrainingSessionFactory(training=training, date=today - datetime.timedelta(weeks=4 - n))
        for n in range(4)
    ]


def attend(participant: TrainingParticipant, sessions) -> None:
    Attendance.objects.bulk_create(Attendance(participant=participant, session=s) for s in sessions)


@pytest.fixture
def training(personas) -> Training:
    return TrainingFactory(wijkteam=personas.own_wijkteam, name="Kom tot Bloei voorjaar")


# --- planning a training ----------------------------------------------------------------------


def test_a_verbinder_creates_a_training_of_the_own_wijkteam(personas):
    client = client_for(personas.verbinder)
    response = client.post(
        "/trainingen/nieuw/",
        {
            "name": "Kom tot Bloei najaar",
            "wijkteam": personas.own_wijkteam.pk,
            "place": "Buurthuis De Boog",
            "trainer": personas.verbinder.pk,
            "token": str(uuid.uuid4()),
        },
    )
    training = Training.objects.get(name="Kom tot Bloei najaar")
    assert response.status_code == 302
    assert response["Location"] == f"/trainingen/{training.pk}/"
    assert training.trainer == personas.verbinder
    assert training.created_by == personas.verbinder
    assert AuditEvent.objects.filter(action="training.create", object_id=str(training.pk)).exists()


def test_a_training_needs_a_trainer_and_keeps_what_was_typed(personas):
    client = client_for(personas.verbinder)
    response = client.post(
        "/trainingen/nieuw/",
        {"name": "Kom tot Bloei zonder trainer", "wijkteam": personas.own_wijkteam.pk},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kies een medewerker als trainer, of vul de naam van de trainer in." in html
    assert 'value="Kom tot Bloei zonder trainer"' in html
    assert not Training.objects.exists()


def test_a_verbinder_cannot_create_a_training_for_another_wijkteam(personas):
    client = client_for(personas.verbinder)
    response = client.post(
        "/trainingen/nieuw/",
        {"name": "Elders", "wijkteam": personas.other_wijkteam.pk, "trainer_name": "Anna"},
    )
    assert response.status_code == 200
    assert "Kies er een uit de lijst." in response.content.decode()
    assert not Training.objects.exists()


def test_a_session_is_added_with_a_clear_message_on_a_bad_date(personas, training):
    client = client_for(personas.verbinder)
    url = f"/trainingen/{training.pk}/bijeenkomsten/nieuw/"
    response = client.post(url, {"date": "31-02-2026", "starts_at": "19:30"})
    assert response.status_code == 200
    assert "Schrijf de datum zo: 31-12-2026." in response.content.decode()
    response = client.post(
        url, {"date": "2026-03-02", "starts_at": "19:30", "token": str(uuid.uuid4())}
    )
    assert response.status_code == 302
    session = training.sessions.get()
    assert (session.date, session.starts_at) == (datetime.date(2026, 3, 2), datetime.time(19, 30))


# --- participants -----------------------------------------------------------------------------


def test_the_search_finds_residents_of_the_training_wijkteam_only(personas, training):
    ResidentFactory(first_name="Fatima", last_name="El Amrani", buurt=own_buurt())
    ResidentFactory(first_name="Fatima", last_name="Stratumse", buurt=other_buurt())
    client = client_for(personas.verbinder)
    response = client.get(f"/trainingen/{training.pk}/deelnemers/nieuw/?q=Fatima", **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert "El Amrani" in html
    assert "Stratumse" not in html


def test_a_participant_is_added_once(personas, training):
    fatima = ResidentFactory(first_name="Fatima", buurt=own_buurt())
    client = client_for(personas.verbinder)
    url = f"/trainingen/{training.pk}/deelnemers/nieuw/?q=Fatima"
    response = client.post(url, {"resident": fatima.pk}, follow=True)
    assert "Fatima doet mee." in response.content.decode()
    assert TrainingParticipant.objects.filter(training=training, resident=fatima).count() == 1
    # Asked again (a second tap): she is no longer among the candidates, nothing is added.
    response = client.post(url, {"resident": fatima.pk}, follow=True)
    assert "Deze inwoner kan niet (meer) meedoen" in response.content.decode()
    assert TrainingParticipant.objects.filter(training=training).count() == 1


def test_a_resident_of_another_wijkteam_cannot_be_added(personas, training):
    elsewhere = ResidentFactory(buurt=other_buurt())
    client = client_for(personas.verbinder)
    client.post(f"/trainingen/{training.pk}/deelnemers/nieuw/", {"resident": elsewhere.pk})
    assert not TrainingParticipant.objects.exists()


# --- attendance and completion ----------------------------------------------------------------


def test_one_tap_marks_attendance_with_and_without_javascript(personas, training):
    session = TrainingSessionFactory(training=training)
    participant = TrainingParticipantFactory(training=training)
    client = client_for(personas.verbinder)
    url = f"/trainingen/{training.pk}/deelnemers/{participant.pk}/aanwezig/{session.pk}/"
    response = client.post(url, {"present": "1"})
    assert response.status_code == 302
    assert Attendance.objects.filter(participant=participant, session=session).exists()
    # A second tap with the same intent (the page had not refreshed yet) keeps it so.
    client.post(url, {"present": "1"})
    assert Attendance.objects.filter(participant=participant).count() == 1
    response = client.post(url, {"present": "0"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="attendance"' in html
    assert 'aria-pressed="false"' in html
    assert not Attendance.objects.filter(participant=participant).exists()


def test_completion_follows_the_share_of_sessions_attended(personas, training, settings):
    sessions = four_sessions(training)
    three = TrainingParticipantFactory(training=training)
    two = TrainingParticipantFactory(training=training)
    attend(three, sessions[:3])
    attend(two, sessions[:2])
    progress = {p.pk: p for p in TrainingParticipant.objects.with_progress()}
    assert (progress[three.pk].attended, progress[three.pk].session_count) == (3, 4)
    assert progress[three.pk].completed is True
    assert progress[two.pk].completed is False
    settings.TRAINING_COMPLETION_PERCENT = 50
    progress = {p.pk: p for p in TrainingParticipant.objects.with_progress()}
    assert progress[two.pk].completed is True


def test_nobody_has_finished_a_training_without_sessions(training):
    participant = TrainingParticipantFactory(training=training)
    assert TrainingParticipant.objects.with_progress().get(pk=participant.pk).completed is False


# --- talents found and the next step ----------------------------------------------------------


def test_talents_found_become_a_kom_tot_bloei_conversation(personas, training):
    participant = TrainingParticipantFactory(training=training)
    cooking = TalentFactory(name="Koken")
    stale = ResidentTalent.objects.create(
        resident=participant.resident,
        talent=TalentFactory(name="Fietsen"),
        confirmed_on="2020-01-01",
    )
    client = client_for(personas.verbinder)
    url = f"/trainingen/{training.pk}/deelnemers/{participant.pk}/talenten/"
    response = client.post(
        url,
        {
            "date": timezone.localdate().isoformat(),
            "talents": [cooking.pk],
            "new_talents": "Verhalen vertellen",
            "wishes": "Wil samen met anderen koken in het buurthuis.",
            "token": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get(resident=participant.resident)
    assert conversation.kind == ConversationKind.KOM_TOT_BLOEI
    assert conversation.verbinder == personas.verbinder
    assert {t.name for t in conversation.talents.all()} == {"Koken", "Verhalen vertellen"}
    offered = ResidentTalent.objects.filter(resident=participant.resident, offered=True)
    assert {link.talent.name for link in offered} == {"Koken", "Verhalen vertellen", "Fietsen"}
    stale.refresh_from_db()
    assert stale.confirmed_on == timezone.localdate()  # like any conversation


def test_recording_talents_needs_a_talent(personas, training):
    participant = TrainingParticipantFactory(training=training)
    client = client_for(personas.verbinder)
    url = f"/trainingen/{training.pk}/deelnemers/{participant.pk}/talenten/"
    response = client.post(url, {"date": timezone.localdate().isoformat(), "wishes": "Koken"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kies minstens één talent, of typ een nieuw talent." in html
    assert "Koken</textarea>" in html
    assert not Conversation.objects.exists()


def test_only_a_participant_who_finished_gets_a_next_step(personas, training):
    from tests.factories import CoreTeamFactory

    sessions = four_sessions(training)
    participant = TrainingParticipantFactory(training=training, resident__buurt=own_buurt())
    team = CoreTeamFactory(buurt=own_buurt(), name="Kernteam De Tuin")
    client = client_for(personas.verbinder)
    url = f"/trainingen/{training.pk}/deelnemers/{participant.pk}/"
    page = client.get(url).content.decode()
    assert "Kernteam De Tuin" not in page
    response = client.post(url + "volgende-stap/", {"kind": "core_team", "core_team": team.pk})
    assert "Deze deelnemer heeft de training nog niet afgerond." in response.content.decode()
    attend(participant, sessions[:3])
    page = client.get(url).content.decode()
    assert "Kernteam De Tuin" in page
    response = client.post(url + "volgende-stap/", {"kind": "core_team", "core_team": team.pk})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.next_step_kind == "core_team"
    assert participant.next_step_core_team == team
    assert team.members.filter(resident=participant.resident, active=True).exists()


def test_choosing_an_ontwikkelplaats_proposes_the_match(personas, training):
    from matches.models import Match, MatchKind
    from tests.factories import OntwikkelplaatsFactory, ResidentTalentFactory

    sessions = four_sessions(training)
    participant = TrainingParticipantFactory(training=training, resident__buurt=own_buurt())
    cooking = TalentFactory(name="Koken")
    ResidentTalentFactory(resident=participant.resident, talent=cooking)
    place = OntwikkelplaatsFactory(
        title="Kok in de buurtkamer", organisation__buurt=own_buurt(), talents=[cooking]
    )
    attend(participant, sessions)
    client = client_for(personas.verbinder)
    url = f"/trainingen/{training.pk}/deelnemers/{participant.pk}/"
    assert "Kok in de buurtkamer" in client.get(url).content.decode()
    response = client.post(
        url + "volgende-stap/", {"kind": "place", "place": place.pk, "talent": cooking.pk}
    )
    assert response.status_code == 302
    match = Match.objects.get()
    assert (match.kind, match.resident_a, match.place_b) == (
        MatchKind.RESIDENT_PLACE,
        participant.resident,
        place,
    )
    participant.refresh_from_db()
    assert participant.next_step_match == match
    assert "Naar de voorgestelde match" in client.get(url).content.decode()


def test_something_else_needs_words(personas, training):
    sessions = four_sessions(training)
    participant = TrainingParticipantFactory(training=training)
    attend(participant, sessions)
    client = client_for(personas.verbinder)
    url = f"/trainingen/{training.pk}/deelnemers/{participant.pk}/volgende-stap/"
    response = client.post(url, {"kind": "other"})
    assert "Schrijf op wat de volgende stap is." in response.content.decode()
    client.post(url, {"kind": "other", "note": "Helpt bij het taalcafé."})
    participant.refresh_from_db()
    assert (participant.next_step_kind, participant.next_step_note) == (
        "other",
        "Helpt bij het taalcafé.",
    )


# --- reads: audited, in scope, flat query counts ------------------------------------------------


def test_the_participant_list_is_audited_and_hidden_from_other_wijkteams(personas, training):
    participant = TrainingParticipantFactory(training=training)
    response = client_for(personas.verbinder).get(f"/trainingen/{training.pk}/")
    assert participant.resident.last_name in response.content.decode()
    assert AuditEvent.objects.filter(action="training.view", actor=personas.verbinder).exists()
    assert (
        client_for(personas.other_verbinder).get(f"/trainingen/{training.pk}/").status_code == 404
    )
    response = client_for(personas.other_verbinder).get("/trainingen/")
    assert "Kom tot Bloei voorjaar" not in response.content.decode()


def test_the_training_list_uses_a_flat_number_of_queries(personas):
    def add_rows(n):
        for _ in range(n):
            training = TrainingFactory(wijkteam=personas.own_wijkteam)
            TrainingSessionFactory(training=training)
            TrainingParticipantFactory(training=training)

    assert_queries_flat(client_for(personas.verbinder), "/trainingen/", add_rows, large=20)


def test_the_training_page_uses_a_flat_number_of_queries(personas, training):
    sessions = four_sessions(training)

    def add_rows(n):
        for _ in range(n):
            attend(TrainingParticipantFactory(training=training), sessions[:2])

    assert_queries_flat(client_for(personas.verbinder), f"/trainingen/{training.pk}/", add_rows)


def test_the_resident_page_section_lists_the_trainings(personas, training):
    sessions = four_sessions(training)
    participant = TrainingParticipantFactory(training=training)
    attend(participant, sessions[:3])
    url = f"/inwoners/{participant.resident_id}/trainingen/"
    html = client_for(personas.verbinder).get(url, **HTMX).content.decode()
    assert "Kom tot Bloei voorjaar" in html
    assert "3 van 4 bijeenkomsten" in html
    assert "afgerond" in html


def test_choosing_a_request_matches_the_participant_to_the_asker(personas, training):
    from matches.models import Match, MatchKind, RequestStatus
    from tests.factories import RequestFactory, ResidentTalentFactory

    sessions = four_sessions(training)
    participant = TrainingParticipantFactory(training=training, resident__buurt=own_buurt())
    cooking = TalentFactory(name="Koken")
    ResidentTalentFactory(resident=participant.resident, talent=cooking)
    asker = ResidentFactory(first_name="Karin", buurt=own_buurt())
    wanted = RequestFactory(resident=asker, talent=cooking)
    attend(participant, sessions[:3])
    client = client_for(personas.verbinder)
    url = f"/trainingen/{training.pk}/deelnemers/{participant.pk}/"
    assert "Hulpvraag: Koken (Karin" in client.get(url).content.decode()
    client.post(url + "volgende-stap/", {"kind": "request", "request": wanted.pk})
    match = Match.objects.get()
    assert (match.kind, match.resident_a, match.resident_b, match.request) == (
        MatchKind.RESIDENTS,
        asker,
        participant.resident,
        wanted,
    )
    wanted.refresh_from_db()
    assert wanted.status == RequestStatus.MATCHED


def test_a_participant_can_be_taken_off_the_list(personas, training):
    participant = TrainingParticipantFactory(training=training)
    client = client_for(personas.verbinder)
    url = f"/trainingen/{training.pk}/deelnemers/{participant.pk}/verwijderen/"
    assert client_for(personas.coordinator).post(url).status_code == 403
    response = client.post(url, follow=True)
    assert "doet niet meer mee aan deze training." in response.content.decode()
    assert not TrainingParticipant.objects.filter(pk=participant.pk).exists()
    assert AuditEvent.objects.filter(action="training.participant_remove").exists()


def test_someone_who_came_stays_on_the_list(personas, training):
    session = TrainingSessionFactory(training=training)
    participant = TrainingParticipantFactory(training=training)
    attend(participant, [session])
    url = f"/trainingen/{training.pk}/deelnemers/{participant.pk}/verwijderen/"
    response = client_for(personas.verbinder).post(url, follow=True)
    assert "was al bij een bijeenkomst en blijft op de lijst." in response.content.decode()
    assert TrainingParticipant.objects.filter(pk=participant.pk).exists()


def test_a_session_nobody_attended_can_be_removed(personas, training):
    wrong, held = (
        TrainingSessionFactory(training=training),
        TrainingSessionFactory(training=training),
    )
    attend(TrainingParticipantFactory(training=training), [held])
    client = client_for(personas.verbinder)
    page = client.get(f"/trainingen/{training.pk}/").content.decode()
    assert f"/bijeenkomsten/{wrong.pk}/verwijderen/" in page
    assert f"/bijeenkomsten/{held.pk}/verwijderen/" not in page
    response = client.post(
        f"/trainingen/{training.pk}/bijeenkomsten/{held.pk}/verwijderen/", follow=True
    )
    assert "al aanwezigheid vastgelegd" in response.content.decode()
    client.post(f"/trainingen/{training.pk}/bijeenkomsten/{wrong.pk}/verwijderen/")
    assert list(training.sessions.all()) == [held]
