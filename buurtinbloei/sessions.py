"""Staff session limits: an idle timeout and an absolute lifetime counted from login.

Django gives a new session key at every login (``login()`` cycles it) and deletes the session
row at logout (``logout()`` flushes it). What it lacks is a limit that does not slide:
``SESSION_COOKIE_AGE`` starts again whenever the session is saved. So the moment of login is
kept in the session, and :func:`session_limits` (middleware) ends a session that has been idle
for ``SESSION_IDLE_TIMEOUT`` seconds or that began more than ``SESSION_ABSOLUTE_LIFETIME``
seconds ago, on the server (the row is deleted) and with an audit entry.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from . import audit

LOGIN_AT = "bib_login_at"
SEEN_AT = "bib_seen_at"
#: The last-seen time is written at most this often (seconds): no session write per request.
SEEN_RESOLUTION = 60


def now() -> float:
    return time.time()


@receiver(user_logged_in)
def remember_login_time(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        moment = now()
        request.session[LOGIN_AT] = moment
        request.session[SEEN_AT] = moment


def expired(session, moment: float) -> str | None:
    """Why this signed-in session has ended ("idle", "lifetime"), or None."""
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT, login_at)
    if login_at is None:
        return None
    if moment - login_at > settings.SESSION_ABSOLUTE_LIFETIME:
        return "lifetime"
    if seen_at is not None and moment - seen_at > settings.SESSION_IDLE_TIMEOUT:
        return "idle"
    return None


def session_limits(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            moment = now()
            session = request.session
            if LOGIN_AT not in session:  # a session from before this policy: count from now
                session[LOGIN_AT] = session[SEEN_AT] = moment
            reason = expired(session, moment)
            if reason is not None:
                audit.record("session_expired", user, request=request, details={"reason": reason})
                logout(request)  # deletes the session on the server, not just the cookie
                messages.info(request, _("Je sessie is verlopen. Log opnieuw in."))
                return _to_login(request)
            if moment - session.get(SEEN_AT, 0) >= SEEN_RESOLUTION:
                session[SEEN_AT] = moment
        return get_response(request)

    return middleware


def _to_login(request: HttpRequest) -> HttpResponse:
    target = request.get_full_path() if request.method in ("GET", "HEAD") else "/"
    response = redirect_to_login(target)
    if getattr(request, "htmx", False):
        # htmx would swap the login page into a fragment: have it load the page instead.
        htmx_response = HttpResponse(status=204)
        htmx_response["HX-Redirect"] = response.url
        return htmx_response
    return response
