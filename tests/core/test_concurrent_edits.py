"""Two verbinders at the same moment, each with their own database connection (threads, real
transactions): one wins, the other is told, nothing is overwritten or done twice. Meant for
PostgreSQL (row locks, READ COMMITTED); the same tests run on SQLite, which serialises writers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import timezone

from buurtinbloei.models import AuditEvent
from matches.models import CheckIn, Match, MatchEvent, MatchStatus
from talents.models import Resident, SignUp, SignUpStatus
from talents.services import resident_update
from tests.factories import MatchFactory, ResidentFactory, SignUpFactory, UserFactory
from tests.networks.support import own_buurt

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*calls: Callable[[], object]) -> list:
    """Run the calls in threads that start together; their results, in order."""
    start = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i: int, call) -> None:
        try:
            start.wait()
            results[i] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_verbinders(personas):
    return (
        UserFactory(wijkteams=[personas.own_wijkteam], first_name="Fatima", last_name="Bakker"),
        UserFactory(wijkteams=[personas.own_wijkteam], first_name="Joost", last_name="Maas"),
    )


def resident_data(resident, **changes) -> dict:
    return {
        "first_name": resident.first_name,
        "buurt": resident.buurt_id,
        "status": resident.status,
        "responsible_verbinder": "",
        "version": resident.version,
        **changes,
    }


def test_two_saves_of_the_same_resident_at_once_one_is_saved_one_gets_the_conflict(
    personas, two_verbinders
):
    resident = ResidentFactory(buurt=own_buurt(), languages="")
    url = f"/inwoners/{resident.pk}/bewerken/"
    clients = [logged_in(user) for user in two_verbinders]
    answers = at_once(
        lambda: clients[0].post(url, resident_data(resident, languages="Arabisch")),
        lambda: clients[1].post(url, resident_data(resident, languages="Pools")),
    )
    assert sorted(a.status_code for a in answers) == [302, 409]
    loser = next(a for a in answers if a.status_code == 409).content.decode()
    resident.refresh_from_db()
    assert resident.version == 2
    assert resident.languages in loser  # the conflict page shows what the winner saved
    assert AuditEvent.objects.filter(action="resident.update").count() == 1


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks: PostgreSQL")
def test_the_second_save_waits_for_the_first_and_then_finds_it_changed(personas, two_verbinders):
    """Deterministic interleaving: the first holds the row (its UPDATE done, not committed);
    the second's UPDATE waits for that lock; the first commits; the second finds version 2."""
    resident = ResidentFactory(buurt=own_buurt())
    first, second = two_verbinders
    holding, release = threading.Event(), threading.Event()

    def first_save() -> None:
        try:
            with transaction.atomic():
                resident_update(
                    resident=Resident.objects.get(pk=resident.pk),
                    data={"languages": "Turks"},
                    expected_version=1,
                    by=first,
                )
                holding.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    answer: list = []

    def second_save() -> None:
        try:
            url = f"/inwoners/{resident.pk}/bewerken/"
            answer.append(logged_in(second).post(url, resident_data(resident, languages="Pools")))
        finally:
            connections.close_all()

    a = threading.Thread(target=first_save)
    a.start()
    assert holding.wait(timeout=30)
    b = threading.Thread(target=second_save)
    b.start()
    _wait_until_someone_waits_for_a_lock()
    release.set()
    a.join()
    b.join()
    assert answer[0].status_code == 409
    resident.refresh_from_db()
    assert (resident.languages, resident.version) == ("Turks", 2)


def _wait_until_someone_waits_for_a_lock() -> None:
    """Poll pg_locks (no sleeping on a guess) until another backend waits for a lock."""
    for _ in range(100_000):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
    raise AssertionError("the second save never waited for the first")


def test_two_starts_of_the_same_match_at_once_start_it_once(personas, two_verbinders):
    match = MatchFactory(
        resident_a=ResidentFactory(buurt=own_buurt()),
        resident_b=ResidentFactory(buurt=own_buurt()),
        verbinder=personas.verbinder,
        both_agreed_at=timezone.now(),
    )
    data = {"date": timezone.localdate().isoformat(), "version": match.version}
    clients = [logged_in(user) for user in two_verbinders]
    url = f"/matches/{match.pk}/start/"
    answers = at_once(*(lambda c=c: c.post(url, data) for c in clients))
    assert sorted(a.status_code for a in answers) == [302, 409]
    loser = next(a for a in answers if a.status_code == 409).content.decode()
    event = MatchEvent.objects.get(match=match)  # exactly one
    assert event.status == MatchStatus.STARTED
    assert str(event.by) in loser  # told who started it
    assert CheckIn.objects.filter(match=match).count() == 2
    assert Match.objects.get(pk=match.pk).version == 2


def test_two_verbinders_taking_the_same_sign_up_one_gets_it_the_other_is_told_who(
    personas, two_verbinders
):
    signup = SignUpFactory(buurt=own_buurt())
    clients = [logged_in(user) for user in two_verbinders]
    url = f"/aanmeldingen/{signup.pk}/oppakken/"
    answers = at_once(*(lambda c=c: c.post(url, follow=True) for c in clients))
    pages = [a.content.decode() for a in answers]
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.TAKEN
    winner = signup.taken_by
    assert winner in two_verbinders
    told = [p for p in pages if f"{winner} heeft deze aanmelding al opgepakt" in p]
    took = [p for p in pages if "Je hebt deze aanmelding opgepakt" in p]
    assert (len(told), len(took)) == (1, 1)
    assert AuditEvent.objects.filter(action="signup.take").count() == 1
    assert SignUp.objects.filter(taken_by__isnull=False).count() == 1
