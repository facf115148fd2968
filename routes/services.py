"""Writes on landing routes: set one up, change its consent matrix, the parties' links,
check-ins, ending it, and the missed-check-in alerts. Each writes its audit entry."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtinbloei import mail
from buurtinbloei.audit import record
from buurtinbloei.permissions import Perm, users_with

from .models import (
    LINK_PARTIES,
    Item,
    Party,
    PartyLink,
    Pathway,
    PathwayCheckIn,
    PathwayConsent,
    PathwayConsentChange,
    PathwayStatus,
)

logger = logging.getLogger(__name__)

#: The salt of a party's link (a token signs nothing else with it).
LINK_SALT = "routes.party-link"


class PathwayError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _today() -> datetime.date:
    """Today, in one place, so tests can move the clock."""
    return timezone.localdate()


def parse_weeks(text: str) -> list[int]:
    """``"2, 6,12"`` -> [2, 6, 12]; a clear Dutch message for anything else."""
    try:
        weeks = sorted({int(part) for part in text.replace(";", ",").split(",") if part.strip()})
    except ValueError:
        raise PathwayError(
            _("Schrijf de weken als getallen met komma's, bijvoorbeeld 2, 6, 12.")
        ) from None
    if not weeks or weeks[0] < 1 or weeks[-1] > 104:
        raise PathwayError(_("Kies weken tussen 1 en 104, bijvoorbeeld 2, 6, 12."))
    return weeks


@transaction.atomic
def route_create(
    *,
    resident,
    data: dict,
    consents: set[tuple[str, str]],
    counsellor_present: bool,
    by,
    request=None,
) -> Pathway:
    """A route with its check-ins and its first consent matrix, recorded with the resident
    (and, when ``counsellor_present``, their counsellor)."""
    weeks = parse_weeks(data["check_in_weeks"])
    group_residents = data.pop("group_residents", None) or []
    route = Pathway.objects.create(
        resident=resident,
        verbinder=by,
        check_in_weeks=", ".join(str(w) for w in weeks),
        **{k: v for k, v in data.items() if k != "check_in_weeks"},
    )
    if group_residents:
        route.group_residents.set(group_residents)
    PathwayCheckIn.objects.bulk_create(
        PathwayCheckIn(route=route, week=w, due_on=route.start_date + datetime.timedelta(weeks=w))
        for w in weeks
    )
    cells = [(party, item) for party in Party.values for item in Item.values]
    PathwayConsent.objects.bulk_create(
        PathwayConsent(route=route, party=p, item=i, granted=(p, i) in consents) for p, i in cells
    )
    PathwayConsentChange.objects.bulk_create(
        PathwayConsentChange(
            route=route,
            party=p,
            item=i,
            granted=True,
            by=by,
            counsellor_present=counsellor_present,
        )
        for p, i in cells
        if (p, i) in consents
    )
    record("route.create", route, request=request, actor=by, details={"resident": resident.pk})
    return route


@transaction.atomic
def consent_set(
    *,
    route: Pathway,
    party: str,
    items: list[str],
    granted: bool,
    counsellor_present: bool,
    by,
    request=None,
) -> int:
    """Give or withdraw consent for ``items`` towards ``party`` (one cell, or a whole row).
    Only real changes are written to the history; returns how many cells changed."""
    if not route.is_active:
        raise PathwayError(_("Deze landingsroute is afgesloten."))
    changed = list(
        PathwayConsent.objects.select_for_update()
        .filter(route=route, party=party, item__in=items)
        .exclude(granted=granted)
        .values_list("item", flat=True)
    )
    PathwayConsent.objects.filter(route=route, party=party, item__in=changed).update(
        granted=granted
    )
    PathwayConsentChange.objects.bulk_create(
        PathwayConsentChange(
            route=route,
            party=party,
            item=item,
            granted=granted,
            by=by,
            counsellor_present=counsellor_present,
        )
        for item in changed
    )
    if changed:
        record(
            "route.consent",
            route,
            request=request,
            actor=by,
            details={"party": party, "items": sorted(changed), "granted": granted},
        )
    return len(changed)


@transaction.atomic
def route_update(*, route: Pathway, data: dict, by, request=None) -> list[str]:
    """Change what may change after the set-up. A new buddy or a changed group gets no old
    link: that party's link stops working (the verbinder makes a new one). Returns the names
    of the changed fields."""
    if not route.is_active:
        raise PathwayError(_("Deze landingsroute is afgesloten."))
    group_residents = data.pop("group_residents", None) or []
    old_group = set(route.group_residents.values_list("pk", flat=True))
    changed = [name for name, value in data.items() if getattr(route, name) != value]
    group_changed = old_group != {r.pk for r in group_residents} or any(
        name.startswith("group_") for name in changed
    )
    for name in changed:
        setattr(route, name, data[name])
    route.save()
    route.group_residents.set(group_residents)
    if "buddy" in changed:
        link_revoke(route=route, party=Party.BUDDY, by=by, request=request)
    if group_changed:
        link_revoke(route=route, party=Party.GROUP, by=by, request=request)
        changed.append("group_residents")
    record("route.update", route, request=request, actor=by, details={"fields": changed})
    return changed


# --- The parties' links -------------------------------------------------------------------------


def link_token(link: PartyLink) -> str:
    return signing.TimestampSigner(salt=LINK_SALT).sign(str(link.key))


@transaction.atomic
def link_create(*, route: Pathway, party: str, by, request=None) -> PartyLink:
    """A new link for the buddy or the group; the old one stops working."""
    if party not in LINK_PARTIES:
        raise PathwayError(_("Alleen het maatje en de buurtgroep krijgen een link."))
    if not route.is_active:
        raise PathwayError(_("Deze landingsroute is afgesloten."))
    now = timezone.now()
    PartyLink.objects.filter(route=route, party=party, revoked_at__isnull=True).update(
        revoked_at=now
    )
    link = PartyLink.objects.create(
        route=route,
        party=party,
        created_by=by,
        expires_at=now + datetime.timedelta(days=settings.ROUTE_LINK_DAYS),
    )
    record("route.link", route, request=request, actor=by, details={"party": party})
    return link


def link_revoke(*, route: Pathway, party: str, by, request=None) -> int:
    revoked = PartyLink.objects.filter(route=route, party=party, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        record("route.link_revoke", route, request=request, actor=by, details={"party": party})
    return revoked


def open_links(route: Pathway) -> dict[str, PartyLink]:
    now = timezone.now()
    return {
        link.party: link
        for link in PartyLink.objects.filter(
            route=route, revoked_at__isnull=True, expires_at__gt=now
        )
    }


class LinkGone(Exception):
    """The link was good once: expired, revoked, or its route ended (410)."""


class LinkUnknown(Exception):
    """The link was never ours (404)."""


def link_for_token(token: str) -> PartyLink:
    signer = signing.TimestampSigner(salt=LINK_SALT)
    try:
        key = signer.unsign(token, max_age=datetime.timedelta(days=settings.ROUTE_LINK_DAYS))
    except signing.SignatureExpired:
        raise LinkGone from None
    except signing.BadSignature:
        raise LinkUnknown from None
    link = PartyLink.objects.select_related("route__resident__buurt").filter(key=key).first()
    if link is None:
        raise LinkUnknown
    if (
        link.revoked_at is not None
        or link.expires_at <= timezone.now()
        or link.route.status != PathwayStatus.ACTIVE
    ):
        raise LinkGone
    return link


# --- Check-ins and the end ----------------------------------------------------------------------


def check_in_log(*, check_in: PathwayCheckIn, result: str, note: str, by, request=None):
    if not check_in.route.is_active:
        raise PathwayError(_("Deze landingsroute is afgesloten."))
    done = PathwayCheckIn.objects.filter(pk=check_in.pk, done_at__isnull=True).update(
        done_at=timezone.now(), result=result, note=note[:1000], by=by
    )
    if not done:
        raise PathwayError(_("Deze check-in is al vastgelegd."))
    record("route.check_in", check_in.route, request=request, actor=by)


@transaction.atomic
def route_end(*, route: Pathway, by, request=None, what: str = "route.end") -> None:
    """End a route: every link stops working at once; open check-ins are no longer due."""
    if route.is_active:
        Pathway.objects.filter(pk=route.pk).update(
            status=PathwayStatus.ENDED, ended_on=_today(), updated_at=timezone.now()
        )
        route.status, route.ended_on = PathwayStatus.ENDED, _today()
    PartyLink.objects.filter(route=route, revoked_at__isnull=True).update(revoked_at=timezone.now())
    record(what, route, request=request, actor=by)


# --- Missed check-ins ---------------------------------------------------------------------------


def overdue_q(today: datetime.date) -> Q:
    """Check-ins not logged within the grace days after their date, on running routes."""
    cutoff = today - datetime.timedelta(days=settings.ROUTE_CHECK_IN_GRACE_DAYS)
    return Q(done_at__isnull=True, due_on__lt=cutoff, route__status=PathwayStatus.ACTIVE)


def alert_recipients(route: Pathway) -> list[str]:
    """The route's verbinder and the active verbinders of the resident's wijkteam."""
    team_id = route.resident.wijkteam_id
    emails = set(
        users_with(Perm.RUN_ROUTES)
        .filter(is_active=True, wijkteams=team_id)
        .values_list("email", flat=True)
    )
    if route.verbinder_id and route.verbinder.is_active:
        emails.add(route.verbinder.email)
    return sorted(emails)


def send_alerts(*, today: datetime.date | None = None) -> int:
    """Queue one e-mail per missed check-in (it names the route's number, never the resident).
    The check-in is marked alerted in the same transaction that puts the e-mail in the outbox
    (buurtinbloei/mail.py): a second run finds nothing to do, and a mail server that is down
    loses nothing (``send_pending_mail`` retries). Returns the number of e-mails queued."""
    today = today or _today()
    queued = 0
    overdue = (
        PathwayCheckIn.objects.filter(overdue_q(today), alerted_at__isnull=True)
        .select_related("route__verbinder", "route__resident__buurt__wijk")
        .order_by("due_on", "pk")
    )
    base = settings.SITE_URL
    for check_in in overdue:
        route = check_in.route
        recipients = alert_recipients(route)
        with transaction.atomic():
            claimed = PathwayCheckIn.objects.filter(pk=check_in.pk, alerted_at__isnull=True).update(
                alerted_at=timezone.now()
            )
            if not claimed or not recipients:
                continue
            subject = _("Check-in van landingsroute %(id)s niet vastgelegd") % {"id": route.pk}
            body = _(
                "De check-in van week %(week)s (%(date)s) van landingsroute %(id)s is niet "
                "vastgelegd. Neem contact op en leg de check-in vast:\n\n%(url)s\n"
            ) % {
                "week": check_in.week,
                "date": check_in.due_on.strftime("%d-%m-%Y"),
                "id": route.pk,
                "url": base + reverse("routes:route-detail", kwargs={"pk": route.pk}),
            }
            message = EmailMessage(
                settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, to=recipients
            )
            mail.queue([message], kind="route_alert")
            record("route.alert", route, details={"check_in": check_in.pk})
        queued += 1
    return queued
