"""The append-only audit log: one call next to every change and every read of personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import HttpRequest

from .models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # Behind the TLS proxy REMOTE_ADDR is the proxy, and the last X-Forwarded-For hop is the
    # one the proxy added. Without a proxy the header is the client's own words: ignore it.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.BEHIND_TLS_PROXY else ""
    candidate = forwarded.split(",")[-1].strip() if forwarded else request.META.get("REMOTE_ADDR")
    return candidate or None


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    request: HttpRequest | None = None,
    actor=None,
) -> AuditEvent:
    """Append one audit event; ``actor`` defaults to the request's user."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip=client_ip(request),
    )
