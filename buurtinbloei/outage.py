"""When the database is away: a friendly 503 page on every page, and nothing typed is lost.

Django turns any exception, in a view or in a middleware (sessions, authentication), into the
response of ``handler500`` (:func:`server_error`). That handler looks at the exception being
handled: a database that cannot be reached (:func:`is_database_unavailable`) gets the 503 page
with ``Retry-After``; anything else the 500 page. Both show the request id ("Foutcode") that
the log line and the error mail carry, so a verbinder can quote it to beheer.

Neither page touches the database: they are rendered without the context processors (the
menu and the permissions read the database) and without ``{% csrf_token %}``. For a POST the
503 page shows what the person typed and a form that sends it again, hidden inputs carrying
the posted fields, including the CSRF token and the one-time token of the form, so a retry
after the outage stores the submission once (public_forms.store_once, once.submit_once).
Secrets (passwords, codes) are never written back into a page.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

from .logging import request_id
from .middleware import loaded_user_id
from .phone import format_phone

#: Seconds a client (or a proxy) is asked to wait before trying again.
RETRY_AFTER = 30

#: Fields that are sent along with a retry but not shown: the tokens a form needs, the honeypot.
CARRIED_NOT_SHOWN = frozenset({"csrfmiddlewaretoken", "token", "started", "website"})
#: What a ticked box sends; the person did not type it.
TICKED = frozenset({"", "on", "true", "false", "yes"})
#: Never written back into a page: passwords, one-time codes, keys, any other token.
SECRET_NAME = re.compile(
    r"pass|secret|totp|signature|(^|[_\-.])(otp|pin|code|key|token|auth|recovery)(\d*$|[_\-.])",
    re.IGNORECASE,
)


def _unavailable_types() -> tuple[type[BaseException], ...]:
    try:
        from psycopg_pool import PoolTimeout
    except ImportError:  # SQLite only: psycopg is not installed
        return (InterfaceError,)
    return (InterfaceError, PoolTimeout)


#: Always "cannot reach the database": a closed connection, no connection from the pool.
UNAVAILABLE = _unavailable_types()
#: PostgreSQL error classes that mean "not now": 08 connection exception, 57P operator
#: intervention (shutting down, starting up), 53300 too many connections. A cancelled query
#: (57014, a statement timeout) or a full disk is a fault, and gets the 500 page.
UNAVAILABLE_SQLSTATES = ("08", "57P", "53300")
#: SQLite's words for a database it cannot use right now.
UNAVAILABLE_SQLITE = ("database is locked", "unable to open database", "disk i/o error")


def is_database_unavailable(exc: BaseException | None) -> bool:
    """The database cannot be reached: refused, timed out, connection lost, pool empty.

    Django wraps the driver's errors in its own (the driver's is the cause); a pool timeout
    comes through as itself. An OperationalError that is a query's own fault (a cancelled
    statement, SQLite's "too many SQL variables") is not an outage: it stays a 500 with its
    traceback mailed. The chain of causes is followed for errors raised while handling one.
    """
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, UNAVAILABLE):
            return True
        if isinstance(exc, OperationalError):
            return exc.__cause__ is None or _driver_unavailable(exc.__cause__)
        if _is_psycopg_operational(exc):  # psycopg's own error, not wrapped by Django
            return _driver_unavailable(exc)
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _is_psycopg_operational(exc: BaseException) -> bool:
    try:
        from psycopg import OperationalError as PsycopgOperationalError
    except ImportError:
        return False
    return isinstance(exc, PsycopgOperationalError)


def _driver_unavailable(driver: BaseException) -> bool:
    """What the driver's error says; without a driver error (connecting failed before one
    existed, or a test raising Django's error) it counts as unavailable."""
    module = type(driver).__module__
    if module.startswith("psycopg"):
        sqlstate = getattr(driver, "sqlstate", None)
        return sqlstate is None or sqlstate.startswith(UNAVAILABLE_SQLSTATES)
    if module == "sqlite3":
        message = str(driver).lower()
        return any(words in message for words in UNAVAILABLE_SQLITE)
    return True


@dataclass(frozen=True)
class Field:
    name: str
    value: str


def kept_fields(request: HttpRequest) -> tuple[list[Field], list[Field], bool]:
    """What a POST sent: the fields to carry in the retry form, the ones a person reads, and
    whether anything was left out (a secret or a file)."""
    carried: list[Field] = []
    shown: list[Field] = []
    left_out = bool(request.FILES)
    for name, values in request.POST.lists():
        if name not in CARRIED_NOT_SHOWN and SECRET_NAME.search(name):
            left_out = True
            continue
        for value in values:
            carried.append(Field(name, value))
            # Ticked boxes ("on") and chosen list ids ("12") mean nothing to read on their own.
            readable = value.strip().lower() not in TICKED and (
                any(c.isalpha() for c in value) or len(value) > 4
            )
            if name not in CARRIED_NOT_SHOWN and readable:
                shown.append(Field(name, value))
    return carried, shown, left_out


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page; for a POST with what was typed and a form to send it again."""
    # Whatever runs after this (the middleware on the way out, the request log) must not try
    # the database again: each try could wait for a connect timeout.
    request.bib_user_id = loaded_user_id(request)
    request.user = AnonymousUser()
    context = {"request_id": request_id.get(), "wij_phone": _wij_phone(), "post": False}
    if request.method == "POST":
        try:
            carried, shown, left_out = kept_fields(request)
        except Exception:  # an unreadable body (too big, malformed): the page without it
            carried, shown, left_out = [], [], True
        context.update(
            post=True,
            # The same address, ?next= and all: the retry goes where the form went.
            action=_same_site_path(request),
            carried=carried,
            shown=shown,
            left_out=left_out,
        )
    # An htmx request swaps the page's content into its target (htmx-config in base.html lets
    # a 503 swap), so the person sees the message, and their input, where they were working.
    htmx = request.headers.get("HX-Request") == "true"
    template = "503_body.html" if htmx else "503.html"
    body = loader.get_template(template).render({**context, "level": 2 if htmx else 1})
    response = HttpResponse(body, status=503)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the 503 page when the database is away, else the 500 page."""
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable(request)
    body = loader.get_template("500.html").render({"request_id": request_id.get()})
    return HttpResponse(body, status=500)


def _same_site_path(request: HttpRequest) -> str:
    """The request's path and query as a form action that cannot leave this site.

    A path that starts with ``//`` (or ``/\\``, which browsers read the same way) is a
    protocol-relative URL in an ``action``: ``POST //evil.example/x`` would otherwise get a
    retry form that sends the CSRF token and everything typed to evil.example.
    """
    return "/" + request.get_full_path().lstrip("/\\")


def _wij_phone() -> str:
    return format_phone(settings.WIJ_PHONE) if settings.WIJ_PHONE else ""
