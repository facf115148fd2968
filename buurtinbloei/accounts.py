"""django-allauth glue: staff accounts are created by a beheerder, never by sign-up."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.signals import user_logged_in, user_logged_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from . import audit


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs) -> None:
    audit.record("login", user, request=request, actor=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.record("logout", user, request=request, actor=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # The attempted address is not stored: it may be a typo of someone else's.
    audit.record("login_failed", request=request)
