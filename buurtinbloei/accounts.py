"""django-allauth glue: staff accounts are created by a beheerder, never by sign-up."""

from __future__ import annotations

import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset, user_logged_in, user_logged_out
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest

from . import audit

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's login limits count per client: the same address the audit log records.
        ip = audit.client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Send, or log why not: a mail server that is down must not turn a page into a 500.

        The person sees the same page as on success (a password reset must not reveal more
        than that); a beheerder's invitation action counts ``request.mail_failures``.
        """
        try:
            super().send_mail(template_prefix, email, context)
        except (smtplib.SMTPException, OSError):
            logger.exception("Mail %s could not be sent", template_prefix)
            if self.request is not None:
                self.request.mail_failures = getattr(self.request, "mail_failures", 0) + 1


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted (MFA_ENCRYPTION_KEY)."""

    def encrypt(self, text: str) -> str:
        return mfa_fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_fernet().decrypt(encrypted_text.encode()).decode()


def mfa_fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.MFA_ENCRYPTION_KEYS])


def mark_address_verified(user) -> None:
    """Count the account's login address as verified (allauth's MFA set-up asks for that).

    Called when the person used a link mailed to it (the invitation is a password-reset mail)
    and when a beheerder sets it: staff never sign themselves up, so nobody can claim a
    stranger's address and then lock its owner out with an authenticator of their own.
    """
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        address = EmailAddress(user=user, email=user.email)
    address.verified = True
    if not EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).exists():
        address.primary = True
    address.save()


@receiver(password_reset)
def verify_address_on_password_reset(sender, request, user, **kwargs) -> None:
    mark_address_verified(user)


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
