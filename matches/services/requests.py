"""Requests (hulpvragen): create, close and reopen them; turn a sign-up or a conversation's
"asks" into one; and a partner's referral. Every change is audited (``request`` only gives the
audit event its IP address).

A request belongs to the wijkteam of whoever asks (the resident's, or the ontwikkelplaats'
buurt's), stored on the row when it is made: that is what its policy scopes on.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtinbloei.audit import record
from buurtinbloei.conflicts import save_if_unchanged
from buurtinbloei.models import PostcodeArea
from buurtinbloei.privacy import PRIVACY_STATEMENT_VERSION
from networks.models import Ontwikkelplaats
from talents.models import ConsentRecord, Conversation, Resident, SignUp

from ..models import CloseReason, Request, RequestSource, RequestStatus


class RequestError(Exception):
    """A change that cannot be made now; ``message`` says why, in plain words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _asker_place(asker: Resident | Ontwikkelplaats) -> dict:
    """Who asks, their buurt and the wijkteam the request belongs to."""
    if isinstance(asker, Resident):
        return {
            "resident": asker,
            "ontwikkelplaats": None,
            "buurt_id": asker.buurt_id,
            "wijkteam_id": asker.wijkteam_id,
        }
    return {
        "resident": None,
        "ontwikkelplaats": asker,
        "buurt_id": asker.buurt_id,
        "wijkteam_id": asker.wijkteam_id,
    }


def request_create(
    *,
    asker: Resident | Ontwikkelplaats,
    source: str,
    by,
    talent=None,
    help_theme: str = "",
    description: str = "",
    signup: SignUp | None = None,
    conversation: Conversation | None = None,
    referred_by=None,
    request: HttpRequest | None = None,
) -> Request:
    """A new open request of a resident or an ontwikkelplaats."""
    with transaction.atomic():
        obj = Request.objects.create(
            **_asker_place(asker),
            talent=talent,
            help_theme=help_theme or "",
            description=description or "",
            source=source,
            signup=signup,
            conversation=conversation,
            referred_by=referred_by,
            created_by=by,
            created_on=timezone.localdate(),
        )
        record("request.create", obj, request=request, actor=by)
    return obj


def request_update(
    *,
    obj: Request,
    by,
    talent=None,
    help_theme: str = "",
    description: str = "",
    expected_version: int | None = None,
    request=None,
) -> Request:
    """Change what a request asks for (audited: the description is about a person), only if
    nobody changed it since ``expected_version`` (:class:`StaleVersion` otherwise)."""
    with transaction.atomic():
        save_if_unchanged(
            Request,
            pk=obj.pk,
            expected_version=expected_version,
            talent=talent,
            help_theme=help_theme or "",
            description=description or "",
        )
        obj.refresh_from_db()
        record("request.change", obj, request=request, actor=by)
    return obj


def request_close(
    *, obj: Request, reason: str, note: str = "", by, request: HttpRequest | None = None
) -> Request:
    """Close an open request with a reason (and a short note)."""
    if reason not in CloseReason.values:
        raise RequestError(_("Kies een reden uit de lijst."))
    with transaction.atomic():
        closed = Request.objects.filter(pk=obj.pk).exclude(status=RequestStatus.CLOSED)
        if not closed.update(
            status=RequestStatus.CLOSED,
            close_reason=reason,
            close_note=note,
            closed_on=timezone.localdate(),
            updated_at=timezone.now(),
        ):
            raise RequestError(_("Deze hulpvraag is al gesloten."))
        record("request.close", obj, request=request, actor=by)
    obj.refresh_from_db()
    return obj


def request_reopen(*, obj: Request, by, request: HttpRequest | None = None) -> Request:
    """Open a closed request again (what it was closed for is forgotten)."""
    with transaction.atomic():
        reopened = Request.objects.filter(pk=obj.pk, status=RequestStatus.CLOSED).update(
            status=RequestStatus.OPEN,
            close_reason="",
            close_note="",
            closed_on=None,
            updated_at=timezone.now(),
        )
        if not reopened:
            raise RequestError(_("Deze hulpvraag is niet gesloten."))
        record("request.reopen", obj, request=request, actor=by)
    obj.refresh_from_db()
    return obj


# --- Sign-ups and conversations become requests -------------------------------------------------


def signup_wants_help(signup: SignUp) -> bool:
    """A sign-up that asks for help and says what (in words or as a theme)."""
    return bool(signup.wants_to_receive and (signup.help_wanted.strip() or signup.help_theme))


def request_from_signup(*, signup: SignUp, by=None) -> Request | None:
    """The request a sign-up with a help wish becomes once it has a resident; None without a
    wish. Idempotent: a sign-up becomes at most one request (``Request.signup`` is one-to-one)."""
    if signup.resident_id is None or not signup_wants_help(signup):
        return None
    existing = Request.objects.filter(signup=signup).first()
    if existing is not None:
        return existing
    resident = Resident.objects.select_related("buurt__wijk").get(pk=signup.resident_id)
    referred = signup.referred_by_id is not None
    try:
        with transaction.atomic():
            return request_create(
                asker=resident,
                source=RequestSource.PARTNER if referred else RequestSource.SELF,
                by=by,
                help_theme=signup.help_theme,
                description=signup.help_wanted,
                signup=signup,
                referred_by=signup.referred_by if referred else None,
            )
    except IntegrityError:  # made at the same moment by a second tap
        return Request.objects.get(signup=signup)


def request_from_conversation(
    *, conversation: Conversation, by, request: HttpRequest | None = None
) -> Request:
    """ "Maak hier een hulpvraag van": what the resident could use, as written in the
    conversation. A conversation becomes one request at most."""
    if not conversation.asks.strip():
        raise RequestError(_("In dit gesprek staat niet waar de inwoner hulp bij kan gebruiken."))
    existing = Request.objects.filter(conversation=conversation).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return request_create(
                asker=conversation.resident,
                source=RequestSource.VERBINDER,
                by=by,
                description=conversation.asks,
                conversation=conversation,
                request=request,
            )
    except IntegrityError:  # the same tap twice, at the same moment
        return Request.objects.get(conversation=conversation)


# --- Partner referrals ----------------------------------------------------------------------------


def referral_submit(*, data: dict, by, request: HttpRequest | None = None) -> SignUp:
    """A partner refers someone who agreed to it: a sign-up in the wijkteam's inbox, with the
    consent the person gave the partner recorded as such."""
    buurt = data.get("buurt") or PostcodeArea.objects.buurt_for(data.get("postcode") or "")
    now = timezone.now()
    with transaction.atomic():
        signup = SignUp.objects.create(
            first_name=data["first_name"],
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            postcode=data.get("postcode", ""),
            buurt=buurt,
            wants_to_give=False,
            wants_to_receive=True,
            help_wanted=_referral_text(data),
            help_theme=data.get("help_theme", ""),
            preferred_language=data.get("preferred_language", ""),
            consent_version=PRIVACY_STATEMENT_VERSION,
            consent_given_at=now,
            referred_by=by,
        )
        ConsentRecord.objects.create(
            signup=signup,
            purpose=ConsentRecord.Purpose.CONTACT,
            text_version=PRIVACY_STATEMENT_VERSION,
            given_at=now,
            channel=ConsentRecord.Channel.PARTNER,
            recorded_by=by,
        )
        record("signup.refer", signup, request=request, actor=by)
    return signup


def _referral_text(data: dict) -> str:
    """The help wish; a last name the partner gave travels with it (a sign-up has no field for
    it), so the verbinder who takes the referral knows whom to call."""
    text = data.get("help_wanted", "")
    if data.get("last_name"):
        text = _("Achternaam: %(name)s") % {"name": data["last_name"]} + (
            "\n" + text if text else ""
        )
    return text[:2000]
