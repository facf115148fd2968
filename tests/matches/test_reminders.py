"""The daily reminder about a verbinder's own matches due a follow-up or a check-in."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from matches.models import MatchReminder, MatchStatus, Outcome
from talents.models import VerbinderSettings
from tests.conftest import client_for
from tests.factories import CheckInFactory, MatchFactory, ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def run() -> str:
    out = io.StringIO()
    call_command("send_match_reminders", stdout=out)
    return out.getvalue()


def resident(personas, first_name: str):
    return ResidentFactory(first_name=first_name, fallback_wijkteam_id=personas.own_wijkteam.pk)


@pytest.fixture
def due(personas):
    """Two follow-ups and one check-in due for the verbinder; work for others and later."""
    yesterday = TODAY() - datetime.timedelta(days=1)
    a, b = resident(personas, "Annelies"), resident(personas, "Bouchra")
    follow_ups = [
        MatchFactory(verbinder=personas.verbinder, follow_up_on=yesterday, resident_a=a),
        MatchFactory(verbinder=personas.verbinder, follow_up_on=TODAY(), resident_b=b),
    ]
    check_in = CheckInFactory(match__verbinder=personas.verbinder)
    # Not due: a follow-up next week, a check-in done, a follow-up on an ended match.
    MatchFactory(verbinder=personas.verbinder, follow_up_on=TODAY() + datetime.timedelta(days=7))
    CheckInFactory(match__verbinder=personas.verbinder, done_at=timezone.now())
    MatchFactory(
        verbinder=personas.verbinder,
        follow_up_on=yesterday,
        status=MatchStatus.ENDED,
        ended_on=yesterday,
        outcome=Outcome.STOPPED,
    )
    # A colleague's match is the colleague's reminder.
    colleague = UserFactory(wijkteams=[personas.own_wijkteam])
    MatchFactory(verbinder=colleague, follow_up_on=yesterday)
    return {"follow_ups": follow_ups, "check_in": check_in, "colleague": colleague}


def test_a_verbinder_gets_counts_and_links_to_own_due_matches(personas, due):
    run()

    mine = [m for m in mail.outbox if m.to == [personas.verbinder.email]]
    assert len(mine) == 1
    body = mine[0].body
    assert "3" in mine[0].subject
    assert "2 voorgestelde matches van jou wachten op een opvolging" in body
    assert "1 check-in op een lopende match van jou is aan de beurt" in body
    for match in [*due["follow_ups"], due["check_in"].match]:
        assert f"http://testserver/matches/{match.pk}/" in body
    assert body.count("http://testserver/matches/") == 3
    assert "Annelies" not in body and "Bouchra" not in body


def test_running_twice_on_one_day_sends_once(personas, due):
    run()
    output = run()

    assert len([m for m in mail.outbox if m.to == [personas.verbinder.email]]) == 1
    assert "Sent 0 reminder(s); 2 verbinder(s) already reminded today" in output
    assert MatchReminder.objects.filter(user=personas.verbinder, day=TODAY()).count() == 1


def test_the_next_day_reminds_again(personas, due):
    MatchReminder.objects.create(user=personas.verbinder, day=TODAY() - datetime.timedelta(days=1))

    run()

    assert any(m.to == [personas.verbinder.email] for m in mail.outbox)


def test_a_verbinder_who_turned_reminders_off_gets_none(personas, due):
    VerbinderSettings.objects.create(user=personas.verbinder, match_reminders=False)

    run()

    assert [m.to for m in mail.outbox] == [[due["colleague"].email]]


def test_nobody_is_mailed_when_nothing_is_due(personas):
    MatchFactory(verbinder=personas.verbinder, follow_up_on=TODAY() + datetime.timedelta(days=1))

    assert "Sent 0 reminder(s)" in run()
    assert mail.outbox == []


def test_a_verbinder_turns_reminders_off_on_the_settings_page(personas):
    client = client_for(personas.verbinder)

    assert 'name="match_reminders"' in client.get("/instellingen/meldingen/").content.decode()
    client.post("/instellingen/meldingen/", {"signup_notifications": "each"})

    assert VerbinderSettings.objects.get(user=personas.verbinder).match_reminders is False
