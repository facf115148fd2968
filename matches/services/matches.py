"""Every write of a match's life: proposing it, both sides' agreement, the introduction, the
start, the end, follow-ups and check-ins. One function each, in one transaction, audited.

Status changes are conditional updates (``UPDATE ... WHERE status IN (...)``): two verbinders
(or one double tap) changing the same match at the same moment cannot both succeed, on SQLite
as on PostgreSQL, and the second gets a plain message instead of an error page. A place at an
ontwikkelplaats is taken and given back with ``F()`` in the same transaction; the database
refuses more taken than there are.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtinbloei.audit import record
from networks.models import Ontwikkelplaats, StudentHouse
from talents.models import Resident, ResidentStatus

from ..models import (
    ACTIVE_STATUSES,
    CheckIn,
    CheckInResult,
    Match,
    MatchEvent,
    MatchKind,
    MatchStatus,
    Outcome,
    Request,
    RequestSource,
    RequestStatus,
    StopReason,
)

#: A call that nobody answered is tried again this many days later.
NO_ANSWER_RETRY_DAYS = 3
#: ``MatchEvent.what`` of the events that are not a status change.
AGREED = "agreed"
FOLLOW_UP = "follow_up"
CHECK_IN = "check_in"
#: The salt of the contact person's check-in link (a token signs nothing else with it).
CHECK_IN_SALT = "matches.check-in"


class MatchError(Exception):
    """A change that cannot be made now; ``message`` says why, in plain Dutch."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class MatchChanged(MatchError):
    """Someone changed the match after the page the step came from was shown: the step is
    not made (no second event); the view shows what the other did (``Match.version``)."""


def _today() -> datetime.date:
    return timezone.localdate()


def _event(match: Match, by, *, status: str, date: datetime.date, what: str = "", note=""):
    return MatchEvent.objects.create(
        match=match, status=status, what=what, date=date, note=note[:300], by=by
    )


# --- Making a match ----------------------------------------------------------------------------


def kind_for(
    *, resident_a=None, place_a=None, resident_b=None, place_b=None, house_b=None
) -> str | None:
    """The kind that fits the sides given, or None when they fit none."""
    if house_b is not None:
        if resident_a is not None and place_a is None and resident_b is None and place_b is None:
            return MatchKind.HOUSE_RESIDENT
        return None
    if resident_a is not None and resident_b is not None and place_a is None and place_b is None:
        return MatchKind.RESIDENTS
    if resident_a is not None and place_b is not None and place_a is None and resident_b is None:
        return MatchKind.RESIDENT_PLACE
    if place_a is not None and place_b is not None and resident_a is None and resident_b is None:
        return MatchKind.PLACES
    return None


def _resident_b_allowed(by, resident: Resident) -> bool:
    """Side B may be a resident the user reads, or one of another wijkteam that matching may
    discover (the reduced level: not resting, not anonymised)."""
    if Resident.objects.visible_to(by).filter(pk=resident.pk).exists():
        return True
    return Resident.objects.discoverable_by(by).filter(pk=resident.pk).exists()


def _check_sides(by, kind, resident_a, resident_b, place_a, place_b, house_b=None) -> None:
    sides = dict(resident_a=resident_a, place_a=place_a, resident_b=resident_b, place_b=place_b)
    if kind_for(**sides, house_b=house_b) != kind:
        raise MatchError(_("Deze twee kanten passen niet bij deze soort match."))
    if resident_a is not None:
        if not Resident.objects.editable_by(by).filter(pk=resident_a.pk).exists():
            raise MatchError(_("Je kunt alleen matches maken voor inwoners van je eigen wijkteam."))
        if resident_a.status == ResidentStatus.ANONYMISED:
            raise MatchError(_("Deze inwoner is geanonimiseerd."))
        if resident_a.status == ResidentStatus.RESTING:
            raise MatchError(_("Deze inwoner doet nu niet mee aan matches (rust)."))
    if (
        place_a is not None
        and not Ontwikkelplaats.objects.editable_by(by).filter(pk=place_a.pk).exists()
    ):
        raise MatchError(
            _("Je kunt alleen matches maken voor ontwikkelplaatsen van je eigen wijkteam.")
        )
    if resident_b is not None:
        if resident_a is not None and resident_a.pk == resident_b.pk:
            raise MatchError(_("Kies twee verschillende inwoners."))
        if resident_b.status in (ResidentStatus.RESTING, ResidentStatus.ANONYMISED):
            raise MatchError(_("Deze inwoner doet nu niet mee aan matches (rust)."))
        if not _resident_b_allowed(by, resident_b):
            raise MatchError(_("Deze inwoner kun je niet kiezen."))
    if place_b is not None:
        if place_a is not None and place_a.pk == place_b.pk:
            raise MatchError(_("Kies twee verschillende ontwikkelplaatsen."))
        if not Ontwikkelplaats.objects.visible_to(by).filter(pk=place_b.pk).exists():
            raise MatchError(_("Deze ontwikkelplaats kun je niet kiezen."))
        if not (place_b.active and place_b.reviewed and place_b.organisation.reviewed):
            raise MatchError(
                _("%(title)s is niet actief of nog niet beoordeeld.") % {"title": place_b.title}
            )
        if resident_a is not None and place_b.free_places <= 0:
            raise MatchError(
                _("Er is geen plaats meer vrij bij %(title)s.") % {"title": place_b.title}
            )
    if house_b is not None:
        if not StudentHouse.objects.visible_to(by).filter(pk=house_b.pk).exists():
            raise MatchError(_("Dit studentenhuis kun je niet kiezen."))
        if not house_b.active:
            raise MatchError(_("%(name)s doet nu niet mee.") % {"name": house_b.name})


def _check_not_too_busy(resident_a, resident_b, found_existing: bool) -> None:
    """No resident in more active matches than MATCH_MAX_ACTIVE_PER_RESIDENT: the suggestions
    leave such residents out, and a match made by hand keeps to the same rule."""
    if found_existing:
        return
    limit = settings.MATCH_MAX_ACTIVE_PER_RESIDENT
    for resident in (resident_a, resident_b):
        if resident is None:
            continue
        active = Match.objects.active().involving_resident(resident).count()
        if active >= limit:
            raise MatchError(
                _("%(name)s heeft al %(count)s actieve matches; meer kan niet tegelijk.")
                % {"name": resident.first_name, "count": active}
            )


def _existing(kind, resident_a, resident_b, place_a, place_b, talent, house_b=None):
    sides = {
        "resident_a": resident_a,
        "resident_b": resident_b,
        "place_a": place_a,
        "place_b": place_b,
        "house_b": house_b,
    }
    return (
        Match.objects.active()
        .filter(kind=kind, talent=talent, **{k: v for k, v in sides.items() if v is not None})
        .first()
    )


def propose_match(
    by,
    *,
    kind: str,
    resident_a: Resident | None = None,
    resident_b: Resident | None = None,
    place_a: Ontwikkelplaats | None = None,
    place_b: Ontwikkelplaats | None = None,
    talent=None,
    request: Request | None = None,
    http_request=None,
    house_b: StudentHouse | None = None,
) -> Match:
    """Propose a match; answer a second attempt for the same pair and talent with the match
    already there (``match.existing`` is True then), never with an integrity error.

    Side A is the asker's side and must be the user's to change; side B may be in another
    wijkteam when matching may discover it. ``request`` (the hulpvraag it answers) is then
    marked matched. ``http_request`` only feeds the audit log.
    """
    if request is not None:
        if not Request.objects.editable_by(by).filter(pk=request.pk).exists():
            raise MatchError(_("Deze hulpvraag kun je niet veranderen."))
        if request.status == RequestStatus.CLOSED:
            raise MatchError(_("Deze hulpvraag is gesloten."))
        if (request.resident_id, request.ontwikkelplaats_id) != (
            getattr(resident_a, "pk", None),
            getattr(place_a, "pk", None),
        ):
            raise MatchError(_("De eerste kant van de match is wie de hulpvraag stelde."))
        if request.talent_id and talent is not None and talent.pk != request.talent_id:
            raise MatchError(_("Een match op deze hulpvraag is voor het gevraagde talent."))
    _check_sides(by, kind, resident_a, resident_b, place_a, place_b, house_b)
    found = _existing(kind, resident_a, resident_b, place_a, place_b, talent, house_b)
    if found is not None:
        found.existing = True
        return found
    _check_not_too_busy(resident_a, resident_b, found_existing=False)
    side_a, side_b = resident_a or place_a, resident_b or place_b or house_b
    today = _today()
    match = Match(
        kind=kind,
        resident_a=resident_a,
        resident_b=resident_b,
        place_a=place_a,
        place_b=place_b,
        house_b=house_b,
        talent=talent,
        request=request,
        verbinder=by,
        wijkteam_id=side_a.wijkteam_id,
        wijkteam_b_id=side_b.wijkteam_id if side_b.wijkteam_id != side_a.wijkteam_id else None,
        proposed_on=today,
        follow_up_on=today + datetime.timedelta(days=settings.MATCH_FOLLOW_UP_DAYS),
    )
    try:
        with transaction.atomic():
            match.save()
            _event(match, by, status=MatchStatus.PROPOSED, date=today)
            if request is not None:
                Request.objects.filter(pk=request.pk).update(
                    status=RequestStatus.MATCHED, updated_at=timezone.now()
                )
            record("match.create", match, request=http_request, actor=by)
    except IntegrityError:
        # The same pair at the same moment (a double tap): the first one won.
        found = _existing(kind, resident_a, resident_b, place_a, place_b, talent, house_b)
        if found is None:
            raise
        found.existing = True
        return found
    match.existing = False
    return match


# --- The lifecycle -----------------------------------------------------------------------------


def _move(
    match: Match, *, allowed, message: str, expected_version: int | None = None, **changes
) -> None:
    """Change the match only if it is still in one of the ``allowed`` statuses and, when the
    step says which version it was shown (``expected_version``), still at that version. One
    UPDATE: of two verbinders stepping at once, the second finds the row changed."""
    rows = Match.objects.filter(pk=match.pk, status__in=list(allowed))
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(**changes, updated_at=timezone.now(), version=F("version") + 1):
        _refuse(match, message, expected_version)
    match.version += 1
    for name, value in changes.items():
        setattr(match, name, value)


def _refuse(match: Match, message: str, expected_version: int | None):
    """Why a step was not made: someone else changed the match (``MatchChanged``), or the step
    does not fit its status (``MatchError``)."""
    if expected_version is not None and (
        Match.objects.filter(pk=match.pk).exclude(version=expected_version).exists()
    ):
        raise MatchChanged(message)
    raise MatchError(message)


#: An introduction is planned within this many days (a date far ahead is a typing error).
INTRODUCTION_HORIZON_DAYS = 366


def _check_sides_still_take_part(match: Match) -> None:
    """An erased (anonymised) resident takes no further step in a match."""
    for resident in (match.resident_a, match.resident_b):
        if resident is not None and resident.status == ResidentStatus.ANONYMISED:
            raise MatchError(
                _("Een van de inwoners is geanonimiseerd; deze match gaat niet verder.")
            )


@transaction.atomic
def match_record_agreement(
    *, match: Match, by, expected_version: int | None = None, request=None
) -> Match:
    """Both sides said yes: from now on the match page shows each side's contact details."""
    if not match.is_active:
        raise MatchError(_("Deze match is al beëindigd."))
    _check_sides_still_take_part(match)
    now = timezone.now()
    rows = Match.objects.filter(
        pk=match.pk, both_agreed_at__isnull=True, status__in=list(ACTIVE_STATUSES)
    )
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(both_agreed_at=now, updated_at=now, version=F("version") + 1):
        _refuse(match, _("Dat beide kanten akkoord zijn, is al vastgelegd."), expected_version)
    match.both_agreed_at = now
    match.version += 1
    _event(match, by, status=match.status, what=AGREED, date=_today())
    record("match.agree", match, request=request, actor=by)
    return match


@transaction.atomic
def match_plan_introduction(
    *, match: Match, on: datetime.date, by, expected_version: int | None = None, request=None
) -> Match:
    """Plan (or move) the introduction; the follow-up moves to the day after it."""
    if match.status not in (MatchStatus.PROPOSED, MatchStatus.INTRODUCTION_PLANNED):
        raise MatchError(_("Een kennismaking plan je voordat de match start."))
    if on < match.proposed_on:
        raise MatchError(_("De kennismaking kan niet vóór het voorstel liggen."))
    if on > _today() + datetime.timedelta(days=INTRODUCTION_HORIZON_DAYS):
        raise MatchError(_("Plan de kennismaking binnen een jaar."))
    _check_sides_still_take_part(match)
    _move(
        match,
        allowed=[MatchStatus.PROPOSED, MatchStatus.INTRODUCTION_PLANNED],
        message=_("Een kennismaking plan je voordat de match start."),
        expected_version=expected_version,
        status=MatchStatus.INTRODUCTION_PLANNED,
        introduction_on=on,
        follow_up_on=on + datetime.timedelta(days=1),
    )
    _event(match, by, status=MatchStatus.INTRODUCTION_PLANNED, date=on)
    record("match.introduction", match, request=request, actor=by)
    return match


@transaction.atomic
def match_start(
    *, match: Match, on: datetime.date, by, expected_version: int | None = None, request=None
) -> Match:
    """The match starts (it counts for the KPI from this date): a resident at an
    ontwikkelplaats takes one of its places, and the check-ins are planned."""
    if match.status not in (MatchStatus.PROPOSED, MatchStatus.INTRODUCTION_PLANNED):
        raise MatchError(_("Deze match is al gestart of beëindigd."))
    if not match.contacts_shared:
        raise MatchError(_("Leg eerst vast dat beide kanten ja hebben gezegd."))
    _check_sides_still_take_part(match)
    if on > _today():
        raise MatchError(_("Een match start vandaag of eerder, niet in de toekomst."))
    if on < match.proposed_on:
        raise MatchError(_("De start kan niet vóór het voorstel liggen."))
    if match.kind == MatchKind.RESIDENT_PLACE:
        # The place first: when none is free nothing has changed yet. When the status change
        # below fails, leaving the atomic block gives the place back.
        taken = Ontwikkelplaats.objects.filter(
            pk=match.place_b_id, places_taken__lt=F("places")
        ).update(places_taken=F("places_taken") + 1, version=F("version") + 1)
        if not taken:
            raise MatchError(
                _("Er is geen plaats meer vrij bij %(title)s.") % {"title": match.place_b.title}
            )
        # Named on the place too: an edit of the place opened before now meets a conflict
        # that says who took the place.
        record("ontwikkelplaats.place_taken", match.place_b, request=request, actor=by)
    _move(
        match,
        allowed=[MatchStatus.PROPOSED, MatchStatus.INTRODUCTION_PLANNED],
        message=_("Deze match is al gestart of beëindigd."),
        expected_version=expected_version,
        status=MatchStatus.STARTED,
        started_on=on,
        follow_up_on=None,
    )
    CheckIn.objects.bulk_create(
        CheckIn(match=match, due_on=on + datetime.timedelta(weeks=weeks))
        for weeks in settings.MATCH_CHECK_IN_WEEKS
    )
    _event(match, by, status=MatchStatus.STARTED, date=on)
    record("match.start", match, request=request, actor=by)
    return match


def _rematch_request(match: Match, by) -> Request:
    """A stopped match without a request gets one, so the re-match has a home (the request
    page, with its suggestions). It asks what side A asked of this match."""
    side_a = match.side_a
    # A request that is open already for the same asker and talent is the home: stopping
    # several matches must not pile up identical requests.
    request = (
        Request.objects.filter(
            resident=match.resident_a,
            ontwikkelplaats=match.place_a,
            talent=match.talent,
            status=RequestStatus.OPEN,
        )
        .order_by("pk")
        .first()
    )
    if request is not None:
        Match.objects.filter(pk=match.pk).update(request=request)
        match.request = request
        return request
    request = Request.objects.create(
        resident=match.resident_a,
        ontwikkelplaats=match.place_a,
        talent=match.talent,
        buurt=side_a.buurt,
        wijkteam_id=match.wijkteam_id,
        source=RequestSource.VERBINDER,
        created_by=by,
        description=_("Opnieuw gezocht na een gestopte match (%(date)s).")
        % {"date": match.ended_on.strftime("%d-%m-%Y")},
    )
    Match.objects.filter(pk=match.pk).update(request=request)
    match.request = request
    return request


@transaction.atomic
def match_end(
    *,
    match: Match,
    outcome: str,
    on: datetime.date,
    by,
    stop_reason: str = "",
    evaluation_a: str = "",
    evaluation_b: str = "",
    continues_on_own: bool | None = None,
    expected_version: int | None = None,
    request=None,
) -> Match:
    """End a match, completed or stopped (with a reason), with a short evaluation.

    A place taken at an ontwikkelplaats is given back; check-ins not done are dropped. A
    stopped match reopens its request so it can be matched again (see ``_rematch_request``)."""
    if outcome not in Outcome.values:
        raise MatchError(_("Kies of de match is afgerond of gestopt."))
    if outcome == Outcome.COMPLETED and match.status != MatchStatus.STARTED:
        raise MatchError(_("Alleen een gestarte match kan afgerond worden; kies 'gestopt'."))
    if outcome == Outcome.STOPPED and stop_reason not in StopReason.values:
        raise MatchError(_("Kies waarom de match gestopt is."))
    if on > _today():
        raise MatchError(_("Een match eindigt vandaag of eerder, niet in de toekomst."))
    if on < (match.started_on or match.proposed_on):
        raise MatchError(_("Het einde kan niet vóór de start liggen."))
    was_started = match.status == MatchStatus.STARTED
    _move(
        match,
        allowed=ACTIVE_STATUSES,
        message=_("Deze match is al beëindigd."),
        expected_version=expected_version,
        status=MatchStatus.ENDED,
        ended_on=on,
        outcome=outcome,
        stop_reason=stop_reason if outcome == Outcome.STOPPED else "",
        evaluation_a=evaluation_a,
        evaluation_b=evaluation_b,
        continues_on_own=continues_on_own,
        follow_up_on=None,
    )
    if was_started and match.kind == MatchKind.RESIDENT_PLACE:
        Ontwikkelplaats.objects.filter(pk=match.place_b_id, places_taken__gt=0).update(
            places_taken=F("places_taken") - 1, version=F("version") + 1
        )
        record("ontwikkelplaats.place_returned", match.place_b, request=request, actor=by)
    CheckIn.objects.filter(match=match, done_at__isnull=True).delete()
    note = match.get_stop_reason_display() if outcome == Outcome.STOPPED else ""
    _event(match, by, status=MatchStatus.ENDED, date=on, note=note)
    if outcome == Outcome.STOPPED:
        if match.request_id is None:
            _rematch_request(match, by)
        elif not Match.objects.active().filter(request=match.request_id).exists():
            Request.objects.filter(pk=match.request_id).exclude(status=RequestStatus.CLOSED).update(
                status=RequestStatus.OPEN, updated_at=timezone.now()
            )
    record("match.end", match, request=request, actor=by, details={"outcome": outcome})
    return match


# --- Follow-ups and check-ins ------------------------------------------------------------------


@transaction.atomic
def match_follow_up(
    *, match: Match, result: str, by, expected_version: int | None = None, request=None
) -> Match:
    """One click on a proposed match that is due: the call is noted, the next follow-up set."""
    if result not in (CheckInResult.GOING_WELL, CheckInResult.CONCERN, CheckInResult.NO_ANSWER):
        raise MatchError(_("Kies hoe het gesprek ging."))
    days = (
        NO_ANSWER_RETRY_DAYS if result == CheckInResult.NO_ANSWER else settings.MATCH_FOLLOW_UP_DAYS
    )
    _move(
        match,
        allowed=[MatchStatus.PROPOSED, MatchStatus.INTRODUCTION_PLANNED],
        message=_("Deze match hoeft niet meer opgevolgd te worden."),
        expected_version=expected_version,
        follow_up_on=_today() + datetime.timedelta(days=days),
    )
    label = CheckInResult(result).label
    _event(match, by, status=match.status, what=FOLLOW_UP, date=_today(), note=str(label))
    record("match.follow_up", match, request=request, actor=by)
    return match


@transaction.atomic
def check_in_log(*, check_in: CheckIn, result: str, by, note: str = "", request=None) -> CheckIn:
    """The verbinder's one click: "gebeld, gaat goed", "aandachtspunt" or "geen gehoor" (then
    a new check-in a few days later)."""
    if result not in (CheckInResult.GOING_WELL, CheckInResult.CONCERN, CheckInResult.NO_ANSWER):
        raise MatchError(_("Kies hoe het gesprek ging."))
    now = timezone.now()
    done = CheckIn.objects.filter(pk=check_in.pk, done_at__isnull=True).update(
        done_at=now, result=result, note=note[:500], by=by
    )
    if not done:
        raise MatchError(_("Deze check-in is al gedaan."))
    check_in.done_at, check_in.result, check_in.note, check_in.by = now, result, note, by
    if result == CheckInResult.NO_ANSWER:
        CheckIn.objects.create(
            match_id=check_in.match_id,
            due_on=_today() + datetime.timedelta(days=NO_ANSWER_RETRY_DAYS),
        )
    record("match.check_in", check_in.match, request=request, actor=by)
    return check_in


# --- The contact person's check-in link ---------------------------------------------------------


def check_in_token(check_in: CheckIn) -> str:
    """The secret of a contact person's check-in link: the check-in's key, signed and dated."""
    return signing.TimestampSigner(salt=CHECK_IN_SALT).sign(check_in.key)


class LinkGone(Exception):
    """The link was good once: it expired, or it was used already (410)."""


class LinkUnknown(Exception):
    """The link was never ours, or its check-in is gone (404)."""


def check_in_for_token(token: str) -> CheckIn:
    """The open check-in behind a link, or LinkUnknown / LinkGone."""
    signer = signing.TimestampSigner(salt=CHECK_IN_SALT)
    max_age = datetime.timedelta(days=settings.CHECK_IN_LINK_DAYS)
    try:
        key = signer.unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkGone from None
    except signing.BadSignature:
        raise LinkUnknown from None
    check_in = (
        CheckIn.objects.select_related("match__resident_a", "match__place_a", "match__place_b")
        .filter(key=key)
        .first()
    )
    if check_in is None:
        raise LinkUnknown
    if check_in.done_at is not None or check_in.match.status == MatchStatus.ENDED:
        raise LinkGone
    return check_in


@transaction.atomic
def check_in_answer(
    *, check_in: CheckIn, going: str, attends: bool, contact_note: str = "", request=None
) -> CheckIn:
    """The contact person's three answers; a second submit of the same link is refused."""
    now = timezone.now()
    done = CheckIn.objects.filter(pk=check_in.pk, done_at__isnull=True).update(
        done_at=now,
        result=CheckInResult.CONTACT_PERSON,
        going=going,
        attends=attends,
        contact_note=contact_note[:1000],
    )
    if not done:
        raise LinkGone
    _event(
        check_in.match,
        None,
        status=check_in.match.status,
        what=CHECK_IN,
        date=_today(),
        note=str(CheckInResult.CONTACT_PERSON.label),
    )
    record("match.check_in_answer", check_in.match, request=request)
    return check_in


def open_check_in(match: Match) -> CheckIn | None:
    """The check-in the contact person's link is for: the first one not done yet."""
    return match.check_ins.filter(done_at__isnull=True).order_by("due_on", "pk").first()


def due_q(today: datetime.date) -> Q:
    """Matches whose follow-up is due (proposed or introduction planned)."""
    return Q(
        status__in=[MatchStatus.PROPOSED, MatchStatus.INTRODUCTION_PLANNED],
        follow_up_on__lte=today,
    )


# --- Reads the views share ----------------------------------------------------------------------


def with_names(matches):
    """Each side by first name or title only (lists, sections, the panel): what a list may say
    about someone of another wijkteam, fetched without the rest of their row."""
    return matches.annotate(
        a_first_name=F("resident_a__first_name"),
        b_first_name=F("resident_b__first_name"),
        a_title=F("place_a__title"),
        b_title=Coalesce(F("place_b__title"), F("house_b__name")),
        talent_name=F("talent__name"),
    )


def request_url(request_obj, user) -> str | None:
    """The request's page, where its suggestions are: None when this user may not open it
    (the verbinder of the other side of a match across wijkteams)."""
    if request_obj is None:
        return None
    if not Request.objects.visible_to(user).filter(pk=request_obj.pk).exists():
        return None
    return request_obj.get_absolute_url()
