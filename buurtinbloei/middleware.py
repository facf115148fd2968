from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty

from .logging import redact_path, request_id

Middleware = Callable[[HttpRequest], HttpResponse]

request_logger = logging.getLogger("buurtinbloei.requests")

#: An X-Request-ID from our own proxy is kept when it looks like an id (nginx's $request_id,
#: a UUID); anything else, or any id without a trusted proxy, is replaced by one of ours.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,63}")


def new_request_id() -> str:
    """Twelve hex digits: unique enough to find one request in the logs, short enough to read
    out over the phone."""
    return secrets.token_hex(6)


def loaded_user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id when the request already knows it; never a database query (the
    log line of a request that failed on the database must not try it again)."""
    if "bib_user_id" in request.__dict__:
        return request.bib_user_id
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        user = user.__dict__.get("_wrapped", empty)
        if user is empty:
            return None
    if user is not None and getattr(user, "is_authenticated", False):
        return user.pk
    return None


def request_log(get_response: Middleware) -> Middleware:
    """Give every request an id (``X-Request-ID`` on the response, ``request_id`` on every log
    record made while serving it), and write one line per request: method, path without the
    query string, status, duration and the user's id (never a name or an e-mail address)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        trusted = settings.BEHIND_TLS_PROXY and SANE_REQUEST_ID.fullmatch(incoming)
        request.request_id = incoming if trusted else new_request_id()
        token = request_id.set(request.request_id)
        started = time.monotonic()
        try:
            response = get_response(request)
            response.headers["X-Request-ID"] = request_id.get()
            duration = round((time.monotonic() - started) * 1000)
            status = response.status_code
            path = redact_path(request.path)
            request_logger.log(
                logging.ERROR if status >= 500 else logging.INFO,
                "%s %s %s %sms",
                request.method,
                path,
                status,
                duration,
                extra={
                    "method": request.method,
                    "path": path,
                    "status": status,
                    "duration_ms": duration,
                    "user_id": loaded_user_id(request),
                },
            )
            return response
        finally:
            request_id.reset(token)

    return middleware


def security_headers(get_response: Middleware) -> Middleware:
    """Headers Django's SecurityMiddleware does not set itself."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


# Paths a user without an authenticator may still reach: setting one up, and leaving.
MFA_SETUP_PREFIXES = ("/accounts/", "/static/", "/healthz", "/favicon.ico", "/i18n/")
# The privacy statement, exactly: the pages under /privacy/ (the audit log) need MFA.
MFA_SETUP_PAGES = frozenset({"/privacy/"})


def require_mfa(get_response: Middleware) -> Middleware:
    """With MFA_REQUIRED on, staff must activate TOTP before they can use the application."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.MFA_REQUIRED
            and user.is_authenticated
            and not request.path.startswith(MFA_SETUP_PREFIXES)
            and request.path not in MFA_SETUP_PAGES
            and not _has_totp(user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}")
        return get_response(request)

    return middleware


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def language(get_response: Middleware) -> Middleware:
    """Dutch unless the person chose English with the language switch (a cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: many Dutch
    people run an English browser, and the app should not change language behind their back.
    """
    languages = {code for code, _name in settings.LANGUAGES}

    def middleware(request: HttpRequest) -> HttpResponse:
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in languages:
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = get_response(request)
        response.headers.setdefault("Content-Language", code)
        patch_vary_headers(response, ("Cookie",))
        return response

    return middleware


def private_pages(get_response: Middleware) -> Middleware:
    """A page for a signed-in user holds personal data: no browser, proxy or back-forward cache
    may keep a copy of it (``Cache-Control: no-store``)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response

    return middleware


def query_count(get_response: Middleware) -> Middleware:
    """For the benchmark only (``BENCH_QUERY_COUNT=true``): an ``X-Query-Count`` header with the
    number of database queries the request took, in production mode too (no DEBUG needed)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = get_response(request)
        response.headers["X-Query-Count"] = str(count)
        return response

    return middleware
