"""Public sign-ups and the triage inbox: every write, each audited, each in one transaction.

A sign-up arrives through the public form (:func:`signup_submit`), waits in the inbox of the
wijkteam of its buurt (every verbinder's shared inbox when the buurt is unknown), is taken by a
verbinder (:func:`signup_take`), and ends linked to an existing resident (:func:`signup_link`) or
to a new one (:func:`signup_create_resident`). Verbinders hear of new sign-ups by e-mail, one per
sign-up (:func:`signup_notify`) or a daily digest (:func:`signup_send_digests`); the e-mails
name the buurt and a link, never anything about the resident.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from buurtinbloei import mail
from buurtinbloei.audit import record
from buurtinbloei.models import PostcodeArea, User
from buurtinbloei.permissions import Perm, users_with
from buurtinbloei.privacy import PRIVACY_STATEMENT_VERSION
from buurtinbloei.public_forms import RateLimited, store_once

from .models import (
    ConsentRecord,
    NotificationPreference,
    Resident,
    ResidentSource,
    ResidentStatus,
    ResidentTalent,
    SignUp,
    SignUpStatus,
    VerbinderSettings,
)
from .selectors import likely_duplicates
from .services import NoWijkteamError, resident_home_wijkteam

logger = logging.getLogger(__name__)


class SignUpRateLimited(RateLimited):
    """Too many sign-ups from one address in the current period."""


class SignUpError(Exception):
    """A triage step that cannot be done now; ``message`` says why, in plain words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- The public form ---------------------------------------------------------------------------


def signup_submit(*, data: dict, ip: str | None, base_url: str) -> SignUp:
    """Store a sign-up from the public form; the same form sent twice gives the first one."""
    buurt = data["buurt"] or PostcodeArea.objects.buurt_for(data["postcode"])

    def create() -> SignUp:
        now = timezone.now()
        signup = SignUp.objects.create(
            first_name=data["first_name"],
            email=data["email"],
            phone=data["phone"],
            postcode=data["postcode"],
            buurt=buurt,
            wants_to_give=data["wants_to_give"],
            wants_to_receive=data["wants_to_receive"],
            talents_other=data["talents_other"],
            help_wanted=data["help_wanted"],
            help_theme=data["help_theme"],
            preferred_language=data["preferred_language"],
            consent_version=PRIVACY_STATEMENT_VERSION,
            consent_given_at=now,
            submission_token=data["token"],
        )
        signup.talents.set(data["talents"])
        ConsentRecord.objects.create(
            signup=signup,
            purpose=ConsentRecord.Purpose.CONTACT,
            text_version=PRIVACY_STATEMENT_VERSION,
            given_at=now,
        )
        # No request here on purpose: the audit log keeps no IP address of a resident.
        record("signup.create", signup)
        # Queued in this transaction, sent after the commit off the request path (mail.py): a
        # failing or hanging mail server neither loses the e-mail nor delays the response.
        signup_notify(signup_id=signup.pk, base_url=base_url)
        return signup

    try:
        return store_once(SignUp, data["token"], scope="talents.signup", ip=ip, create=create)
    except RateLimited:
        raise SignUpRateLimited from None


# --- E-mail to verbinders ----------------------------------------------------------------------


def _verbinders_for(signup: SignUp) -> QuerySet[User]:
    """The verbinders of the sign-up's wijkteam; every verbinder when the buurt is unknown."""
    users = users_with(Perm.TRIAGE_SIGNUPS).filter(is_active=True).exclude(email="")
    if signup.buurt is not None:
        users = users.filter(wijkteams=signup.buurt.wijk.wijkteam_id)
    return users.distinct()


def _send(messages: list[EmailMessage], *, kind: str) -> int:
    """Queue the messages in the outbox (sent after the commit, retried by a job); how many."""
    return len(mail.queue(messages, kind=kind))


def signup_notify(*, signup_id: int, base_url: str) -> int:
    """One e-mail per verbinder who wants one; it names the buurt and a link, no more.

    Queued in the caller's transaction (the sign-up's), sent after it commits."""
    signup = SignUp.objects.select_related("buurt__wijk").filter(pk=signup_id).first()
    if signup is None:
        return 0
    recipients = _verbinders_for(signup).exclude(
        talent_settings__signup_notifications__in=[
            NotificationPreference.DIGEST,
            NotificationPreference.NONE,
        ]
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "signup": signup,
            "url": base_url + reverse("talents:inbox-detail", kwargs={"pk": signup.pk}),
            "settings_url": base_url + reverse("talents:notification-settings"),
        }
        if signup.buurt is not None:
            subject = _("Nieuwe aanmelding in %(buurt)s") % {"buurt": signup.buurt.name}
        else:
            subject = _("Nieuwe aanmelding (buurt nog onbekend)")
        body = render_to_string("talents/email/signup_new.txt", context)
    messages = [
        EmailMessage(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, to=[user.email])
        for user in recipients
    ]
    return _send(messages, kind="signup.new")


def signup_send_digests(*, base_url: str, now: datetime | None = None) -> int:
    """Send each digest reader the sign-ups that arrived in their inboxes since the last one.

    Per reader one transaction queues the digest and moves ``digest_sent_until``: a sign-up is
    in exactly one digest, and a digest the mail server refused is retried by the outbox."""
    now = now or timezone.now()
    readers = (
        users_with(Perm.TRIAGE_SIGNUPS)
        .filter(
            is_active=True,
            talent_settings__signup_notifications=NotificationPreference.DIGEST,
        )
        .select_related("talent_settings")
    )
    sent = 0
    for user in readers:
        since = user.talent_settings.digest_sent_until or now - timedelta(days=1)
        signups = list(
            SignUp.objects.visible_to(user)
            .filter(created_at__gt=since, created_at__lte=now)
            .select_related("buurt__wijk")
            .order_by("created_at", "pk")
        )
        with transaction.atomic():
            if signups and user.email:
                sent += _send([_digest_message(user, signups, base_url)], kind="signup.digest")
            VerbinderSettings.objects.filter(user=user).update(digest_sent_until=now)
    return sent


def _digest_message(user: User, signups: list[SignUp], base_url: str) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        rows = [
            (s, base_url + reverse("talents:inbox-detail", kwargs={"pk": s.pk})) for s in signups
        ]
        context = {
            "rows": rows,
            "inbox_url": base_url + reverse("talents:inbox"),
            "settings_url": base_url + reverse("talents:notification-settings"),
        }
        subject = _("Nieuwe aanmeldingen: %(count)s") % {"count": len(signups)}
        body = render_to_string("talents/email/signup_digest.txt", context)
    return EmailMessage(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, to=[user.email])


def notification_settings_save(
    *, user: User, signup_notifications: str, match_reminders: bool = True
) -> VerbinderSettings:
    with transaction.atomic():
        current, _created = VerbinderSettings.objects.select_for_update().get_or_create(user=user)
        if (
            signup_notifications == NotificationPreference.DIGEST
            and current.signup_notifications != NotificationPreference.DIGEST
        ):
            # The first digest starts now: the sign-ups before it were e-mailed one by one.
            current.digest_sent_until = timezone.now()
        current.signup_notifications = signup_notifications
        current.match_reminders = match_reminders
        current.save()
    return current


# --- The triage inbox --------------------------------------------------------------------------


def signup_likely_duplicates(*, signup: SignUp, user: User) -> list[tuple[Resident, list[str]]]:
    """Residents the user may see who are probably this person, each with the reasons why."""
    return likely_duplicates(
        user,
        first_name=signup.first_name,
        email=signup.email,
        phone=signup.phone,
        buurt_id=signup.buurt_id,
    )


def signup_take(*, signup: SignUp, by: User, request: HttpRequest | None = None) -> SignUp:
    """ "Ik pak deze op": the first verbinder to take a new sign-up gets it."""
    with transaction.atomic():
        taken = SignUp.objects.filter(pk=signup.pk, status=SignUpStatus.NEW).update(
            status=SignUpStatus.TAKEN, taken_by=by
        )
        signup.refresh_from_db()
        if not taken:
            if signup.status == SignUpStatus.TAKEN and signup.taken_by_id == by.pk:
                return signup
            raise _unavailable(signup)
        record("signup.take", signup, request=request, actor=by)
    return signup


def _unavailable(signup: SignUp) -> SignUpError:
    if signup.status == SignUpStatus.DONE:
        return SignUpError(_("Deze aanmelding is al verwerkt."))
    return SignUpError(
        _("%(name)s heeft deze aanmelding al opgepakt.")
        % {"name": signup.taken_by or _("Een andere verbinder")}
    )


def _lock_for_finishing(signup: SignUp, by: User) -> SignUp:
    locked = (
        SignUp.objects.select_for_update(of=("self",)).select_related("taken_by").get(pk=signup.pk)
    )
    if locked.status == SignUpStatus.DONE or (
        locked.taken_by_id is not None and locked.taken_by_id != by.pk
    ):
        raise _unavailable(locked)
    return locked


def _give_talents_and_consent(signup: SignUp, resident: Resident) -> None:
    signup.consents.filter(resident__isnull=True).update(resident=resident)
    if signup.wants_to_give:
        ResidentTalent.objects.bulk_create(
            [
                ResidentTalent(resident=resident, talent=t, offered=True)
                for t in signup.talents.all()
            ],
            update_conflicts=True,
            unique_fields=["resident", "talent"],
            update_fields=["offered"],
        )


def _finish(signup: SignUp, resident: Resident, by: User) -> None:
    signup.resident = resident
    signup.status = SignUpStatus.DONE
    signup.taken_by = signup.taken_by or by
    # A sign-up from the shared inbox now belongs where its resident does, so it leaves the
    # inbox every verbinder of the city can read.
    signup.buurt_id = signup.buurt_id or resident.buurt_id
    signup.save(update_fields=["resident", "status", "taken_by", "buurt"])


def signup_link(
    *, signup: SignUp, resident: Resident, by: User, request: HttpRequest | None = None
) -> SignUp:
    """The sign-up is someone the team already knows: add what is new to their record."""
    with transaction.atomic():
        signup = _lock_for_finishing(signup, by)
        resident = Resident.objects.select_for_update().get(pk=resident.pk)
        if resident.status == ResidentStatus.ANONYMISED:
            raise SignUpError(_("Deze inwoner is geanonimiseerd; maak een nieuwe inwoner aan."))
        # Fill in what the resident's record lacks; never overwrite what a verbinder wrote.
        changes = {
            name: getattr(signup, name)
            for name in ("email", "phone", "postcode")
            if getattr(signup, name) and not getattr(resident, name)
        }
        if signup.buurt_id and resident.buurt_id is None:
            changes["buurt_id"] = signup.buurt_id
        if changes:
            Resident.objects.filter(pk=resident.pk).update(
                **changes, version=F("version") + 1, updated_at=timezone.now()
            )
            record("resident.update", resident, request=request, actor=by)
        _give_talents_and_consent(signup, resident)
        _finish(signup, resident, by)
        record("signup.link", signup, request=request, actor=by)
    return signup


def signup_create_resident(
    *, signup: SignUp, by: User, request: HttpRequest | None = None
) -> Resident:
    """The sign-up is someone new: make them a resident, with this verbinder responsible."""
    with transaction.atomic():
        signup = _lock_for_finishing(signup, by)
        try:
            wijkteam_id = resident_home_wijkteam(buurt=signup.buurt, verbinder=by, by=by)
        except NoWijkteamError:
            raise SignUpError(
                _("Je bent nog geen lid van een wijkteam. Vraag de beheerder je toe te voegen.")
            ) from None
        resident = Resident.objects.create(
            fallback_wijkteam_id=wijkteam_id,
            first_name=signup.first_name,
            email=signup.email,
            phone=signup.phone,
            postcode=signup.postcode,
            buurt_id=signup.buurt_id,
            languages=signup.preferred_language,
            status=ResidentStatus.NEW,
            source=ResidentSource.SIGNUP,
            responsible_verbinder=by,
        )
        record("resident.create", resident, request=request, actor=by)
        _give_talents_and_consent(signup, resident)
        _finish(signup, resident, by)
        record("signup.create_resident", signup, request=request, actor=by)
    return resident
