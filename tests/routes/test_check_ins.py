"""Check-ins at weeks 2, 6 and 12 (per route): on the dashboard panel of the wijkteam, logged
by a verbinder, and a check-in not logged within the grace days is an alert: on the panel of
the verbinder and their wijkteam colleagues, and mailed once by ``send_route_alerts``."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from buurtinbloei.models import AuditEvent
from routes import services
from routes.models import PathwayCheckIn
from tests.conftest import client_for
from tests.factories import UserFactory

from .support import make_route

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 3, 2)


@pytest.fixture
def clock(monkeypatch):
    """Move "today" for the routes app (services._today is its one clock)."""

    def set_today(day: datetime.date) -> None:
        monkeypatch.setattr(services, "_today", lambda: day)

    return set_today


def test_a_route_gets_check_ins_at_its_own_weeks(personas):
    route = make_route(personas, start=START, weeks="3, 1,10")
    due = list(PathwayCheckIn.objects.filter(route=route).values_list("week", "due_on"))
    assert due == [
        (1, START + datetime.timedelta(weeks=1)),
        (3, START + datetime.timedelta(weeks=3)),
        (10, START + datetime.timedelta(weeks=10)),
    ]


def test_the_default_weeks_come_from_the_setting(personas, settings):
    settings.ROUTE_CHECK_IN_WEEKS = [2, 6, 12]
    body = client_for(personas.verbinder).get(
        f"/inwoners/{make_route(personas).resident_id}/landingsroute/nieuw/"
    )
    assert 'value="2, 6, 12"' in body.content.decode()


def test_a_check_in_due_shows_on_the_panel_and_a_late_one_as_an_alert(personas, clock):
    route = make_route(personas, start=START)
    colleague = UserFactory(wijkteams=[personas.own_wijkteam])
    week2 = START + datetime.timedelta(weeks=2)

    clock(week2)  # due today: on the panel, no alert
    body = client_for(personas.verbinder).get("/panelen/landingsroutes/").content.decode()
    assert "Zwaantje" in body and "niet vastgelegd" not in body

    clock(week2 + datetime.timedelta(days=3))  # still within the three days
    body = client_for(personas.verbinder).get("/panelen/landingsroutes/").content.decode()
    assert "niet vastgelegd" not in body

    clock(week2 + datetime.timedelta(days=4))  # missed: an alert for the whole wijkteam
    for user in (personas.verbinder, colleague):
        body = client_for(user).get("/panelen/landingsroutes/").content.decode()
        assert "1 check-in niet vastgelegd" in body
        assert f"/landingsroutes/{route.pk}/" in body
    other = client_for(personas.other_verbinder).get("/panelen/landingsroutes/").content.decode()
    assert "Zwaantje" not in other and "niet vastgelegd" not in other


def test_the_missed_check_in_is_mailed_once_to_the_verbinder_and_the_wijkteam(personas):
    route = make_route(personas, start=START)
    colleague = UserFactory(wijkteams=[personas.own_wijkteam], email="collega@example.org")
    week2 = START + datetime.timedelta(weeks=2)

    call_command("send_route_alerts", today=week2 + datetime.timedelta(days=3))
    assert mail.outbox == []

    call_command("send_route_alerts", today=week2 + datetime.timedelta(days=4))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {personas.verbinder.email, colleague.email}
    assert personas.other_verbinder.email not in message.to
    assert f"/landingsroutes/{route.pk}/" in message.body
    # The mail names the route's number, never the resident.
    assert "Zwaantje" not in message.body + message.subject
    assert AuditEvent.objects.filter(action="route.alert", object_id=str(route.pk)).exists()

    call_command("send_route_alerts", today=week2 + datetime.timedelta(days=5))
    assert len(mail.outbox) == 1  # idempotent


def test_the_dashboard_loads_the_panel_for_verbinders_only(personas):
    assert "/panelen/landingsroutes/" in client_for(personas.verbinder).get("/").content.decode()
    for user in (personas.coordinator, personas.partner, personas.beheerder):
        assert "/panelen/landingsroutes/" not in client_for(user).get("/").content.decode()


def test_a_logged_check_in_raises_no_alert(personas, clock):
    route = make_route(personas, start=START)
    check_in = PathwayCheckIn.objects.get(route=route, week=2)
    clock(check_in.due_on)
    response = client_for(personas.verbinder).post(
        f"/landingsroutes/check-ins/{check_in.pk}/",
        {f"c{check_in.pk}-result": "going_well", f"c{check_in.pk}-note": "Gaat goed."},
    )
    assert response.status_code == 302
    check_in.refresh_from_db()
    assert check_in.done_at is not None and check_in.by == personas.verbinder
    assert services.send_alerts(today=check_in.due_on + datetime.timedelta(days=10)) == 0
    assert mail.outbox == []


def test_a_check_in_without_an_answer_is_refused_in_dutch(personas):
    route = make_route(personas, start=START)
    check_in = PathwayCheckIn.objects.get(route=route, week=2)
    client = client_for(personas.verbinder)
    response = client.post(f"/landingsroutes/check-ins/{check_in.pk}/", {}, follow=True)
    assert "Kies hoe het ging." in response.content.decode()
    check_in.refresh_from_db()
    assert check_in.done_at is None


def test_an_ended_route_raises_no_alerts(personas):
    route = make_route(personas, start=START)
    services.route_end(route=route, by=personas.verbinder)
    assert services.send_alerts(today=START + datetime.timedelta(weeks=20)) == 0


def test_a_failed_mail_is_kept_and_sent_by_the_outbox_later(personas, settings):
    """The alert goes through the outbox: a mail server that is down loses nothing, the next
    send_pending_mail sends it, and the alert job never queues it twice."""
    from buurtinbloei.models import OutgoingMail

    make_route(personas, start=START)
    settings.EMAIL_BACKEND = "tests.failing_mail.EmailBackend"
    day = START + datetime.timedelta(weeks=3)
    call_command("send_route_alerts", today=day)
    alert = OutgoingMail.objects.get(kind="route_alert")
    assert alert.sent_at is None and alert.attempts == 1
    call_command("send_route_alerts", today=day)
    assert OutgoingMail.objects.filter(kind="route_alert").count() == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingMail.objects.filter(pk=alert.pk).update(next_attempt_at=timezone.now())
    call_command("send_pending_mail")
    alert.refresh_from_db()
    assert alert.sent_at is not None
    assert len(mail.outbox) == 1 and "landingsroute" in mail.outbox[0].subject


def test_a_check_in_of_an_ended_route_cannot_be_logged(personas):
    route = make_route(personas, start=START)
    services.route_end(route=route, by=personas.verbinder)
    check_in = PathwayCheckIn.objects.get(route=route, week=2)
    response = client_for(personas.verbinder).post(
        f"/landingsroutes/check-ins/{check_in.pk}/",
        {f"c{check_in.pk}-result": "going_well"},
        follow=True,
    )
    assert "Deze landingsroute is afgesloten." in response.content.decode()
    check_in.refresh_from_db()
    assert check_in.done_at is None
