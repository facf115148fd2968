"""The mail outbox: queued with the change, sent after the commit off the request path, retried
by ``send_pending_mail`` with a growing pause until it gives up. Real SMTP servers on loopback
(tests/smtp_servers.py): one that works, one that accepts and never answers."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.core import mail as django_mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from buurtinbloei import mail
from buurtinbloei.models import MailStatus, OutgoingMail
from talents.models import SignUp
from tests.smtp_servers import CLOSED_PORT, FakeSMTPServer, HangingSMTPServer
from tests.talents.signup_support import form_data

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def smtp(settings):
    """Django talks SMTP to 127.0.0.1 (the port is set per test)."""
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return settings


def queue_one(to: str = "verbinder@example.org") -> OutgoingMail:
    with transaction.atomic():
        (pk,) = mail.queue([EmailMessage("Onderwerp", "Tekst", to=[to])], kind="test")
    return OutgoingMail.objects.get(pk=pk)


def make_due(row: OutgoingMail) -> None:
    OutgoingMail.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


@pytest.mark.django_db(transaction=True)
def test_a_hanging_mail_server_does_not_hold_up_a_sign_up_and_the_job_sends_it_later(
    personas, smtp
):
    smtp.MAIL_SEND_IN_THREAD = True
    smtp.EMAIL_TIMEOUT = 60  # longer than any test waits: only release() ends the attempt

    with HangingSMTPServer() as hanging:
        smtp.EMAIL_PORT = hanging.port
        response = Client().post("/aanmelden/", form_data())
        # The response came back while the mail server still holds the connection, silent: the
        # page did not wait for it. (Sent on the request path, the POST would have waited for
        # the server, and the attempt would be recorded by now.)
        assert response.status_code == 302
        assert hanging.accepted.wait(10), "the background sender never connected"
        row = OutgoingMail.objects.get()
        assert (row.status, row.attempts, row.sent_at) == (MailStatus.PENDING, 0, None)
        assert row.to == personas.verbinder.email
        assert SignUp.objects.count() == 1

        hanging.release()  # the server hangs up; the attempt fails and is recorded
        assert mail.wait_for_background_sends(10)

    row.refresh_from_db()
    assert row.status == MailStatus.PENDING
    assert row.attempts == 1
    assert row.last_error.startswith("SMTPServerDisconnected")
    assert row.next_attempt_at > timezone.now()

    with FakeSMTPServer() as server:
        smtp.EMAIL_PORT = server.port
        call_command("send_pending_mail")
        assert server.messages == []  # not due yet: the pause after a failure is respected

        make_due(row)
        call_command("send_pending_mail")
        call_command("send_pending_mail")  # again: nothing left to send

        assert len(server.messages) == 1
        assert server.messages[0]["To"] == personas.verbinder.email
    row.refresh_from_db()
    assert (row.status, row.attempts) == (MailStatus.SENT, 2)
    assert row.sent_at is not None


@pytest.mark.django_db
def test_the_smtp_connection_gives_up_after_email_timeout(smtp):
    smtp.EMAIL_TIMEOUT = 1
    row = queue_one()  # MAIL_SEND_AFTER_COMMIT is on, but the test's transaction never commits
    with HangingSMTPServer() as hanging:
        smtp.EMAIL_PORT = hanging.port
        counts = mail.send([row.pk])
        assert hanging.accepted.is_set()

    assert counts == {"sent": 0, "failed": 1, "gave_up": 0}
    row.refresh_from_db()
    assert "timed out" in row.last_error
    assert row.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.queue([EmailMessage("Onderwerp", "Tekst", to=["a@example.org"])], kind="test")
        raise RuntimeError("the change fails")

    assert not OutgoingMail.objects.exists()
    assert django_mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_sends_its_mail_after_the_commit_and_only_then():
    with transaction.atomic():
        mail.queue([EmailMessage("Onderwerp", "Tekst", to=["a@example.org"])], kind="test")
        assert django_mail.outbox == []

    assert [m.to for m in django_mail.outbox] == [["a@example.org"]]
    assert OutgoingMail.objects.get().status == MailStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_with_sending_after_commit_off_only_the_job_sends(settings):
    settings.MAIL_SEND_AFTER_COMMIT = False
    row = queue_one()
    assert django_mail.outbox == []

    call_command("send_pending_mail")
    call_command("send_pending_mail")

    assert len(django_mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == MailStatus.SENT


@pytest.mark.django_db
def test_a_failing_server_is_retried_with_a_growing_pause_then_given_up(smtp, caplog):
    smtp.EMAIL_PORT = CLOSED_PORT
    smtp.MAIL_RETRY_SECONDS = 60
    smtp.MAIL_MAX_ATTEMPTS = 3
    row = queue_one(to="geheim@example.org")
    pauses = []

    with caplog.at_level(logging.WARNING, logger="buurtinbloei.mail"):
        for attempt in (1, 2, 3):
            before = timezone.now()
            call_command("send_pending_mail")
            call_command("send_pending_mail")  # not due again yet: no extra attempt
            row.refresh_from_db()
            assert row.attempts == attempt
            assert "ConnectionRefusedError" in row.last_error
            pauses.append(round((row.next_attempt_at - before).total_seconds() / 60))
            make_due(row)

    assert pauses[:2] == [1, 2]  # 60 s, then doubled
    assert row.status == MailStatus.FAILED
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "gave up after 3 attempts" in errors[0].getMessage()
    assert "geheim@example.org" not in caplog.text

    call_command("send_pending_mail")  # a failed mail is not tried again by itself
    row.refresh_from_db()
    assert row.attempts == 3


def test_the_pause_doubles_up_to_six_hours(settings):
    settings.MAIL_RETRY_SECONDS = 300
    assert [mail.backoff(n).total_seconds() for n in (1, 2, 3)] == [300, 600, 1200]
    assert mail.backoff(20) == datetime.timedelta(hours=6)


@pytest.mark.django_db
def test_a_row_being_sent_elsewhere_is_not_sent_again():
    row = queue_one()
    assert mail._claim(row.pk, timezone.now()) is not None  # the after-commit sender has it

    assert mail.send([row.pk]) == {"sent": 0, "failed": 0, "gave_up": 0}
    assert django_mail.outbox == []


@pytest.mark.django_db
def test_sent_mail_is_deleted_after_a_few_days_and_failed_mail_later(settings):
    settings.MAIL_KEEP_SENT_DAYS, settings.MAIL_KEEP_FAILED_DAYS = 3, 30
    now = timezone.now()
    old_sent, new_sent, old_failed, pending = (queue_one() for _ in range(4))
    OutgoingMail.objects.filter(pk=old_sent.pk).update(
        status=MailStatus.SENT, sent_at=now - datetime.timedelta(days=4)
    )
    OutgoingMail.objects.filter(pk=new_sent.pk).update(
        status=MailStatus.SENT, sent_at=now - datetime.timedelta(days=2)
    )
    OutgoingMail.objects.filter(pk=old_failed.pk).update(
        status=MailStatus.FAILED, created_at=now - datetime.timedelta(days=31)
    )

    assert mail.delete_old(now) == 2
    assert set(OutgoingMail.objects.values_list("pk", flat=True)) == {new_sent.pk, pending.pk}


@pytest.mark.django_db
def test_a_beheerder_can_retry_a_failed_mail_from_the_admin(personas):
    from tests.conftest import client_for

    row = queue_one()
    OutgoingMail.objects.filter(pk=row.pk).update(status=MailStatus.FAILED, attempts=8)

    response = client_for(personas.beheerder).post(
        "/beheer/buurtinbloei/outgoingmail/",
        {"action": "retry", "_selected_action": [row.pk], "index": 0},
        follow=True,
    )

    assert response.status_code == 200
    row.refresh_from_db()
    assert (row.status, row.attempts) == (MailStatus.PENDING, 0)
