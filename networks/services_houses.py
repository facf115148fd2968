"""Every write about student houses: the house, its members, and the yearly confirmation.

Each academic year (starting in ``STUDENT_HOUSE_CONFIRM_MONTH``) the house's contact gets one
e-mail with a signed link to a page without login where they tick who still lives there and add
who came. Members not confirmed ``STUDENT_HOUSE_CONFIRM_DAYS`` after the question are made
inactive; until then the staff pages show "leden niet bevestigd". ``confirm_student_houses``
runs all of it daily (``run_confirmations``): running it twice changes nothing the second time.

Members' names are personal data of people who are not residents: they are kept while they
live in the house and deleted ``RETENTION_MONTHS`` after they were made inactive (the same
command does that, as ``apply_retention`` does for residents).
"""

from __future__ import annotations

import calendar
import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from buurtinbloei.audit import record
from buurtinbloei.conflicts import save_if_unchanged

from .models import (
    HouseConfirmation,
    HouseMember,
    StudentHouse,
    academic_year_label,
    academic_year_of,
)

logger = logging.getLogger(__name__)

#: The salt of the confirmation link (nothing else is signed with it).
CONFIRM_SALT = "networks.house-confirm"

HOUSE_FIELDS = (
    "name",
    "buurt",
    "address",
    "availability",
    "contact_name",
    "contact_email",
    "contact_phone",
    "note",
    "active",
)


def _today() -> datetime.date:
    return timezone.localdate()


def _months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


# --- The house and its members -----------------------------------------------------------------


@transaction.atomic
def house_save(
    *,
    data: dict,
    by,
    request=None,
    house: StudentHouse | None = None,
    expected_version: int | None = None,
) -> StudentHouse:
    """Create a house, or change one only if nobody saved it since ``expected_version``
    (:class:`~buurtinbloei.conflicts.StaleVersion` otherwise)."""
    if house is not None and house.pk:
        values = {name: data[name] for name in HOUSE_FIELDS if name in data}
        save_if_unchanged(StudentHouse, pk=house.pk, expected_version=expected_version, **values)
        if "talents" in data:
            house.talents.set(data["talents"])
        house.refresh_from_db()
        record("house.update", house, request=request, actor=by)
        return house
    house = house or StudentHouse()
    created = house.pk is None
    for name in HOUSE_FIELDS:
        if name in data:
            setattr(house, name, data[name])
    house.save()
    if "talents" in data:
        house.talents.set(data["talents"])
    record("house.create" if created else "house.update", house, request=request, actor=by)
    return house


@transaction.atomic
def member_add(*, house: StudentHouse, data: dict, by, request=None) -> HouseMember:
    """A member added by a verbinder counts as confirmed for the current academic year."""
    member = HouseMember.objects.create(
        house=house,
        first_name=data["first_name"],
        study=data.get("study", ""),
        member_until=data.get("member_until"),
        confirmed_year=academic_year_of(_today()),
    )
    record("house.member_add", house, request=request, actor=by)
    return member


@transaction.atomic
def member_set_active(*, member: HouseMember, active: bool, by, request=None) -> HouseMember:
    member.active = active
    member.inactive_since = None if active else _today()
    if active:
        member.confirmed_year = academic_year_of(_today())
    member.save(update_fields=["active", "inactive_since", "confirmed_year"])
    record("house.member_toggle", member.house, request=request, actor=by)
    return member


def unconfirmed_q() -> Exists:
    """Houses whose contact was asked and has neither answered nor let the month pass."""
    return Exists(
        HouseConfirmation.objects.filter(
            house=OuterRef("pk"), confirmed_at__isnull=True, expired_at__isnull=True
        )
    )


def open_confirmation(house: StudentHouse) -> HouseConfirmation | None:
    return house.confirmations.filter(confirmed_at__isnull=True, expired_at__isnull=True).first()


# --- The confirmation link ---------------------------------------------------------------------


def confirm_token(confirmation: HouseConfirmation) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(confirmation.key)


class LinkGone(Exception):
    """The link was good once: it expired, or the members were confirmed already (410)."""


class LinkUnknown(Exception):
    """The link was never ours (404)."""


def confirmation_for_token(token: str) -> HouseConfirmation:
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    max_age = datetime.timedelta(days=settings.STUDENT_HOUSE_CONFIRM_DAYS)
    try:
        key = signer.unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkGone from None
    except signing.BadSignature:
        raise LinkUnknown from None
    confirmation = HouseConfirmation.objects.select_related("house").filter(key=key).first()
    if confirmation is None:
        raise LinkUnknown
    if not confirmation.is_open:
        raise LinkGone
    return confirmation


@dataclass(frozen=True)
class NewMember:
    first_name: str
    study: str
    member_until: datetime.date | None


@transaction.atomic
def confirmation_answer(
    *,
    confirmation: HouseConfirmation,
    staying: list[int],
    new_members: list[NewMember],
    request=None,
) -> HouseConfirmation:
    """The contact's answer: the ticked members stay (confirmed for this academic year), the
    others are made inactive, new ones are added. A second submit of the same link is refused."""
    now = timezone.now()
    done = HouseConfirmation.objects.filter(
        pk=confirmation.pk, confirmed_at__isnull=True, expired_at__isnull=True
    ).update(confirmed_at=now)
    if not done:
        raise LinkGone
    confirmation.confirmed_at = now
    year = confirmation.academic_year
    current = HouseMember.objects.filter(house=confirmation.house_id, active=True)
    current.filter(pk__in=staying).update(confirmed_year=year)
    current.exclude(pk__in=staying).update(active=False, inactive_since=now.date())
    HouseMember.objects.bulk_create(
        HouseMember(
            house_id=confirmation.house_id,
            first_name=m.first_name,
            study=m.study,
            member_until=m.member_until,
            confirmed_year=year,
        )
        for m in new_members
    )
    record(
        "house.members_confirmed",
        confirmation.house,
        request=request,
        details={"staying": len(staying), "new": len(new_members)},
    )
    return confirmation


# --- The yearly run (manage.py confirm_student_houses) -----------------------------------------


@dataclass
class RunResult:
    asked: int = 0
    failed: int = 0
    expired: int = 0
    made_inactive: int = 0
    moved_out: int = 0
    deleted: int = 0


def _message(confirmation: HouseConfirmation, base_url: str) -> EmailMessage:
    house = confirmation.house
    path = reverse("networks:house-confirm", kwargs={"token": confirm_token(confirmation)})
    with translation.override(settings.LANGUAGE_CODE):
        deadline = confirmation.asked_at.date() + datetime.timedelta(
            days=settings.STUDENT_HOUSE_CONFIRM_DAYS
        )
        context = {
            "house": house,
            "contact_name": house.contact_name,
            "url": base_url + path,
            "year": academic_year_label(confirmation.academic_year),
            "deadline": deadline,
        }
        subject = _("Wie wonen er dit studiejaar in %(house)s?") % {"house": house.name}
        body = render_to_string("networks/email/house_confirm.txt", context)
    return EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, to=[house.contact_email]
    )


def ask_houses(*, now: datetime.datetime, base_url: str) -> tuple[int, int]:
    """In the confirmation month: one e-mail per active house not asked this academic year.
    The row and the e-mail go together: when sending fails the row is rolled back, so the next
    run tries again; when the row exists the house is never asked twice."""
    today = timezone.localdate(now)
    if today.month != settings.STUDENT_HOUSE_CONFIRM_MONTH:
        return 0, 0
    year = academic_year_of(today)
    asked = HouseConfirmation.objects.filter(house=OuterRef("pk"), academic_year=year)
    houses = (
        StudentHouse.objects.filter(active=True)
        .exclude(contact_email="")
        .exclude(Exists(asked))
        .select_related("buurt")
        .order_by("pk")
    )
    sent = failed = 0
    connection = get_connection()
    for house in houses.iterator(chunk_size=200):
        try:
            with transaction.atomic():
                confirmation = HouseConfirmation.objects.create(
                    house=house, academic_year=year, asked_at=now, sent_to=house.contact_email
                )
                connection.send_messages([_message(confirmation, base_url)])
                record("house.confirmation_asked", house)
        except IntegrityError:
            continue  # another run asked this house at the same moment
        except Exception:  # one failing address must not stop the other houses
            logger.exception("Asking student house %s to confirm its members failed", house.pk)
            failed += 1
            continue
        sent += 1
    return sent, failed


@transaction.atomic
def expire_confirmations(*, now: datetime.datetime) -> tuple[int, int]:
    """Questions older than STUDENT_HOUSE_CONFIRM_DAYS without an answer: the members not
    confirmed for that academic year are made inactive."""
    cutoff = now - datetime.timedelta(days=settings.STUDENT_HOUSE_CONFIRM_DAYS)
    due = list(
        HouseConfirmation.objects.filter(
            confirmed_at__isnull=True, expired_at__isnull=True, asked_at__lte=cutoff
        ).select_related("house")
    )
    made_inactive = 0
    for confirmation in due:
        made_inactive += (
            HouseMember.objects.filter(house=confirmation.house_id, active=True)
            .filter(
                Q(confirmed_year__isnull=True) | Q(confirmed_year__lt=confirmation.academic_year)
            )
            .update(active=False, inactive_since=timezone.localdate(now))
        )
        HouseConfirmation.objects.filter(pk=confirmation.pk).update(expired_at=now)
        record("house.confirmation_expired", confirmation.house)
    return len(due), made_inactive


def end_moved_out(*, today: datetime.date) -> int:
    """Members whose "woont er tot" date has passed are no longer active."""
    return HouseMember.objects.filter(active=True, member_until__lt=today).update(
        active=False, inactive_since=today
    )


def forget_old_members(*, today: datetime.date) -> int:
    """Delete members inactive for longer than RETENTION_MONTHS (their matches keep counting;
    only who went is forgotten)."""
    cutoff = _months_before(today, settings.RETENTION_MONTHS)
    _total, per_model = HouseMember.objects.filter(active=False, inactive_since__lt=cutoff).delete()
    return per_model.get(HouseMember._meta.label, 0)


def run_confirmations(*, now: datetime.datetime | None = None, base_url: str) -> RunResult:
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = RunResult()
    result.asked, result.failed = ask_houses(now=now, base_url=base_url)
    result.expired, result.made_inactive = expire_confirmations(now=now)
    result.moved_out = end_moved_out(today=today)
    result.deleted = forget_old_members(today=today)
    return result
