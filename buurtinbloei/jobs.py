"""The one way to write a scheduled job: a management command that subclasses :class:`JobCommand`.

A job is run by a systemd timer or cron (README, "Scheduled jobs"). Every job

* takes a lock named after the job first, so a second run while the first still works exits
  at once with "already running" (exit status 0): on PostgreSQL a session-level advisory lock
  (``pg_try_advisory_lock``) on a connection of its own, which PostgreSQL releases by itself when
  the process dies; on SQLite an exclusive ``flock`` on a file under ``VAR_DIR/locks``, which
  the kernel releases when the process dies;
* logs its start, its end, how long it took and a summary of counts (never personal data);
* records each run as a :class:`~buurtinbloei.models.JobRun`, which beheerders see in the admin;
* sends the e-mails it queues itself, after each commit, instead of in a background thread
  (a command ends when it is done; see buurtinbloei/mail.py).

Write ``run(**options)`` returning a dict of counts; print what a person should read with
``self.stdout.write``. The jobs themselves are idempotent (each says how in its docstring), so
the lock only saves doubled work and doubled e-mail when two runs overlap.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import hashlib
import logging
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from . import mail
from .models import JobOutcome, JobRun

logger = logging.getLogger(__name__)

#: A job's runs are kept this long (send_pending_mail alone runs about 100,000 times a year).
KEEP_RUNS = datetime.timedelta(days=90)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_try_advisory_lock``: the same name, the same key."""
    digest = hashlib.sha256(f"buurtinbloei.job:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextlib.contextmanager
def _postgres_lock(name: str, alias: str) -> Iterator[bool]:
    # A connection of its own: Django's pooled connection may be handed back and reused while
    # the job runs, and a session lock must live exactly as long as this block.
    import psycopg

    from .backups import libpq_options

    params = connections[alias].settings_dict
    lock_conn = psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        autocommit=True,
        # sslmode, sslrootcert ... from DATABASE_URL, as for the app's own connections.
        **{**libpq_options(params), "application_name": f"buurtinbloei job {name}"[:63]},
    )
    try:
        key = lock_key(name)
        acquired = lock_conn.execute("SELECT pg_try_advisory_lock(%s)", [key]).fetchone()[0]
        try:
            yield bool(acquired)
        finally:
            if acquired:
                lock_conn.execute("SELECT pg_advisory_unlock(%s)", [key])
    finally:
        lock_conn.close()


@contextlib.contextmanager
def _file_lock(name: str) -> Iterator[bool]:
    directory = Path(settings.VAR_DIR) / "locks"
    directory.mkdir(parents=True, exist_ok=True)
    # flock locks belong to the open file, so a second open in the same process (a thread)
    # is refused too, like a second process.
    with open(directory / f"job-{name}.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def job_lock(name: str, alias: str = DEFAULT_DB_ALIAS) -> Iterator[bool]:
    """Yields True when this process now holds the job's lock, False when another run does."""
    if connections[alias].vendor == "postgresql":
        with _postgres_lock(name, alias) as acquired:
            yield acquired
    else:
        with _file_lock(name) as acquired:
            yield acquired


class JobCommand(BaseCommand):
    """Base class of every scheduled job command; ``job_name`` defaults to the command's name."""

    job_name: str = ""

    def get_job_name(self) -> str:
        return self.job_name or self.__module__.rsplit(".", 1)[-1]

    def run(self, **options) -> dict:
        raise NotImplementedError

    def handle(self, *args, **options) -> None:
        name = self.get_job_name()
        with job_lock(name) as acquired:
            if not acquired:
                logger.info("Job %s: already running, this run does nothing", name)
                JobRun.objects.create(
                    name=name,
                    started_at=timezone.now(),
                    finished_at=timezone.now(),
                    outcome=JobOutcome.SKIPPED,
                )
                self.stdout.write(f"{name}: already running; nothing done.")
                return
            self._run_locked(name, options)

    def _run_locked(self, name: str, options: dict) -> None:
        started = time.monotonic()
        run = JobRun.objects.create(name=name, started_at=timezone.now())
        logger.info("Job %s: started (run %s)", name, run.pk)
        outcome, summary = JobOutcome.FAILED, {}
        try:
            with mail.send_inline():
                summary = self.run(**options) or {}
            outcome = JobOutcome.OK
        except Exception as error:
            summary = {"error": type(error).__name__}
            logger.exception("Job %s: failed (run %s)", name, run.pk)
            raise
        finally:
            seconds = round(time.monotonic() - started, 3)
            JobRun.objects.filter(pk=run.pk).update(
                finished_at=timezone.now(),
                outcome=outcome,
                summary={**summary, "seconds": seconds},
            )
            JobRun.objects.filter(name=name, started_at__lt=timezone.now() - KEEP_RUNS).delete()
            logger.info(
                "Job %s: %s after %.1f s: %s",
                name,
                outcome,
                seconds,
                ", ".join(f"{key}={value}" for key, value in summary.items()) or "nothing to do",
            )
