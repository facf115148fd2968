"""The kit for public forms (no account): residents' and organisations' sign-ups.

Everything typed comes back on an error. The spam checks need no third party:
- a honeypot field (``website``), hidden from people and screen readers, filled in by bots;
- a signed start time: a form sent back faster than a person can type is refused, and one
  older than a day too. It is signed together with the form's one-time token, so it belongs
  to that one form: once the token is used (a stored submission), the start time is spent, and
  a fresh token with an old start time is refused;
- a one-time token: the same form sent twice (a double tap) finds the first submission;
- a rate limit per client address (:func:`take_rate_limit_slot`, counted atomically in the
  database), called by the service that stores the submission;
- consent, stored with the version of the privacy statement that was shown.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .forms import plain_text_fields, sensible_dates, style_widgets
from .models import RateLimitCounter
from .phone import format_phone

M = TypeVar("M")

STARTED_SALT = "talents.signup.started"
STARTED_MAX_AGE = 24 * 60 * 60

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(Exception):
    """Too many submissions from one address in the current period."""


#: The status of the page that says so: the form comes back with everything typed, and a
#: client or monitor can tell a refusal from an error in the form (tests/reliability/).
RATE_LIMITED_STATUS = 429


def rate_limited_message() -> str:
    """What a refused sender reads: wait, or call WIJeindhoven (with the number when known)."""
    if settings.WIJ_PHONE:
        return _(
            "Er zijn vanaf deze internetverbinding net al veel aanmeldingen verstuurd. Probeer "
            "het later nog een keer, of bel WIJeindhoven: %(phone)s."
        ) % {"phone": format_phone(settings.WIJ_PHONE)}
    return _(
        "Er zijn vanaf deze internetverbinding net al veel aanmeldingen verstuurd. "
        "Probeer het later nog een keer, of bel WIJeindhoven."
    )


def sign_started(token: uuid.UUID | str, at: float | None = None) -> str:
    """The signed moment the form with this token was shown; tests pass a moment in the past."""
    return signing.dumps(
        {"at": time.time() if at is None else at, "token": str(token)}, salt=STARTED_SALT
    )


def started_at(value: str, token: uuid.UUID | str) -> float | None:
    """The moment signed for this very token; None when forged, too old or another form's."""
    try:
        signed = signing.loads(value, salt=STARTED_SALT, max_age=STARTED_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(signed, dict) or signed.get("token") != str(token):
        return None
    at = signed.get("at")
    return float(at) if isinstance(at, int | float) else None


def parse_rate(rate: str) -> tuple[int, int]:
    """``"5/h"`` becomes (5, 3600): that many per period of s, m, h or d."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*([smhd])\s*", rate)
    if not match:
        raise ImproperlyConfigured(f"rate {rate!r}: use a count per s, m, h or d")
    return int(match[1]), _PERIODS[match[2]]


def take_rate_limit_slot(scope: str, ip: str | None, rate: str | None = None) -> None:
    """Count one submission of ``scope`` from ``ip``; raise :class:`RateLimited` past the rate."""
    limit, period = parse_rate(rate or settings.SIGNUP_RATE_LIMIT)
    # A fixed window per period; the address is hashed, so the table holds no IP addresses.
    address = salted_hmac(f"{scope}.rate", ip or "unknown").hexdigest()[:32]
    now = time.time()
    bucket = int(now // period)
    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [int(now)])  # noqa: S608
        # One statement reads and raises the count, so two requests never see the same n
        # (PostgreSQL, and SQLite since 3.35).
        cursor.execute(
            f"INSERT INTO {table} (client_key, bucket, n, expires) VALUES (%s, %s, 1, %s) "  # noqa: S608
            f"ON CONFLICT (client_key, bucket) DO UPDATE SET n = {table}.n + 1 RETURNING n",
            [f"{scope}:{address}", bucket, (bucket + 1) * period],
        )
        count = cursor.fetchone()[0]
    if count > limit:
        raise RateLimited


def store_once(model, token, *, scope: str, ip: str | None, create: Callable[[], M]) -> M:
    """Store one public submission: the same form sent twice (one token) gives the first row.

    The rate limit is counted only for a new submission; ``create`` runs in a transaction and
    must set ``submission_token``. Two simultaneous sends of one form meet at the unique token:
    the loser finds the winner's row.
    """
    existing = model.objects.filter(submission_token=token).first()
    if existing is not None:
        return existing
    take_rate_limit_slot(scope, ip)
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        existing = model.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        return existing


class PublicForm(forms.Form):
    """Base of every public form: consent, honeypot, start time and one-time token.

    Subclasses declare their own fields (the consent label may be overridden); the template
    renders ``form.token_value`` and ``form.started_value`` as hidden inputs.
    """

    consent = forms.BooleanField(
        label=_(
            "Ik vind het goed dat een verbinder van WIJeindhoven mijn gegevens bewaart en "
            "contact met me opneemt."
        ),
        error_messages={
            "required": _(
                "Zet een vinkje als je dit goed vindt. Zonder je toestemming mogen we geen "
                "contact met je opnemen."
            )
        },
    )
    # The honeypot: hidden from people (and screen readers), filled in by simple bots.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Consent and honeypot come last, whatever the subclass declares.
        for name in ("consent", "website"):
            self.fields[name] = self.fields.pop(name)
        style_widgets(self)
        plain_text_fields(self)
        sensible_dates(self)
        self._fresh_token = uuid.uuid4()

    # --- hidden values that survive a page with errors ----------------------------------------

    @property
    def token_value(self) -> str:
        """The one-time token of this form: a second submit of it finds the first submission."""
        try:
            return str(uuid.UUID(self.data.get("token", "")))
        except (ValueError, TypeError, AttributeError):
            return str(self._fresh_token)

    @property
    def started_value(self) -> str:
        """The start time signed for this form's token; a fresh one when none was sent back."""
        sent = self.data.get("started", "")
        if isinstance(sent, str) and started_at(sent, self.token_value) is not None:
            return sent
        if not hasattr(self, "_fresh_started"):
            self._fresh_started = sign_started(self.token_value)
        return self._fresh_started

    def clean(self) -> dict:
        data = super().clean()
        self._check_for_bots(data)
        data["token"] = uuid.UUID(self.token_value)
        return data

    def _check_for_bots(self, data: dict) -> None:
        if data.get("website"):
            raise ValidationError(
                _(
                    "We konden je aanmelding niet versturen. Laat het veld 'Laat dit veld leeg' "
                    "leeg en probeer het nog een keer."
                ),
                code="spam",
            )
        started = started_at(self.data.get("started", ""), self.token_value)
        if started is None:
            raise ValidationError(
                _("Dit formulier was verlopen. Kijk je gegevens na en verstuur het opnieuw."),
                code="expired",
            )
        if time.time() - started < settings.SIGNUP_MIN_SECONDS:
            raise ValidationError(
                _("Dat ging erg snel! Kijk je gegevens nog even na en verstuur het opnieuw."),
                code="too_fast",
            )
