"""The append-only audit log: one call next to every change and every read of personal data."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.db import models
from django.http import HttpRequest

from .models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's IP address: the one answer for the audit log, rate limits and allauth.

    Behind the TLS proxy REMOTE_ADDR is the proxy, and the client is the hop the trusted proxies
    added to X-Forwarded-For (the last one for one proxy); anything before it is the client's
    own words. Without a proxy the header is ignored altogether. A malformed value is never
    trusted: it falls back to REMOTE_ADDR, or None when that is unusable too.
    """
    if request is None:
        return None
    hops = settings.TRUSTED_PROXY_COUNT if settings.BEHIND_TLS_PROXY else 0
    if hops:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= hops and (address := parse_ip(forwarded[-hops])):
            return address
    return parse_ip(request.META.get("REMOTE_ADDR", ""))


def parse_ip(value: str) -> str | None:
    """``"203.0.113.9"``, ``"203.0.113.9:51000"``, ``"[2001:db8::7]:443"``; else None."""
    value = value.strip()
    if value.startswith("["):
        host, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not (rest.startswith(":") and _is_port(rest[1:]))):
            return None
        value = host
    elif value.count(":") == 1:  # IPv4 with a port; a bare IPv6 address has several colons
        value, _, port = value.partition(":")
        if not _is_port(port):
            return None
    if "%" in value:  # an IPv6 zone means nothing outside the proxy's own machine
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _is_port(value: str) -> bool:
    return value.isascii() and value.isdigit() and 0 < int(value) < 65536


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    request: HttpRequest | None = None,
    actor=None,
    details: dict | None = None,
) -> AuditEvent:
    """Append one audit event; ``actor`` defaults to the request's user.

    ``details`` holds codes and ids only (a role, wijkteam ids), never personal data: the log
    is never edited, so nothing in it may ever need erasing.
    """
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip=client_ip(request),
        details=details or {},
    )
