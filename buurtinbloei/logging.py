"""Logging without query strings: a search for a phone number ends up in the URL (the back
button needs it there), so the app's own logs and error e-mails leave every query string out."""

from __future__ import annotations

import copy
import logging

from django.http import HttpRequest, QueryDict


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
