"""The access matrix: every URL pattern, every persona, the answer each one gets to GET and POST.

Columns, in order: anonymous, partner, verbinder of another wijkteam, verbinder of the wijkteam,
coördinator, beheerder. Every row states both methods (``Row(get=…, post=…)``): a row without
one cannot be built, and a new URL pattern fails ``test_every_url_is_in_the_matrix`` until it
gets a row here (later apps add their rows to MATRIX). Objects in URLs belong to the persona
"verbinder of the wijkteam", so the other verbinder shows what a stranger gets.

The ``kwargs`` and ``data`` of a row create their objects each time they are called, and the
POST test calls them once per persona: every POST goes to a fresh object, so a persona that
changes state (the verbinder takes a sign-up) can never change the answer the next one gets.
A POST is sent with an empty body unless the row gives ``data``: where the empty body is
enough to pass or fail each check of the view, it is the harmless choice.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from buurtinbloei.models import (
    AuditEvent,
    Buurt,
    JobRun,
    OutgoingMail,
    PostcodeArea,
    Stadsdeel,
    Wijk,
    Wijkteam,
)

PERSONAS = ("anonymous", "partner", "other_verbinder", "verbinder", "coordinator", "beheerder")

Answers = tuple[int, int, int, int, int, int]


_serial = itertools.count(1)


def _no_kwargs(objs: dict) -> dict:
    return {}


def _no_data(objs: dict, kwargs: dict) -> dict:
    return {}


@dataclass(frozen=True)
class Row:
    """What each persona gets from one URL pattern: for GET, and for POST."""

    get: Answers
    post: Answers
    #: The URL's parameters, creating the objects it needs (called again for every POST).
    kwargs: Callable[[dict], dict] = field(default=_no_kwargs)
    #: The POST body, given the objects and the URL's parameters; empty unless stated.
    data: Callable[[dict, dict], dict] = field(default=_no_data)

    def __post_init__(self) -> None:
        for method in ("get", "post"):
            answers = getattr(self, method)
            if not (
                isinstance(answers, tuple)
                and len(answers) == len(PERSONAS)
                and all(isinstance(code, int) for code in answers)
            ):
                raise TypeError(f"Row.{method} needs one status code per persona: {answers!r}")


def _own_wijkteam(objs: dict) -> dict:
    return {"slug": objs["personas"].own_wijkteam.slug}


def _own_buurt(objs: dict) -> Buurt:
    return Buurt.objects.filter(wijk__wijkteam=objs["personas"].own_wijkteam).order_by("pk").first()


def _own_signup(objs: dict) -> dict:
    """A new sign-up from a buurt of the verbinder persona's wijkteam."""
    from .factories import SignUpFactory

    return {"pk": SignUpFactory(buurt=_own_buurt(objs)).pk}


def _own_resident(objs: dict) -> dict:
    """A resident in a buurt of the verbinder persona's wijkteam."""
    from .factories import ResidentFactory

    return {"pk": ResidentFactory(buurt=_own_buurt(objs)).pk}


def _own_consent(objs: dict) -> dict:
    """A resident of the own wijkteam with consent given on the website."""
    from django.utils import timezone

    from talents.models import ConsentRecord

    resident_pk = _own_resident(objs)["pk"]
    consent = ConsentRecord.objects.create(
        resident_id=resident_pk, purpose="contact", text_version="1", given_at=timezone.now()
    )
    return {"pk": resident_pk, "consent_pk": consent.pk}


def _own_resident_talent(objs: dict) -> dict:
    from .factories import ResidentTalentFactory

    resident_pk = _own_resident(objs)["pk"]
    link = ResidentTalentFactory(resident_id=resident_pk)
    return {"pk": resident_pk, "link_pk": link.pk}


def _own_follow_up(objs: dict) -> dict:
    from .factories import ConversationFactory

    resident_pk = _own_resident(objs)["pk"]
    conversation = ConversationFactory(
        resident_id=resident_pk, verbinder=objs["personas"].verbinder, follow_up_on="2026-01-01"
    )
    return {"pk": conversation.pk}


def _own_sensitive_conversation(objs: dict) -> dict:
    """A sensitive conversation with a resident of the verbinder persona's wijkteam."""
    from .factories import ConversationFactory

    resident_pk = _own_resident(objs)["pk"]
    conversation = ConversationFactory(resident_id=resident_pk, sensitive=True)
    return {"pk": resident_pk, "conversation_pk": conversation.pk}


def _own_done_follow_up(objs: dict) -> dict:
    """A follow-up the verbinder persona ticked off already (to reopen it)."""
    from talents.models import Conversation

    pk = _own_follow_up(objs)["pk"]
    Conversation.objects.filter(pk=pk).update(follow_up_done=True)
    return {"pk": pk}


def _link_to_own_resident(objs: dict, kwargs: dict) -> dict:
    """Linking needs a resident: with none the form fails and the answer says nothing."""
    return {"resident": _own_resident(objs)["pk"]}


def _complete_signup(objs: dict, kwargs: dict) -> dict:
    from .factories import PASSWORD

    return {"email": f"nieuw{next(_serial)}@example.org", "password1": PASSWORD}


def _own_organisation(objs: dict) -> dict:
    from .factories import OrganisationFactory

    return {"pk": OrganisationFactory(buurt=_own_buurt(objs)).pk}


def _own_place(objs: dict) -> dict:
    from .factories import OntwikkelplaatsFactory

    return {"pk": OntwikkelplaatsFactory(organisation__buurt=_own_buurt(objs)).pk}


def _own_partner(objs: dict) -> dict:
    from .factories import PartnerFactory

    return {"pk": PartnerFactory(organisation__buurt=_own_buurt(objs)).pk}


def _own_team(objs: dict) -> dict:
    from .factories import CoreTeamFactory

    return {"pk": CoreTeamFactory(buurt=_own_buurt(objs)).pk}


def _own_member(objs: dict) -> dict:
    from .factories import CoreTeamMemberFactory

    member = CoreTeamMemberFactory(core_team__buurt=_own_buurt(objs))
    return {"pk": member.core_team_id, "member_pk": member.pk}


def _own_house(objs: dict) -> dict:
    from .factories import StudentHouseFactory

    return {"pk": StudentHouseFactory(buurt=_own_buurt(objs)).pk}


def _own_house_member(objs: dict) -> dict:
    from .factories import HouseMemberFactory

    member = HouseMemberFactory(house__buurt=_own_buurt(objs))
    return {"pk": member.house_id, "member_pk": member.pk}


def _house_confirm_link(objs: dict) -> dict:
    """The house contact's signed link of this academic year's question."""
    from django.utils import timezone

    from networks.models import HouseConfirmation, academic_year_of
    from networks.services_houses import confirm_token

    from .factories import HouseMemberFactory

    member = HouseMemberFactory(house__buurt=_own_buurt(objs))
    confirmation = HouseConfirmation.objects.create(
        house=member.house,
        academic_year=academic_year_of(timezone.localdate()),
        asked_at=timezone.now(),
        sent_to=member.house.contact_email,
    )
    return {"token": confirm_token(confirmation)}


def _own_house_match(objs: dict) -> dict:
    """A proposed match of a resident of the own wijkteam with a student house there."""
    from matches.models import MatchKind

    from .factories import MatchFactory, ResidentFactory, StudentHouseFactory

    buurt = _own_buurt(objs)
    match = MatchFactory(
        kind=MatchKind.HOUSE_RESIDENT,
        resident_a=ResidentFactory(buurt=buurt),
        resident_b=None,
        house_b=StudentHouseFactory(buurt=buurt),
        wijkteam_b_id=None,
        verbinder=objs["personas"].verbinder,
    )
    return {"pk": match.pk}


def _own_request(objs: dict) -> dict:
    """An open request of a resident in a buurt of the verbinder persona's wijkteam."""
    from .factories import RequestFactory, ResidentFactory

    return {"pk": RequestFactory(resident=ResidentFactory(buurt=_own_buurt(objs))).pk}


def _own_stale_offer(objs: dict) -> dict:
    """An offer of a resident of the wijkteam, last confirmed two years ago."""
    from talents.models import ResidentTalent

    kwargs = _own_resident_talent(objs)
    ResidentTalent.objects.filter(pk=kwargs["link_pk"]).update(confirmed_on="2020-01-01")
    return kwargs


def _own_buurt_pk(objs: dict) -> dict:
    return {"pk": _own_buurt(objs).pk}


def _own_wijk_pk(objs: dict) -> dict:
    return {"pk": _own_buurt(objs).wijk_id}


def _own_request(objs: dict) -> dict:
    """An open request of a resident of the verbinder persona's wijkteam."""
    from .factories import RequestFactory, ResidentFactory

    resident = ResidentFactory(buurt=_own_buurt(objs))
    return {"pk": RequestFactory(resident=resident).pk}


def _own_closed_request(objs: dict) -> dict:
    """A closed request (to reopen it)."""
    from matches.models import Request

    pk = _own_request(objs)["pk"]
    Request.objects.filter(pk=pk).update(status="closed", close_reason="not_needed")
    return {"pk": pk}


def _close_reason(objs: dict, kwargs: dict) -> dict:
    return {"reason": "not_needed"}


def _own_conversation_with_asks(objs: dict) -> dict:
    from .factories import ConversationFactory

    resident_pk = _own_resident(objs)["pk"]
    conversation = ConversationFactory(resident_id=resident_pk, asks="Hulp bij de boodschappen.")
    return {"pk": conversation.pk}


def _own_match(objs: dict) -> dict:
    """A proposed match between two residents of the verbinder persona's wijkteam."""
    from .factories import MatchFactory, ResidentFactory

    buurt = _own_buurt(objs)
    match = MatchFactory(
        resident_a=ResidentFactory(buurt=buurt),
        resident_b=ResidentFactory(buurt=buurt),
        verbinder=objs["personas"].verbinder,
    )
    return {"pk": match.pk}


def _own_check_in(objs: dict) -> dict:
    """A check-in due today on a started match of the verbinder persona's wijkteam."""
    from .factories import CheckInFactory, ResidentFactory

    buurt = _own_buurt(objs)
    check_in = CheckInFactory(
        match__resident_a=ResidentFactory(buurt=buurt),
        match__resident_b=ResidentFactory(buurt=buurt),
        match__verbinder=objs["personas"].verbinder,
    )
    return {"pk": check_in.pk}


def _check_in_link(objs: dict) -> dict:
    """The contact person's link of a started resident-ontwikkelplaats match."""
    from matches.models import MatchKind
    from matches.services.matches import check_in_token

    from .factories import CheckInFactory, OntwikkelplaatsFactory, ResidentFactory

    buurt = _own_buurt(objs)
    check_in = CheckInFactory(
        match__kind=MatchKind.RESIDENT_PLACE,
        match__resident_a=ResidentFactory(buurt=buurt),
        match__resident_b=None,
        match__place_b=OntwikkelplaatsFactory(organisation__buurt=buurt),
        match__verbinder=objs["personas"].verbinder,
    )
    return {"token": check_in_token(check_in)}


def _own_story(objs: dict, *, photo: bool = False, consent: bool = False) -> dict:
    """A story about a started match of the verbinder persona's wijkteam; with ``photo`` a
    picture on it, with ``consent`` the person on it agreed (so it is in reports)."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    from .factories import ResidentFactory, StartedMatchFactory
    from .stories.factories import StoryFactory, StoryPersonFactory

    buurt = _own_buurt(objs)
    story = StoryFactory(
        about=StartedMatchFactory(
            resident_a=ResidentFactory(buurt=buurt),
            resident_b=ResidentFactory(buurt=buurt),
            verbinder=objs["personas"].verbinder,
        )
    )
    if photo:
        out = io.BytesIO()
        Image.new("RGB", (8, 8)).save(out, format="JPEG")
        story.photo.save("photo.jpg", ContentFile(out.getvalue()))
    person = StoryPersonFactory(story=story, quoted=not photo, shown=photo) if consent else None
    return {"pk": story.pk, **({"person_pk": person.pk} if person else {})}


def _own_story_with_person(objs: dict) -> dict:
    return _own_story(objs, consent=True)


def _own_story_photo(objs: dict) -> dict:
    return {"pk": _own_story(objs, photo=True, consent=True)["pk"]}


def _story_about_own_match(objs: dict) -> dict:
    return {"about": "match", **_own_match(objs)}


def _own_core_team(objs: dict) -> dict:
    from .factories import CoreTeamFactory

    return {"pk": CoreTeamFactory(buurt=_own_buurt(objs)).pk}


def _own_training(objs: dict) -> dict:
    """A Kom tot Bloei training of the verbinder persona's wijkteam, with one session."""
    from .trainings.factories import TrainingFactory, TrainingSessionFactory

    training = TrainingFactory(wijkteam=objs["personas"].own_wijkteam)
    TrainingSessionFactory(training=training)
    return {"pk": training.pk}


def _own_participant(objs: dict) -> dict:
    from .trainings.factories import TrainingParticipantFactory

    pk = _own_training(objs)["pk"]
    participant = TrainingParticipantFactory(training_id=pk, resident__buurt=_own_buurt(objs))
    return {"pk": pk, "participant_pk": participant.pk}


def _own_attendance_cell(objs: dict) -> dict:
    from trainings.models import TrainingSession

    kwargs = _own_participant(objs)
    session = TrainingSession.objects.filter(training_id=kwargs["pk"]).first()
    return {**kwargs, "session_pk": session.pk}


def _own_session(objs: dict) -> dict:
    from trainings.models import TrainingSession

    pk = _own_training(objs)["pk"]
    return {"pk": pk, "session_pk": TrainingSession.objects.filter(training_id=pk).first().pk}


def _present(objs: dict, kwargs: dict) -> dict:
    return {"present": "1"}


def _own_route(objs: dict) -> dict:
    """A running landing route of a resident of the verbinder persona's wijkteam, whose
    counsellor is a partner user other than the partner persona; it shares the first name with
    other verbinders (so another wijkteam's verbinder may open its shared page)."""
    from tests.routes.support import make_route

    route = make_route(objs["personas"], consents={("verbinders", "first_name")})
    return {"pk": route.pk}


def _own_route_party(objs: dict) -> dict:
    return {**_own_route(objs), "party": "buddy"}


def _own_route_check_in(objs: dict) -> dict:
    from routes.models import PathwayCheckIn

    route_pk = _own_route(objs)["pk"]
    return {"pk": PathwayCheckIn.objects.filter(route_id=route_pk).order_by("due_on").first().pk}


def _route_link(objs: dict) -> dict:
    """The buddy's link of a running route."""
    from routes.models import Pathway
    from routes.services import link_create, link_token

    route = Pathway.objects.get(pk=_own_route(objs)["pk"])
    return {"token": link_token(link_create(route=route, party="buddy", by=None))}


EVERYONE_200 = (200, 200, 200, 200, 200, 200)
STAFF_ONLY = (302, 403, 200, 200, 200, 200)
SIGNED_IN = (302, 200, 200, 200, 200, 200)
ANONYMOUS_ONLY = (200, 302, 302, 302, 302, 302)
#: The method is not served: the view's method check comes before any login or role check.
NOT_ALLOWED = (405,) * 6
#: Signed-in users only, and the view serves no POST (a plain page of allauth, for instance).
SIGNED_IN_NO_POST = (302, 405, 405, 405, 405, 405)
#: Verbinders only (any wijkteam): a form of their own, not an object of a wijkteam.
VERBINDERS = (302, 403, 200, 200, 403, 403)
NETWORKS_READ = (302, 403, 200, 200, 200, 403)
NETWORKS_CHANGE = (302, 403, 200, 200, 403, 403)
CITY_READABLE = (302, 404, 200, 200, 200, 404)
KPIS = (302, 403, 200, 200, 200, 403)
AUDIT_REVIEWERS = (302, 403, 403, 403, 403, 200)
OWN_TEAM_CHANGES = (302, 404, 403, 200, 403, 404)
#: Stories of the verbinder persona's wijkteam: only its verbinders, other roles 403 first.
OWN_STORIES = (302, 403, 404, 200, 403, 403)

MATRIX: dict[str, Row] = {
    # The core (buurtinbloei)
    "home": Row(get=EVERYONE_200, post=NOT_ALLOWED),
    "privacy": Row(get=EVERYONE_200, post=NOT_ALLOWED),
    "healthz": Row(get=EVERYONE_200, post=NOT_ALLOWED),
    "favicon": Row(get=EVERYONE_200, post=NOT_ALLOWED),
    # The audit log for the privacy officer (beheerders). An empty POST to the review report
    # marks last month as reviewed and sends the beheerder back to the report.
    "audit-log": Row(get=AUDIT_REVIEWERS, post=NOT_ALLOWED),
    # An export: the beheerder is asked for the password again first (allauth's
    # reauthentication), test_audit_log_viewer.py downloads it after that.
    "audit-log-export": Row(get=(302, 403, 403, 403, 403, 302), post=NOT_ALLOWED),
    "audit-review": Row(get=AUDIT_REVIEWERS, post=(302, 403, 403, 403, 403, 302)),
    "wijkteam-list": Row(get=STAFF_ONLY, post=NOT_ALLOWED),
    "wijkteam-detail": Row(
        get=(302, 404, 404, 200, 200, 200), post=NOT_ALLOWED, kwargs=_own_wijkteam
    ),
    # A GET only redirects back; the language is set by POST (tested in test_language.py). An
    # empty POST sets nothing and sends everyone back to the home page.
    "set_language": Row(get=(302,) * 6, post=(302,) * 6),
    # allauth: staff login, password reset, MFA. Sign-up is closed: the page says so.
    # An empty POST to a form shows it again with its errors (200), and changes nothing.
    "account_login": Row(get=ANONYMOUS_ONLY, post=ANONYMOUS_ONLY),
    # Posted complete, so that the 200 can only mean "closed" (test_access_matrix.py checks
    # that no account was made).
    "account_signup": Row(get=ANONYMOUS_ONLY, post=ANONYMOUS_ONLY, data=_complete_signup),
    # Logging out is a POST: everyone ends up at the home page (a fresh session per persona).
    "account_logout": Row(get=SIGNED_IN, post=(302,) * 6),
    "account_inactive": Row(get=EVERYONE_200, post=NOT_ALLOWED),
    "account_reauthenticate": Row(get=SIGNED_IN, post=SIGNED_IN),
    # With no address chosen, a POST only sends the page back to itself.
    "account_email": Row(get=SIGNED_IN, post=(302,) * 6),
    "account_email_verification_sent": Row(get=EVERYONE_200, post=NOT_ALLOWED),
    # A GET explains that the link is unknown; confirming an unknown key by POST is a 404.
    "account_confirm_email": Row(
        get=EVERYONE_200, post=(404,) * 6, kwargs=lambda objs: {"key": "onbekend"}
    ),
    "account_change_password": Row(get=SIGNED_IN, post=SIGNED_IN),
    # Staff always have a password; "set password" sends them to "change password".
    "account_set_password": Row(get=(302,) * 6, post=(302,) * 6),
    # Login by code is off; the page sends everyone back.
    "account_confirm_login_code": Row(get=(302,) * 6, post=(302,) * 6),
    "account_reset_password": Row(get=EVERYONE_200, post=EVERYONE_200),
    "account_reset_password_done": Row(get=EVERYONE_200, post=NOT_ALLOWED),
    "account_reset_password_from_key": Row(
        get=EVERYONE_200,
        post=EVERYONE_200,
        kwargs=lambda objs: {"uidb36": "1", "key": "verlopen"},
    ),
    "account_reset_password_from_key_done": Row(get=EVERYONE_200, post=NOT_ALLOWED),
    "mfa_index": Row(get=SIGNED_IN, post=SIGNED_IN_NO_POST),
    # Only reachable in the middle of a login; otherwise back to the start.
    "mfa_authenticate": Row(get=(302,) * 6, post=(302,) * 6),
    "mfa_reauthenticate": Row(get=(302,) * 6, post=(302,) * 6),
    # Activating TOTP asks for the password again first (a test session has no recent login).
    "mfa_activate_totp": Row(get=(302,) * 6, post=(302,) * 6),
    "mfa_generate_recovery_codes": Row(get=(302,) * 6, post=(302,) * 6),
    # Nothing to deactivate or show without an authenticator: 404.
    "mfa_deactivate_totp": Row(
        get=(302, 404, 404, 404, 404, 404), post=(302, 404, 404, 404, 404, 404)
    ),
    "mfa_view_recovery_codes": Row(get=(302, 404, 404, 404, 404, 404), post=SIGNED_IN_NO_POST),
    "mfa_download_recovery_codes": Row(
        get=(302, 404, 404, 404, 404, 404), post=(302, 404, 404, 404, 404, 404)
    ),
    # Public sign-up and the triage inbox (talents/views/signup.py, talents/views/inbox.py).
    # Coordinators see the inbox list and count, not a resident's details; beheerders manage
    # the application, not sign-ups.
    # An empty sign-up is refused with the form's errors, for anyone.
    "public:signup": Row(get=EVERYONE_200, post=EVERYONE_200),
    "public:signup-thanks": Row(get=EVERYONE_200, post=NOT_ALLOWED),
    "talents:inbox": Row(get=(302, 403, 200, 200, 200, 403), post=NOT_ALLOWED),
    "talents:inbox-detail": Row(
        get=(302, 403, 404, 200, 403, 403), post=NOT_ALLOWED, kwargs=_own_signup
    ),
    # Taking, linking and creating answer the verbinder of the wijkteam with a redirect once
    # done (test_access_matrix.py checks that nobody else changed the sign-up); the role check
    # comes before the scope check, so only the other verbinder meets a 404.
    "talents:inbox-take": Row(
        get=NOT_ALLOWED, post=(302, 403, 404, 302, 403, 403), kwargs=_own_signup
    ),
    "talents:inbox-link": Row(
        get=NOT_ALLOWED,
        post=(302, 403, 404, 302, 403, 403),
        kwargs=_own_signup,
        data=_link_to_own_resident,
    ),
    "talents:inbox-create-resident": Row(
        get=NOT_ALLOWED, post=(302, 403, 404, 302, 403, 403), kwargs=_own_signup
    ),
    "talents:inbox-panel": Row(get=(302, 403, 200, 200, 200, 403), post=NOT_ALLOWED),
    # Each verbinder's own choice; an empty POST shows the form with its error.
    "talents:notification-settings": Row(get=VERBINDERS, post=VERBINDERS),
    # Residents, talents, conversations (talents/views/residents.py, conversations.py, street.py,
    # follow_ups.py). Coordinators read along; a partner meets a resident page as "not found".
    # Beheerders manage the application, not residents: no resident pages for them.
    # Forms posted empty come back with their errors (200) for the verbinder of the wijkteam;
    # everyone else is stopped by the scope check (404) or, in scope but read-only, 403.
    "talents:resident-list": Row(get=(302, 403, 200, 200, 200, 403), post=NOT_ALLOWED),
    "talents:resident-create": Row(get=VERBINDERS, post=VERBINDERS),
    # The reduced cross-wijkteam view is for verbinders, who match across wijkteam borders.
    "talents:resident-discover": Row(get=VERBINDERS, post=NOT_ALLOWED),
    "talents:resident-detail": Row(
        get=(302, 404, 404, 200, 200, 404), post=NOT_ALLOWED, kwargs=_own_resident
    ),
    "talents:resident-edit": Row(
        get=(302, 404, 404, 200, 403, 404),
        post=(302, 404, 404, 200, 403, 404),
        kwargs=_own_resident,
    ),
    "talents:resident-talents": Row(
        get=(302, 404, 404, 200, 403, 404),
        post=(302, 404, 404, 200, 403, 404),
        kwargs=_own_resident,
    ),
    # Removing needs no body: the verbinder's POST removes the link and redirects.
    "talents:resident-talent-remove": Row(
        get=NOT_ALLOWED, post=(302, 404, 404, 302, 403, 404), kwargs=_own_resident_talent
    ),
    "talents:conversation-create": Row(
        get=(302, 404, 404, 200, 403, 404),
        post=(302, 404, 404, 200, 403, 404),
        kwargs=_own_resident,
    ),
    # Correcting a conversation (a sensitive one here): the wijkteam's verbinders only; an
    # empty POST comes back with the form's errors.
    "talents:conversation-edit": Row(
        get=(302, 404, 404, 200, 403, 404),
        post=(302, 404, 404, 200, 403, 404),
        kwargs=_own_sensitive_conversation,
    ),
    "talents:talent-search": Row(get=VERBINDERS, post=NOT_ALLOWED),
    "talents:street-capture": Row(get=VERBINDERS, post=VERBINDERS),
    "talents:follow-ups-panel": Row(get=VERBINDERS, post=NOT_ALLOWED),
    # Only the verbinder who has the follow-up can tick it off (a redirect to the panel); the
    # other verbinder passes the role check and meets a 404.
    "talents:follow-up-done": Row(
        get=NOT_ALLOWED, post=(302, 403, 404, 302, 403, 403), kwargs=_own_follow_up
    ),
    # Undo "Gedaan": only the verbinder who ticked it off can reopen it (a redirect to the panel).
    "talents:follow-up-reopen": Row(
        get=NOT_ALLOWED, post=(302, 403, 404, 302, 403, 403), kwargs=_own_done_follow_up
    ),
    # The home page's quick "Gesprek vastleggen": find a resident, then the form.
    "talents:conversation-start": Row(get=VERBINDERS, post=NOT_ALLOWED),
    # Older conversations ("eerdere gesprekken"): whoever may see the resident page.
    "talents:resident-conversations": Row(
        get=(302, 404, 404, 200, 200, 404), post=NOT_ALLOWED, kwargs=_own_resident
    ),
    # The verbinder's full list of open follow-ups.
    "talents:follow-ups": Row(get=VERBINDERS, post=NOT_ALLOWED),
    # A resident's rights (views/rights.py): only the wijkteam's verbinders. The access export
    # and erasure then ask for the password again (302 to allauth's reauthentication: the
    # matrix's sessions hold no recent authentication; tests/rights shows the 200 after it).
    "talents:resident-access": Row(
        get=(302, 403, 404, 302, 403, 403), post=NOT_ALLOWED, kwargs=_own_resident
    ),
    "talents:resident-erase": Row(
        get=(302, 403, 404, 302, 403, 403),
        post=(302, 403, 404, 302, 403, 403),
        kwargs=_own_resident,
    ),
    # Consent given in person; withdrawing it (an empty POST comes back with its errors).
    "talents:consent-create": Row(
        get=(302, 403, 404, 200, 403, 403),
        post=(302, 403, 404, 200, 403, 403),
        kwargs=_own_resident,
    ),
    "talents:consent-withdraw": Row(
        get=(302, 403, 404, 200, 403, 403),
        post=(302, 403, 404, 200, 403, 403),
        kwargs=_own_consent,
    ),
    # Networks (networks/views/): organisations and ontwikkelplaatsen are readable by every
    # verbinder in the city and changed by the own wijkteam; kernteams and partners stay in the
    # wijkteam (coördinatoren read along). Partners and beheerders have no network pages.
    "networks:organisation-list": Row(get=NETWORKS_READ, post=NOT_ALLOWED),
    "networks:organisation-create": Row(get=NETWORKS_CHANGE, post=NETWORKS_CHANGE),
    "networks:organisation-detail": Row(
        get=CITY_READABLE, post=NOT_ALLOWED, kwargs=_own_organisation
    ),
    "networks:organisation-edit": Row(
        get=OWN_TEAM_CHANGES, post=OWN_TEAM_CHANGES, kwargs=_own_organisation
    ),
    "networks:organisation-review": Row(
        get=NOT_ALLOWED, post=(302, 404, 403, 302, 403, 404), kwargs=_own_organisation
    ),
    # Any readable organisation may become a partner in one of the own wijken.
    "networks:partner-add": Row(
        get=NETWORKS_CHANGE, post=NETWORKS_CHANGE, kwargs=_own_organisation
    ),
    "networks:partner-list": Row(get=NETWORKS_READ, post=NOT_ALLOWED),
    "networks:partner-contact": Row(
        get=(302, 404, 404, 200, 403, 404), post=(302, 404, 404, 200, 403, 404), kwargs=_own_partner
    ),
    "networks:place-list": Row(get=NETWORKS_READ, post=NOT_ALLOWED),
    "networks:place-create": Row(get=NETWORKS_CHANGE, post=NETWORKS_CHANGE),
    "networks:ontwikkelplaats-detail": Row(get=CITY_READABLE, post=NOT_ALLOWED, kwargs=_own_place),
    "networks:place-edit": Row(get=OWN_TEAM_CHANGES, post=OWN_TEAM_CHANGES, kwargs=_own_place),
    "networks:place-review": Row(
        get=NOT_ALLOWED, post=(302, 404, 403, 302, 403, 404), kwargs=_own_place
    ),
    # Student houses (networks/views/houses.py): readable city-wide like ontwikkelplaatsen (any
    # verbinder may match one), changed by the own wijkteam; an empty member form comes back
    # with its errors (200). The contact's confirmation link needs no account (the signed token
    # is the secret); an empty POST is an answer too ("nobody stays"), so each persona gets a
    # fresh link.
    "networks:house-list": Row(get=NETWORKS_READ, post=NOT_ALLOWED),
    "networks:house-create": Row(get=NETWORKS_CHANGE, post=NETWORKS_CHANGE),
    "networks:house-detail": Row(get=CITY_READABLE, post=NOT_ALLOWED, kwargs=_own_house),
    "networks:house-edit": Row(get=OWN_TEAM_CHANGES, post=OWN_TEAM_CHANGES, kwargs=_own_house),
    "networks:house-member-add": Row(
        get=OWN_TEAM_CHANGES, post=OWN_TEAM_CHANGES, kwargs=_own_house
    ),
    "networks:house-member-toggle": Row(
        get=NOT_ALLOWED, post=(302, 404, 403, 302, 403, 404), kwargs=_own_house_member
    ),
    "networks:house-confirm": Row(get=EVERYONE_200, post=EVERYONE_200, kwargs=_house_confirm_link),
    "networks:coreteam-list": Row(get=NETWORKS_READ, post=NOT_ALLOWED),
    "networks:coreteam-create": Row(get=NETWORKS_CHANGE, post=NETWORKS_CHANGE),
    "networks:coreteam-detail": Row(
        get=(302, 404, 404, 200, 200, 404), post=NOT_ALLOWED, kwargs=_own_team
    ),
    "networks:coreteam-edit": Row(
        get=(302, 404, 404, 200, 403, 404), post=(302, 404, 404, 200, 403, 404), kwargs=_own_team
    ),
    "networks:member-add": Row(
        get=(302, 404, 404, 200, 403, 404), post=(302, 404, 404, 200, 403, 404), kwargs=_own_team
    ),
    "networks:member-toggle": Row(
        get=NOT_ALLOWED, post=(302, 404, 404, 302, 403, 404), kwargs=_own_member
    ),
    "networks:activity-add": Row(
        get=(302, 404, 404, 200, 403, 404), post=(302, 404, 404, 200, 403, 404), kwargs=_own_team
    ),
    "networks:coreteam-change": Row(
        get=(302, 404, 404, 200, 403, 404), post=(302, 404, 404, 200, 403, 404), kwargs=_own_team
    ),
    "networks:buurt-index": Row(get=NETWORKS_READ, post=NOT_ALLOWED),
    "networks:buurt-profile": Row(
        get=(302, 403, 404, 200, 200, 403), post=NOT_ALLOWED, kwargs=_own_buurt_pk
    ),
    "networks:wijk-profile": Row(
        get=(302, 403, 404, 200, 200, 403), post=NOT_ALLOWED, kwargs=_own_wijk_pk
    ),
    "networks:panel": Row(get=NETWORKS_CHANGE, post=NOT_ALLOWED),
    "networks:organisation-signup": Row(get=EVERYONE_200, post=EVERYONE_200),
    "networks:organisation-signup-thanks": Row(get=EVERYONE_200, post=NOT_ALLOWED),
    # Requests and referrals (matches/views/requests.py, referrals.py). Requests name residents:
    # the same rows as the resident pages (coördinatoren read along, partners and beheerders meet
    # "not found"). An empty POST to a form comes back with its errors (200).
    "matches:request-list": Row(get=(302, 403, 200, 200, 200, 403), post=NOT_ALLOWED),
    "matches:request-create": Row(get=VERBINDERS, post=VERBINDERS),
    "matches:request-detail": Row(
        get=(302, 404, 404, 200, 200, 404), post=NOT_ALLOWED, kwargs=_own_request
    ),
    "matches:request-edit": Row(
        get=(302, 404, 404, 200, 403, 404),
        post=(302, 404, 404, 200, 403, 404),
        kwargs=_own_request,
    ),
    "matches:request-close": Row(
        get=NOT_ALLOWED,
        post=(302, 404, 404, 302, 403, 404),
        kwargs=_own_request,
        data=_close_reason,
    ),
    "matches:request-reopen": Row(
        get=NOT_ALLOWED, post=(302, 404, 404, 302, 403, 404), kwargs=_own_closed_request
    ),
    "matches:resident-requests": Row(
        get=(302, 404, 404, 200, 200, 404),
        post=(302, 404, 404, 200, 403, 404),
        kwargs=_own_resident,
    ),
    "matches:conversation-request": Row(
        get=NOT_ALLOWED, post=(302, 404, 404, 302, 403, 404), kwargs=_own_conversation_with_asks
    ),
    # On an ontwikkelplaats' page, readable city-wide: the other verbinder sees none of the
    # requests of another wijkteam there.
    "matches:place-requests": Row(get=CITY_READABLE, post=NOT_ALLOWED, kwargs=_own_place),
    # Partners only: refer someone, follow one's own referrals.
    "matches:referral-create": Row(
        get=(302, 200, 403, 403, 403, 403), post=(302, 200, 403, 403, 403, 403)
    ),
    "matches:referral-list": Row(get=(302, 200, 403, 403, 403, 403), post=NOT_ALLOWED),
    "matches:referral-panel": Row(get=(302, 200, 403, 403, 403, 403), post=NOT_ALLOWED),
    # Match suggestions (matches/views/suggestions.py): whoever may read residents, in scope
    # (coördinatoren read along, without notes or buttons); confirming a stale offer is the
    # wijkteam's verbinders' (a redirect back to "Past bij").
    "matches:request-suggestions": Row(
        get=(302, 403, 404, 200, 200, 403), post=NOT_ALLOWED, kwargs=_own_request
    ),
    "matches:resident-suggestions": Row(
        get=(302, 403, 404, 200, 200, 403), post=NOT_ALLOWED, kwargs=_own_resident
    ),
    "matches:offer-confirm": Row(
        get=NOT_ALLOWED, post=(302, 403, 404, 302, 403, 403), kwargs=_own_stale_offer
    ),
    # Matches (matches/views/matches.py, checkins.py, panel.py): read like residents (a
    # coördinator city-wide, without notes), made and changed by the verbinders of either side's
    # wijkteam. An empty lifecycle form comes back with its errors (200); an empty "beide kanten
    # zeiden ja" records the agreement (302). One-click logs without a choice say so and go back
    # to the panel (302).
    "matches:match-list": Row(get=(302, 403, 200, 200, 200, 403), post=NOT_ALLOWED),
    "matches:match-create": Row(get=VERBINDERS, post=VERBINDERS),
    "matches:match-detail": Row(
        get=(302, 404, 404, 200, 200, 404), post=NOT_ALLOWED, kwargs=_own_match
    ),
    "matches:match-agree": Row(
        get=NOT_ALLOWED, post=(302, 404, 404, 302, 403, 404), kwargs=_own_match
    ),
    "matches:match-introduction": Row(
        get=NOT_ALLOWED, post=(302, 404, 404, 200, 403, 404), kwargs=_own_match
    ),
    "matches:match-start": Row(
        get=NOT_ALLOWED, post=(302, 404, 404, 200, 403, 404), kwargs=_own_match
    ),
    "matches:match-end": Row(
        get=NOT_ALLOWED, post=(302, 404, 404, 200, 403, 404), kwargs=_own_match
    ),
    "matches:match-follow-up": Row(
        get=NOT_ALLOWED, post=(302, 403, 404, 302, 403, 403), kwargs=_own_match
    ),
    # A match with a student house: who went (the match's verbinders; an empty POST records
    # that nobody is known yet and goes back to the match), and the house page's section.
    "matches:match-house-members": Row(
        get=NOT_ALLOWED, post=(302, 404, 404, 302, 403, 404), kwargs=_own_house_match
    ),
    "matches:house-matches": Row(get=CITY_READABLE, post=NOT_ALLOWED, kwargs=_own_house),
    "matches:resident-matches": Row(
        get=(302, 404, 404, 200, 200, 404), post=NOT_ALLOWED, kwargs=_own_resident
    ),
    "matches:place-matches": Row(get=CITY_READABLE, post=NOT_ALLOWED, kwargs=_own_place),
    "matches:organisation-matches": Row(
        get=CITY_READABLE, post=NOT_ALLOWED, kwargs=_own_organisation
    ),
    "matches:check-in-log": Row(
        get=NOT_ALLOWED, post=(302, 403, 404, 302, 403, 403), kwargs=_own_check_in
    ),
    # The contact person's link needs no account: the signed token is the secret. An empty
    # POST shows the three questions again with their errors.
    "matches:contact-check-in": Row(get=EVERYONE_200, post=EVERYONE_200, kwargs=_check_in_link),
    "matches:panel": Row(get=VERBINDERS, post=NOT_ALLOWED),
    # The KPI dashboard and its exports (matches/views/kpi.py): aggregates for coördinatoren and
    # verbinders (any wijkteam's figures, the city's too); not for partners or beheerders.
    "matches:kpi": Row(get=KPIS, post=NOT_ALLOWED),
    "matches:kpi-export-csv": Row(get=KPIS, post=NOT_ALLOWED),
    "matches:kpi-export-xlsx": Row(get=KPIS, post=NOT_ALLOWED),
    # Impact stories (stories/): the wijkteam's verbinders write them and record consent; the
    # report shows the stories with consent to whoever may read the KPI dashboard, and so does
    # the photo of such a story (an empty POST of a form re-shows it with its errors).
    "stories:story-list": Row(get=VERBINDERS, post=NOT_ALLOWED),
    "stories:story-report": Row(get=KPIS, post=NOT_ALLOWED),
    "stories:story-create": Row(get=OWN_STORIES, post=OWN_STORIES, kwargs=_story_about_own_match),
    "stories:story-detail": Row(get=OWN_STORIES, post=NOT_ALLOWED, kwargs=_own_story),
    "stories:story-edit": Row(get=OWN_STORIES, post=OWN_STORIES, kwargs=_own_story),
    "stories:story-delete": Row(
        get=NOT_ALLOWED, post=(302, 403, 404, 302, 403, 403), kwargs=_own_story
    ),
    "stories:story-photo": Row(
        get=(302, 404, 200, 200, 200, 404), post=NOT_ALLOWED, kwargs=_own_story_photo
    ),
    "stories:person-add": Row(
        get=NOT_ALLOWED, post=(302, 403, 404, 400, 403, 403), kwargs=_own_story
    ),
    "stories:person-withdraw": Row(
        get=NOT_ALLOWED, post=(302, 403, 404, 302, 403, 403), kwargs=_own_story_with_person
    ),
    "stories:match-stories": Row(get=OWN_STORIES, post=NOT_ALLOWED, kwargs=_own_match),
    "stories:coreteam-stories": Row(get=OWN_STORIES, post=NOT_ALLOWED, kwargs=_own_core_team),
    # Kom tot Bloei trainings (trainings/views/): read like residents (a participant list names
    # them: coördinatoren read along), planned and marked by the verbinders of the training's
    # wijkteam. Empty forms come back with their errors (200); an empty "add participant" says
    # so and goes back to the search (302).
    "trainings:training-list": Row(get=(302, 403, 200, 200, 200, 403), post=NOT_ALLOWED),
    "trainings:training-create": Row(get=VERBINDERS, post=VERBINDERS),
    "trainings:training-detail": Row(
        get=(302, 404, 404, 200, 200, 404), post=NOT_ALLOWED, kwargs=_own_training
    ),
    "trainings:session-add": Row(
        get=(302, 404, 404, 200, 403, 404),
        post=(302, 404, 404, 200, 403, 404),
        kwargs=_own_training,
    ),
    # Removing a session nobody attended yet: a redirect back to the training.
    "trainings:session-remove": Row(
        get=NOT_ALLOWED, post=(302, 404, 404, 302, 403, 404), kwargs=_own_session
    ),
    "trainings:participant-add": Row(
        get=(302, 404, 404, 200, 403, 404),
        post=(302, 404, 404, 302, 403, 404),
        kwargs=_own_training,
    ),
    "trainings:participant-detail": Row(
        get=(302, 404, 404, 200, 200, 404), post=NOT_ALLOWED, kwargs=_own_participant
    ),
    "trainings:attendance-toggle": Row(
        get=NOT_ALLOWED,
        post=(302, 404, 404, 302, 403, 404),
        kwargs=_own_attendance_cell,
        data=_present,
    ),
    "trainings:participant-remove": Row(
        get=NOT_ALLOWED, post=(302, 404, 404, 302, 403, 404), kwargs=_own_participant
    ),
    "trainings:participant-talents": Row(
        get=NOT_ALLOWED, post=(302, 404, 404, 200, 403, 404), kwargs=_own_participant
    ),
    "trainings:participant-next-step": Row(
        get=NOT_ALLOWED, post=(302, 404, 404, 200, 403, 404), kwargs=_own_participant
    ),
    "trainings:resident-trainings": Row(
        get=(302, 404, 404, 200, 200, 404), post=NOT_ALLOWED, kwargs=_own_resident
    ),
    # The printable talent card: only the verbinders of the resident's wijkteam.
    "talents:talent-card": Row(
        get=(302, 404, 404, 200, 403, 404), post=NOT_ALLOWED, kwargs=_own_resident
    ),
    # Landing routes after GGZ care (routes/views/): only the verbinders of the resident's
    # wijkteam see a route in full; coördinatoren see counts only; another wijkteam's verbinder
    # sees what the consent matrix shares with verbinders; a partner who is not the route's
    # counsellor meets "not found" (tests/routes/test_access.py shows the counsellor's 200).
    # Posts come back to the route's page (302), also when the empty body changes nothing.
    "routes:route-list": Row(get=VERBINDERS, post=NOT_ALLOWED),
    "routes:route-create": Row(
        get=(302, 403, 404, 200, 403, 403),
        post=(302, 403, 404, 200, 403, 403),
        kwargs=_own_resident,
    ),
    # The form's neighbour search (htmx): the same people as the form.
    "routes:neighbour-search": Row(
        get=(302, 403, 404, 200, 403, 403), post=NOT_ALLOWED, kwargs=_own_resident
    ),
    "routes:route-detail": Row(
        get=(302, 403, 404, 200, 403, 403), post=NOT_ALLOWED, kwargs=_own_route
    ),
    # An empty POST to the edit form comes back with its errors (200).
    "routes:route-edit": Row(
        get=(302, 403, 404, 200, 403, 403),
        post=(302, 403, 404, 200, 403, 403),
        kwargs=_own_route,
    ),
    "routes:route-consent": Row(
        get=NOT_ALLOWED, post=(302, 403, 404, 302, 403, 403), kwargs=_own_route
    ),
    "routes:route-link": Row(
        get=NOT_ALLOWED, post=(302, 403, 404, 302, 403, 403), kwargs=_own_route_party
    ),
    "routes:route-link-revoke": Row(
        get=NOT_ALLOWED, post=(302, 403, 404, 302, 403, 403), kwargs=_own_route_party
    ),
    "routes:route-check-in": Row(
        get=NOT_ALLOWED, post=(302, 403, 404, 302, 403, 403), kwargs=_own_route_check_in
    ),
    "routes:route-end": Row(
        get=NOT_ALLOWED, post=(302, 403, 404, 302, 403, 403), kwargs=_own_route
    ),
    "routes:counsellor-list": Row(get=(302, 200, 403, 403, 403, 403), post=NOT_ALLOWED),
    "routes:counsellor-route": Row(
        get=(302, 404, 403, 403, 403, 403), post=NOT_ALLOWED, kwargs=_own_route
    ),
    "routes:shared-route": Row(
        get=(302, 403, 200, 404, 403, 403), post=NOT_ALLOWED, kwargs=_own_route
    ),
    # The buddy's link needs no account: the signed token is the secret.
    "routes:party-link": Row(get=EVERYONE_200, post=NOT_ALLOWED, kwargs=_route_link),
    "routes:panel": Row(get=VERBINDERS, post=NOT_ALLOWED),
    "routes:resident-routes": Row(
        get=(302, 403, 404, 200, 403, 403), post=NOT_ALLOWED, kwargs=_own_resident
    ),
    "routes:counts": Row(get=KPIS, post=NOT_ALLOWED),
}

# --- The Django admin at /beheer/ ----------------------------------------------------------
# For beheerders only. Everyone else is sent to its login page, which sends anonymous users on
# to allauth's login (with MFA) and refuses other roles (403). Its rows follow from the kind of
# route, the same for every registered model, so a newly registered model is covered at once
# (once ADMIN_OBJECTS can make one of it).
#
# Posted with an empty body, the admin changes nothing: an add or change form comes back with
# its errors (200); a delete page shows its confirmation (200), because Django deletes only
# when the POST has *any* data (``if request.POST``: never send a body here); a changelist
# runs no action without "index" and saves no list_editable rows without "_save"
# (test_access_matrix.py checks each of these objects afterwards).
ADMIN_ONLY = (302, 302, 302, 302, 302, 200)
#: Everyone but the beheerder is sent to the login; the beheerder gets 405 or 403.
ADMIN_405 = (302, 302, 302, 302, 302, 405)
ADMIN_403 = (302, 302, 302, 302, 302, 403)

#: Per kind of model route: (get, post).
ADMIN_MODEL_ROUTES: dict[str, tuple[Answers, Answers]] = {
    "changelist": (ADMIN_ONLY, ADMIN_ONLY),
    "add": (ADMIN_ONLY, ADMIN_ONLY),
    "change": (ADMIN_ONLY, ADMIN_ONLY),
    "delete": (ADMIN_ONLY, ADMIN_ONLY),
    "history": (ADMIN_ONLY, ADMIN_ONLY),
}
ADMIN_WITH_OBJECT = {"change", "delete", "history"}

#: The admin site's own routes, and model routes that differ from their kind: (get, post).
ADMIN_EXCEPTIONS: dict[str, tuple[Answers, Answers]] = {
    "index": (ADMIN_ONLY, ADMIN_ONLY),
    "app_list": (ADMIN_ONLY, ADMIN_ONLY),
    # Signing in is allauth's (with MFA and rate limits), so a signed-in beheerder is sent on to
    # the index, for POST as for GET; Django's own login form, which took another beheerder's
    # password without MFA, is never reached:
    # test_access_matrix.py::test_the_admin_login_cannot_switch_a_beheerder_to_another_account.
    "login": ((302, 403, 403, 403, 403, 302), (302, 403, 403, 403, 403, 302)),
    # POST only; it logs the beheerder out (in a session of its own).
    "logout": (ADMIN_405, ADMIN_ONLY),
    "password_change": (ADMIN_ONLY, ADMIN_ONLY),
    "password_change_done": (ADMIN_ONLY, ADMIN_405),
    "autocomplete": (ADMIN_403, ADMIN_405),  # a GET needs a field to complete
    "jsi18n": (ADMIN_ONLY, ADMIN_405),
    "view_on_site": ((302,) * 6, (302,) * 6),
    "<beheer/(?P<url>.*)$>": ((302, 302, 302, 302, 302, 404), (302, 302, 302, 302, 302, 404)),
    # Nobody sets a colleague's password: a beheerder sends an invitation (a reset link).
    "auth_user_password_change": (ADMIN_403, ADMIN_403),
    # The audit log is append-only: it can be read, never added to, changed or deleted.
    "buurtinbloei_auditevent_add": (ADMIN_403, ADMIN_403),
    "buurtinbloei_auditevent_change": (ADMIN_ONLY, ADMIN_403),
    "buurtinbloei_auditevent_delete": (ADMIN_403, ADMIN_403),
    # Second factors are set up by their owner only: a beheerder may view one (never its secret)
    # or delete it, to force a new set-up.
    "mfa_authenticator_add": (ADMIN_403, ADMIN_403),
    # The jobs' runs and the mail outbox are written by the jobs only: read, or deleted.
    "buurtinbloei_jobrun_add": (ADMIN_403, ADMIN_403),
    "buurtinbloei_jobrun_change": (ADMIN_ONLY, ADMIN_403),
    "buurtinbloei_outgoingmail_add": (ADMIN_403, ADMIN_403),
    "buurtinbloei_outgoingmail_change": (ADMIN_ONLY, ADMIN_403),
    "mfa_authenticator_change": (ADMIN_ONLY, ADMIN_403),
    # Creating an account or changing someone's access asks for the password again first (a
    # test session has no recent login): the beheerder is sent to re-authenticate.
    "buurtinbloei_user_add": (ADMIN_ONLY, (302,) * 6),
    "buurtinbloei_user_change": (ADMIN_ONLY, (302,) * 6),
}


def _fresh_user(p) -> models.Model:
    from .factories import UserFactory

    return UserFactory(wijkteams=[p.own_wijkteam])


def _fresh_wijkteam(p) -> models.Model:
    n = next(_serial)
    return Wijkteam.objects.create(name=f"Wijkteam {n}", slug=f"wijkteam-{n}")


def _fresh_stadsdeel(p) -> models.Model:
    return Stadsdeel.objects.create(name=f"Stadsdeel {next(_serial)}")


def _fresh_wijk(p) -> models.Model:
    return Wijk.objects.create(
        name=f"Wijk {next(_serial)}", stadsdeel=_fresh_stadsdeel(p), wijkteam=p.own_wijkteam
    )


def _fresh_place(p) -> models.Model:
    from .factories import OntwikkelplaatsFactory

    return OntwikkelplaatsFactory(organisation__buurt=_own_buurt({"personas": p}))


def _fresh_core_team(p) -> models.Model:
    from .factories import CoreTeamFactory

    return CoreTeamFactory(buurt=_own_buurt({"personas": p}))


def _fresh_buurt_figures(p) -> models.Model:
    from networks.models import BuurtFigures

    return BuurtFigures.objects.create(buurt=_fresh_buurt(p), inhabitants=1200)


def _fresh_buurt(p) -> models.Model:
    return Buurt.objects.create(name=f"Buurt {next(_serial)}", wijk=_fresh_wijk(p))


def _fresh_talent(p) -> models.Model:
    from .factories import TalentFactory

    return TalentFactory()


#: How to make a fresh object of each model registered in the admin, by admin URL prefix.
ADMIN_OBJECTS: dict[str, Callable[..., models.Model]] = {
    "buurtinbloei_user": _fresh_user,
    "buurtinbloei_wijkteam": _fresh_wijkteam,
    "buurtinbloei_stadsdeel": _fresh_stadsdeel,
    "buurtinbloei_wijk": _fresh_wijk,
    "buurtinbloei_buurt": _fresh_buurt,
    "buurtinbloei_auditevent": lambda p: AuditEvent.objects.create(action="test"),
    "buurtinbloei_postcodearea": lambda p: PostcodeArea.objects.create(
        prefix=str(1000 + next(_serial)), buurt=_own_buurt({"personas": p})
    ),
    "buurtinbloei_jobrun": lambda p: JobRun.objects.create(
        name="send_pending_mail", started_at=timezone.now()
    ),
    "buurtinbloei_outgoingmail": lambda p: OutgoingMail.objects.create(
        kind="test", to="verbinder@example.org", subject="Onderwerp", body="Tekst"
    ),
    "talents_talent": _fresh_talent,
    "networks_organisation": lambda p: _fresh_place(p).organisation,
    "networks_ontwikkelplaats": _fresh_place,
    "networks_coreteam": _fresh_core_team,
    "networks_buurtfigures": _fresh_buurt_figures,
    "account_emailaddress": lambda p: EmailAddress.objects.create(
        user=(user := _fresh_user(p)), email=user.email, primary=True
    ),
    "mfa_authenticator": lambda p: Authenticator.objects.create(
        user=_fresh_user(p), type=Authenticator.Type.RECOVERY_CODES, data={"seed": "0" * 40}
    ),
}


def _admin_object(prefix: str, key: str = "object_id") -> Callable[[dict], dict]:
    def kwargs(objs: dict) -> dict:
        obj = ADMIN_OBJECTS[prefix](objs["personas"])
        objs["object"] = obj  # for the tests that check the object afterwards
        return {key: obj.pk}

    return kwargs


def _view_on_site(objs: dict) -> dict:
    wijkteam = objs["personas"].own_wijkteam
    ct = ContentType.objects.get_for_model(wijkteam)
    return {"content_type_id": ct.pk, "object_id": wijkteam.pk}


ADMIN_SITE_KWARGS: dict[str, Callable[[dict], dict]] = {
    "view_on_site": _view_on_site,
    "app_list": lambda objs: {"app_label": "buurtinbloei"},
    "auth_user_password_change": _admin_object("buurtinbloei_user", key="id"),
    "<beheer/(?P<url>.*)$>": lambda objs: {"url": "bestaat-niet/"},
}


def admin_row(name: str) -> Row | None:
    """The row of an admin route, or None when no rule here covers it."""
    local = name.removeprefix("admin:")
    legacy = re.fullmatch(r"<beheer/(\w+)/(\w+)/<path:object_id>/>", local)
    if legacy:  # the admin's legacy "/<id>/" URL redirects to the change page, for any method
        prefix = f"{legacy[1]}_{legacy[2]}"
        if prefix not in ADMIN_OBJECTS:
            return None
        return Row(get=(302,) * 6, post=(302,) * 6, kwargs=_admin_object(prefix))
    prefix, _, kind = local.rpartition("_")
    if local in ADMIN_EXCEPTIONS:
        get, post = ADMIN_EXCEPTIONS[local]
    elif prefix in ADMIN_OBJECTS and kind in ADMIN_MODEL_ROUTES:
        get, post = ADMIN_MODEL_ROUTES[kind]
    else:
        return None
    if local in ADMIN_SITE_KWARGS:
        return Row(get=get, post=post, kwargs=ADMIN_SITE_KWARGS[local])
    if prefix in ADMIN_OBJECTS and kind in ADMIN_WITH_OBJECT:
        return Row(get=get, post=post, kwargs=_admin_object(prefix))
    return Row(get=get, post=post)


def is_admin_route(name: str) -> bool:
    return name.startswith("admin:") and admin.site.name == "admin"


def row_for(name: str) -> Row | None:
    return admin_row(name) if is_admin_route(name) else MATRIX.get(name)


def request_for(route, personas) -> tuple[str, Row, dict, dict]:
    """URL, row, POST body and objects for a route, with fresh objects for the personas."""
    from tests.urls import build_url

    objs: dict = {"personas": personas}
    row = row_for(route.name)
    if row is None:
        raise KeyError(f"{route.name} has no row in tests/access.py")
    kwargs = objs["kwargs"] = row.kwargs(objs)
    return build_url(route, kwargs), row, row.data(objs, kwargs), objs


def url_for(route, personas) -> tuple[str, Row]:
    """The URL the matrix uses for a route, with its objects created for the personas."""
    url, row, _, _ = request_for(route, personas)
    return url, row
