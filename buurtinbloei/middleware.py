from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

Middleware = Callable[[HttpRequest], HttpResponse]


def security_headers(get_response: Middleware) -> Middleware:
    """Headers Django's SecurityMiddleware does not set itself."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


# Paths a user without an authenticator may still reach: setting one up, and leaving.
MFA_SETUP_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/privacy/")


def require_mfa(get_response: Middleware) -> Middleware:
    """With MFA_REQUIRED on, staff must activate TOTP before they can use the application."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.MFA_REQUIRED
            and user.is_authenticated
            and not request.path.startswith(MFA_SETUP_PREFIXES)
            and not _has_totp(user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}")
        return get_response(request)

    return middleware


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
