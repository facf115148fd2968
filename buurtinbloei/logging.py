"""Logging without query strings: a search for a phone number ends up in the URL (the back
button needs it there), so the app's own logs and error e-mails leave every query string out."""

from __future__ import annotations

import copy
import datetime
import json
import logging
import re
import time
from contextvars import ContextVar

from django.http import HttpRequest, QueryDict

#: Paths that end in a secret: the signed links mailed to a contact person (a check-in, a
#: student house's confirmation) work without login, so whoever reads a log must not be able
#: to use them. The token is replaced by "…" in the request log, in Django's own warnings
#: (``Gone: /check-in/…/``) and in gunicorn's access log (gunicorn.conf.py).
SECRET_PATH = re.compile(r"^(/check-in/|/studentenhuis/bevestigen/|/landingsroute/)[^/?\s]+")


def redact_path(path: str) -> str:
    """``/check-in/<token>/`` becomes ``/check-in/…/``; other paths stay as they are. Every URL
    pattern with a ``token`` parameter must be covered (tests/core/test_request_log.py)."""
    return SECRET_PATH.sub("\\1…", path)


class NoQueryStrings(logging.Filter):
    """Strip the query string from what a log record says about its request.

    Django's request log names the path only, but the error e-mail to ``ADMINS`` lists the GET
    parameters and the full URL, and the development server logs the whole request line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest) and request.META.get("QUERY_STRING"):
            record.request = _without_query(request)
        if record.name == "django.server" and isinstance(record.args, tuple) and record.args:
            line = record.args[0]
            if isinstance(line, str) and "?" in line:
                record.args = (_strip_query(line), *record.args[1:])
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                redact_path(arg) if isinstance(arg, str) and arg.startswith("/") else arg
                for arg in record.args
            )
        return True


def _without_query(request: HttpRequest) -> HttpRequest:
    clone = copy.copy(request)
    clone.GET = QueryDict()
    clone.META = {k: v for k, v in request.META.items() if k != "QUERY_STRING"}
    return clone


def _strip_query(request_line: str) -> str:
    """``GET /inwoners/?q=06 HTTP/1.1`` becomes ``GET /inwoners/ HTTP/1.1``."""
    parts = request_line.split(" ")
    return " ".join(part.split("?", 1)[0] if i == 1 else part for i, part in enumerate(parts))


# --- Request ids and structured lines -------------------------------------------------------

#: The id of the request being served (buurtinbloei.middleware.request_log sets it), "-" outside
#: one (management commands, start-up).
request_id: ContextVar[str] = ContextVar("request_id", default="-")

#: Attributes every LogRecord has; anything else on a record was passed as ``extra``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
#: Extras never written out: the request object (it holds everything) and our own id.
_NOT_WRITTEN = {"request", "request_id", "server_time", "status_code"}


class RequestId(logging.Filter):
    """Put the current request's id on every record, for the formatters and the error mail."""

    def filter(self, record: logging.LogRecord) -> bool:
        current = request_id.get()
        if current == "-":
            # Django logs an error response after the last middleware has returned: the id
            # is still on its request.
            current = getattr(getattr(record, "request", None), "request_id", current)
        record.request_id = current
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id and the extras."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", request_id.get()),
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in _NOT_WRITTEN and not key.startswith("_"):
                line[key] = value if isinstance(value, int | float | bool | None) else str(value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """For people reading a terminal (DEBUG): ``12:00:01 INFO [a1b2c3] logger: message``."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return super().format(record)


# --- No flood of error mails while the database is away -------------------------------------


class OneOutageMailPer(logging.Filter):
    """Let through one "database unavailable" (or other 503) error mail per ``minutes`` (per
    worker process).

    During an outage every request fails the same way; one mail tells beheer, a hundred bury
    it. Other errors pass untouched, and the console log keeps a line for every request
    (this filter sits on the mail handler only). ``minutes=0``: no outage mails at all.
    """

    def __init__(self, minutes: int = 15) -> None:
        super().__init__()
        self.seconds = minutes * 60
        self.last_sent: float | None = None
        self.held_back = 0

    def filter(self, record: logging.LogRecord) -> bool:
        from .outage import is_database_unavailable

        exc = record.exc_info[1] if record.exc_info else None
        # Django logs every 503 response, /healthz's answer to each probe too.
        unavailable = getattr(record, "status_code", None) == 503
        if not unavailable and (exc is None or not is_database_unavailable(exc)):
            return True
        now = time.monotonic()
        if self.seconds and (self.last_sent is None or now - self.last_sent >= self.seconds):
            if self.held_back:
                record.msg = f"{record.msg} ({self.held_back} more since the last mail)"
            self.last_sent, self.held_back = now, 0
            return True
        self.held_back += 1
        return False
