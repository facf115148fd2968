"""The mail outbox: notification e-mails are never lost and never hold up a page.

:func:`queue` writes each message as an :class:`~buurtinbloei.models.OutgoingMail` row in the
transaction of the change it tells about: a change that is rolled back sends nothing, a change
that commits has its e-mail on disk. After the commit a background thread sends it
(``MAIL_SEND_IN_THREAD``), so a mail server that hangs delays nobody's response; the SMTP
connection gives up after ``EMAIL_TIMEOUT`` seconds. Each attempt is recorded on the row; a
failed one is tried again by ``manage.py send_pending_mail`` after a growing pause
(``MAIL_RETRY_SECONDS`` doubled per attempt, at most six hours) until ``MAIL_MAX_ATTEMPTS``,
when the row is marked failed, shown in the admin and logged as an error.

Sending claims a row first (a conditional UPDATE that moves ``next_attempt_at`` forward), so
the after-commit thread and the job never send the same row at the same time. A process that
dies between the SMTP server's "OK" and marking the row sent sends that one again later: at
least once, never silently zero times.

Scheduled jobs send their own mail after each commit, in their own thread (``send_inline``):
a command ends when it is done and would not wait for a background thread.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import logging
import threading
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connections, transaction
from django.utils import timezone

from .models import MailStatus, OutgoingMail

logger = logging.getLogger(__name__)

#: The longest pause between two attempts.
MAX_BACKOFF = datetime.timedelta(hours=6)

#: Inside ``send_inline``: the ids queued so far in this context.
_inline: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "mail_send_inline", default=None
)
_threads: list[threading.Thread] = []
_threads_lock = threading.Lock()


@contextlib.contextmanager
def send_inline() -> Iterator[None]:
    """Within this block, mail queued by a commit is sent in the committing thread; at its end
    whatever it queued and is still due is sent (queued inside a transaction that was still
    open when the hook would have run, as in a test; normally nothing is left)."""
    queued: list[int] = []
    token = _inline.set(queued)
    try:
        yield
    finally:
        _inline.reset(token)
    if queued and settings.MAIL_SEND_AFTER_COMMIT:
        _send_safely(queued)


def queue(messages: Iterable[EmailMessage], *, kind: str) -> list[int]:
    """Store the messages to be sent once the current transaction commits; their ids."""
    rows = OutgoingMail.objects.bulk_create(
        [
            OutgoingMail(
                kind=kind,
                to=", ".join(message.to),
                subject=message.subject[:255],
                body=message.body,
            )
            for message in messages
        ]
    )
    ids = [row.pk for row in rows]
    inline = _inline.get()
    if inline is not None:
        inline.extend(ids)
    if ids:
        transaction.on_commit(_after_commit(ids))
    return ids


def _after_commit(ids: list[int]):
    # A named function, not a lambda: Django logs a failing on_commit hook by its name.
    def send_queued_mail() -> None:
        if not settings.MAIL_SEND_AFTER_COMMIT:
            return  # the job sends it
        if _inline.get() is not None or not settings.MAIL_SEND_IN_THREAD:
            _send_safely(ids)
            return
        thread = threading.Thread(
            target=_send_in_thread, args=(ids,), name="buurtinbloei-mail", daemon=True
        )
        with _threads_lock:
            _threads[:] = [t for t in _threads if t.is_alive()]
            _threads.append(thread)
        thread.start()

    return send_queued_mail


def _send_safely(ids: list[int]) -> None:
    try:
        send(ids)
    except Exception:  # the rows stay pending; the job tries again
        logger.exception("Sending %d queued e-mail(s) failed; the job will retry", len(ids))


def _send_in_thread(ids: list[int]) -> None:
    try:
        _send_safely(ids)
    finally:
        connections.close_all()  # this thread's own database connections


def wait_for_background_sends(timeout: float = 30) -> bool:
    """Wait for the after-commit threads of this process (tests, shutdown); True when done."""
    with _threads_lock:
        threads = list(_threads)
    for thread in threads:
        thread.join(timeout)
    return not any(thread.is_alive() for thread in threads)


def _short(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".replace("\n", " ")
    return text[:200]


def backoff(attempts: int) -> datetime.timedelta:
    """The pause after the ``attempts``-th failed attempt: doubling, at most six hours."""
    seconds = settings.MAIL_RETRY_SECONDS * 2 ** max(0, attempts - 1)
    return min(datetime.timedelta(seconds=seconds), MAX_BACKOFF)


def _claim(pk: int, now: datetime.datetime) -> OutgoingMail | None:
    """The row, if it is due and this caller is the one to send it now."""
    lease = now + datetime.timedelta(seconds=2 * settings.EMAIL_TIMEOUT + 60)
    claimed = OutgoingMail.objects.filter(
        pk=pk, status=MailStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=lease)
    if not claimed:
        return None
    return OutgoingMail.objects.get(pk=pk)


def _record_failure(row: OutgoingMail, error: str, now: datetime.datetime) -> bool:
    """Count a failed attempt; True when this was the last one and the row gave up."""
    attempts = row.attempts + 1
    gave_up = attempts >= settings.MAIL_MAX_ATTEMPTS
    OutgoingMail.objects.filter(pk=row.pk).update(
        attempts=attempts,
        last_error=error,
        status=MailStatus.FAILED if gave_up else MailStatus.PENDING,
        next_attempt_at=now + backoff(attempts),
    )
    if gave_up:
        # The kind and id only: the address is a person's.
        logger.error(
            "E-mail %s #%s gave up after %d attempts: %s", row.kind, row.pk, attempts, error
        )
    else:
        logger.warning("E-mail %s #%s attempt %d failed: %s", row.kind, row.pk, attempts, error)
    return gave_up


def send(ids: Iterable[int], *, now: datetime.datetime | None = None) -> dict[str, int]:
    """Try each due row once, over one connection; counts of sent, failed and given up."""
    counts = {"sent": 0, "failed": 0, "gave_up": 0}
    connection = get_connection(fail_silently=False)
    opened = False
    down: str | None = None  # the server could not be reached: every row fails this round
    try:
        for pk in ids:
            now_ = now or timezone.now()
            row = _claim(pk, now_)
            if row is None:
                continue
            error = down
            if error is None:
                try:
                    if not opened:
                        connection.open()
                        opened = True
                except Exception as exc:
                    error = down = _short(exc)
            if error is None:
                try:
                    message = EmailMessage(
                        row.subject, row.body, to=[a.strip() for a in row.to.split(",")]
                    )
                    if connection.send_messages([message]):
                        OutgoingMail.objects.filter(pk=row.pk).update(
                            status=MailStatus.SENT,
                            attempts=row.attempts + 1,
                            sent_at=timezone.now(),
                            last_error="",
                        )
                        counts["sent"] += 1
                        continue
                    error = "not accepted by the mail server"
                except Exception as exc:
                    error = _short(exc)
                    # The connection may be broken now: the next row opens a fresh one.
                    with contextlib.suppress(Exception):
                        connection.close()
                    opened = False
            counts["failed"] += 1
            if _record_failure(row, error, now_):
                counts["gave_up"] += 1
    finally:
        if opened:
            with contextlib.suppress(Exception):
                connection.close()
    return counts


def due_ids(now: datetime.datetime | None = None, limit: int = 500) -> list[int]:
    return list(
        OutgoingMail.objects.filter(
            status=MailStatus.PENDING, next_attempt_at__lte=now or timezone.now()
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def delete_old(now: datetime.datetime | None = None) -> int:
    """Sent rows after ``MAIL_KEEP_SENT_DAYS``, failed ones after ``MAIL_KEEP_FAILED_DAYS``."""
    now = now or timezone.now()
    sent = OutgoingMail.objects.filter(
        status=MailStatus.SENT,
        sent_at__lt=now - datetime.timedelta(days=settings.MAIL_KEEP_SENT_DAYS),
    )
    failed = OutgoingMail.objects.filter(
        status=MailStatus.FAILED,
        created_at__lt=now - datetime.timedelta(days=settings.MAIL_KEEP_FAILED_DAYS),
    )
    return sent.delete()[0] + failed.delete()[0]
