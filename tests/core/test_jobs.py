"""Scheduled jobs (buurtinbloei/jobs.py): one run at a time, each logged and recorded.

Runs on SQLite (a file lock) and on PostgreSQL (an advisory lock) alike: the CI runs this file
against both databases.
"""

from __future__ import annotations

import io
import logging
import threading
from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.core.mail import EmailMessage
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from buurtinbloei import mail
from buurtinbloei.jobs import job_lock, lock_key
from buurtinbloei.models import JobOutcome, JobRun, MailStatus, OutgoingMail

pytestmark = pytest.mark.django_db


class HeldLock:
    """Another run of the job, holding its lock in a thread until the test lets go."""

    def __init__(self, name: str):
        self.name = name
        self.held = threading.Event()
        self.done = threading.Event()
        self.acquired: bool | None = None

    def _hold(self) -> None:
        with job_lock(self.name) as acquired:
            self.acquired = acquired
            self.held.set()
            self.done.wait(30)

    def __enter__(self) -> HeldLock:
        self.thread = threading.Thread(target=self._hold, daemon=True)
        self.thread.start()
        assert self.held.wait(10)
        assert self.acquired
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join(10)


def queue_one() -> OutgoingMail:
    with transaction.atomic():
        (pk,) = mail.queue([EmailMessage("Onderwerp", "Tekst", to=["v@example.org"])], kind="t")
    return OutgoingMail.objects.get(pk=pk)


def run(name: str, *args) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def test_a_second_run_while_the_first_holds_the_lock_does_nothing_and_says_so(caplog):
    row = queue_one()

    with HeldLock("send_pending_mail"), caplog.at_level(logging.INFO, logger="buurtinbloei.jobs"):
        output = run("send_pending_mail")

    assert "already running" in output
    assert "already running" in caplog.text
    row.refresh_from_db()
    assert row.status == MailStatus.PENDING
    assert django_mail.outbox == []
    skipped = JobRun.objects.get()
    assert (skipped.name, skipped.outcome) == ("send_pending_mail", JobOutcome.SKIPPED)

    # The lock is released when the other run ends: the next run does the work.
    assert "Sent 1 e-mail(s)" in run("send_pending_mail")
    assert len(django_mail.outbox) == 1


def test_the_lock_is_per_job():
    with HeldLock("send_signup_digest"):
        assert "already running" not in run("send_pending_mail")


def test_the_lock_is_released_after_a_failed_run(settings):
    settings.SITE_URL = ""
    with pytest.raises(CommandError):
        call_command("send_signup_digest")

    with job_lock("send_signup_digest") as acquired:
        assert acquired


def test_each_run_is_recorded_with_a_summary_of_counts(caplog):
    queue_one()
    queue_one()

    with caplog.at_level(logging.INFO, logger="buurtinbloei.jobs"):
        run("send_pending_mail")

    job = JobRun.objects.get()
    assert job.outcome == JobOutcome.OK
    assert job.finished_at >= job.started_at
    assert job.summary["sent"] == 2
    assert job.summary["gave_up"] == 0
    assert "seconds" in job.summary
    messages = [r.getMessage() for r in caplog.records]
    assert any("send_pending_mail: started" in m for m in messages)
    assert any("send_pending_mail: ok after" in m and "sent=2" in m for m in messages)
    assert "v@example.org" not in caplog.text


def test_a_failed_run_is_recorded_as_failed(settings):
    settings.SITE_URL = ""

    with pytest.raises(CommandError):
        call_command("send_signup_digest")

    job = JobRun.objects.get()
    assert (job.outcome, job.summary["error"]) == (JobOutcome.FAILED, "CommandError")


def test_the_retention_job_keeps_its_dry_run_and_is_recorded():
    output = run("apply_retention", "--dry-run")

    assert "Dry run: 0 resident(s)" in output
    assert JobRun.objects.get().summary["dry_run"] == 1


def test_the_lock_key_is_stable_and_differs_per_job():
    assert lock_key("backup") == lock_key("backup")
    assert lock_key("backup") != lock_key("send_pending_mail")
    assert -(2**63) <= lock_key("backup") < 2**63


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL advisory locks")
def test_on_postgresql_the_lock_is_an_advisory_lock_seen_by_the_server():
    key = lock_key("send_match_reminders") & 0xFFFFFFFFFFFFFFFF
    query = (
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
        " AND classid::bigint = %s AND objid::bigint = %s"
    )
    with HeldLock("send_match_reminders"), connection.cursor() as cursor:
        cursor.execute(query, [key >> 32, key & 0xFFFFFFFF])
        assert cursor.fetchone()[0] == 1
    with connection.cursor() as cursor:
        cursor.execute(query, [key >> 32, key & 0xFFFFFFFF])
        assert cursor.fetchone()[0] == 0  # released


def test_runs_older_than_ninety_days_are_deleted_by_the_next_run():
    from django.utils import timezone

    old = JobRun.objects.create(
        name="send_pending_mail", started_at=timezone.now() - timedelta(days=91)
    )
    other_job = JobRun.objects.create(name="backup", started_at=timezone.now() - timedelta(days=91))

    run("send_pending_mail")

    assert not JobRun.objects.filter(pk=old.pk).exists()
    assert JobRun.objects.filter(pk=other_job.pk).exists()  # its own job prunes it


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the advisory lock is PostgreSQL's")
def test_the_lock_connection_keeps_the_tls_settings_of_database_url(monkeypatch):
    """sslmode=verify-full in DATABASE_URL holds for the job's own lock connection too."""
    import psycopg

    from buurtinbloei import jobs

    seen = {}
    real_connect = psycopg.connect

    def connect(**kwargs):
        seen.update(kwargs)
        return real_connect(**{**kwargs, "sslmode": "disable"})

    monkeypatch.setattr(psycopg, "connect", connect)
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "sslmode", "verify-full")
    with jobs.job_lock("tls-test") as acquired:
        assert acquired
    assert seen["sslmode"] == "verify-full"
    assert seen["application_name"] == "buurtinbloei job tls-test"
