"""The access matrix: every URL pattern, every persona, the answer each one gets.

Columns, in order: anonymous, partner, verbinder of another wijkteam, verbinder of the wijkteam,
coördinator, beheerder. A new URL pattern fails ``test_every_url_is_in_the_matrix`` until it
gets a row here (later apps add their rows to MATRIX). Objects in URLs belong to the persona
"verbinder of the wijkteam", so the other verbinder shows what a stranger gets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from buurtinbloei.models import AuditEvent, Buurt, PostcodeArea, Stadsdeel, Wijk
from talents.models import Talent

PERSONAS = ("anonymous", "partner", "other_verbinder", "verbinder", "coordinator", "beheerder")


@dataclass(frozen=True)
class Row:
    expected: tuple[int, int, int, int, int, int]
    kwargs: Callable[[dict], dict] = field(default=lambda objs: {})


def _own_wijkteam(objs: dict) -> dict:
    return {"slug": objs["personas"].own_wijkteam.slug}


def _own_signup(objs: dict) -> dict:
    """A sign-up from a buurt of the verbinder persona's wijkteam."""
    from .factories import SignUpFactory

    buurt = Buurt.objects.filter(wijk__wijkteam=objs["personas"].own_wijkteam).first()
    return {"pk": SignUpFactory(buurt=buurt).pk}


def _own_resident(objs: dict) -> dict:
    """A resident in a buurt of the verbinder persona's wijkteam."""
    from .factories import ResidentFactory

    buurt = Buurt.objects.filter(wijk__wijkteam=objs["personas"].own_wijkteam).first()
    return {"pk": ResidentFactory(buurt=buurt).pk}


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


def _own_buurt(objs: dict):
    return Buurt.objects.filter(wijk__wijkteam=objs["personas"].own_wijkteam).order_by("pk").first()


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


def _own_buurt_pk(objs: dict) -> dict:
    return {"pk": _own_buurt(objs).pk}


def _own_wijk_pk(objs: dict) -> dict:
    return {"pk": _own_buurt(objs).wijk_id}


EVERYONE_200 = (200, 200, 200, 200, 200, 200)
STAFF_ONLY = (302, 403, 200, 200, 200, 200)
SIGNED_IN = (302, 200, 200, 200, 200, 200)
ANONYMOUS_ONLY = (200, 302, 302, 302, 302, 302)
NETWORKS_READ = (302, 403, 200, 200, 200, 403)
NETWORKS_CHANGE = (302, 403, 200, 200, 403, 403)
CITY_READABLE = (302, 404, 200, 200, 200, 404)
OWN_TEAM_CHANGES = (302, 404, 403, 200, 403, 404)

MATRIX: dict[str, Row] = {
    # The core (buurtinbloei)
    "home": Row(EVERYONE_200),
    "privacy": Row(EVERYONE_200),
    "healthz": Row(EVERYONE_200),
    "wijkteam-list": Row(STAFF_ONLY),
    "wijkteam-detail": Row((302, 404, 404, 200, 200, 200), _own_wijkteam),
    # A GET only redirects back; the language is set by POST (tested in test_language.py).
    "set_language": Row((302,) * 6),
    # allauth: staff login, password reset, MFA. Sign-up is closed: the page says so.
    "account_login": Row(ANONYMOUS_ONLY),
    "account_signup": Row(ANONYMOUS_ONLY),
    "account_logout": Row(SIGNED_IN),
    "account_inactive": Row(EVERYONE_200),
    "account_reauthenticate": Row(SIGNED_IN),
    "account_email": Row(SIGNED_IN),
    "account_email_verification_sent": Row(EVERYONE_200),
    "account_confirm_email": Row(EVERYONE_200, lambda objs: {"key": "onbekend"}),
    "account_change_password": Row(SIGNED_IN),
    # Staff always have a password; "set password" sends them to "change password".
    "account_set_password": Row((302,) * 6),
    # Login by code is off; the page sends everyone back.
    "account_confirm_login_code": Row((302,) * 6),
    "account_reset_password": Row(EVERYONE_200),
    "account_reset_password_done": Row(EVERYONE_200),
    "account_reset_password_from_key": Row(
        EVERYONE_200, lambda objs: {"uidb36": "1", "key": "verlopen"}
    ),
    "account_reset_password_from_key_done": Row(EVERYONE_200),
    "mfa_index": Row(SIGNED_IN),
    # Only reachable in the middle of a login; otherwise back to the start.
    "mfa_authenticate": Row((302,) * 6),
    "mfa_reauthenticate": Row((302,) * 6),
    # Activating TOTP asks for the password again first (a test session has no recent login).
    "mfa_activate_totp": Row((302,) * 6),
    "mfa_generate_recovery_codes": Row((302,) * 6),
    # Nothing to deactivate or show without an authenticator: 404.
    "mfa_deactivate_totp": Row((302, 404, 404, 404, 404, 404)),
    "mfa_view_recovery_codes": Row((302, 404, 404, 404, 404, 404)),
    "mfa_download_recovery_codes": Row((302, 404, 404, 404, 404, 404)),
    # Public sign-up and the triage inbox (talents/views/signup.py, talents/views/inbox.py).
    # Coordinators see the inbox list and count, not a resident's details; beheerders manage
    # the application, not sign-ups.
    "public:signup": Row(EVERYONE_200),
    "public:signup-thanks": Row(EVERYONE_200),
    "talents:inbox": Row((302, 403, 200, 200, 200, 403)),
    "talents:inbox-detail": Row((302, 403, 404, 200, 403, 403), _own_signup),
    "talents:inbox-take": Row((405,) * 6, _own_signup),  # POST only
    "talents:inbox-link": Row((405,) * 6, _own_signup),
    "talents:inbox-create-resident": Row((405,) * 6, _own_signup),
    "talents:inbox-panel": Row((302, 403, 200, 200, 200, 403)),
    "talents:notification-settings": Row((302, 403, 200, 200, 403, 403)),
    # Residents, talents, conversations (talents/views/residents.py, conversations.py, street.py,
    # follow_ups.py). Coordinators read along; a partner meets a resident page as "not found".
    # Beheerders manage the application, not residents: no resident pages for them.
    "talents:resident-list": Row((302, 403, 200, 200, 200, 403)),
    "talents:resident-create": Row((302, 403, 200, 200, 403, 403)),
    # The reduced cross-wijkteam view is for verbinders, who match across wijkteam borders.
    "talents:resident-discover": Row((302, 403, 200, 200, 403, 403)),
    "talents:resident-detail": Row((302, 404, 404, 200, 200, 404), _own_resident),
    "talents:resident-edit": Row((302, 404, 404, 200, 403, 404), _own_resident),
    "talents:resident-talents": Row((302, 404, 404, 200, 403, 404), _own_resident),
    "talents:resident-talent-remove": Row((405,) * 6, _own_resident_talent),  # POST only
    "talents:conversation-create": Row((302, 404, 404, 200, 403, 404), _own_resident),
    "talents:talent-search": Row((302, 403, 200, 200, 403, 403)),
    "talents:street-capture": Row((302, 403, 200, 200, 403, 403)),
    "talents:follow-ups-panel": Row((302, 403, 200, 200, 403, 403)),
    "talents:follow-up-done": Row((405,) * 6, _own_follow_up),  # POST only
    # Networks (networks/views/): organisations and ontwikkelplaatsen are readable by every
    # verbinder in the city and changed by the own wijkteam; kernteams and partners stay in the
    # wijkteam (coördinatoren read along). Partners and beheerders have no network pages.
    "networks:organisation-list": Row(NETWORKS_READ),
    "networks:organisation-create": Row(NETWORKS_CHANGE),
    "networks:organisation-detail": Row(CITY_READABLE, _own_organisation),
    "networks:organisation-edit": Row(OWN_TEAM_CHANGES, _own_organisation),
    "networks:organisation-review": Row((405,) * 6, _own_organisation),  # POST only
    # Any readable organisation may become a partner in one of the own wijken.
    "networks:partner-add": Row(NETWORKS_CHANGE, _own_organisation),
    "networks:partner-list": Row(NETWORKS_READ),
    "networks:partner-contact": Row((302, 404, 404, 200, 403, 404), _own_partner),
    "networks:place-list": Row(NETWORKS_READ),
    "networks:place-create": Row(NETWORKS_CHANGE),
    "networks:ontwikkelplaats-detail": Row(CITY_READABLE, _own_place),
    "networks:place-edit": Row(OWN_TEAM_CHANGES, _own_place),
    "networks:place-review": Row((405,) * 6, _own_place),  # POST only
    "networks:coreteam-list": Row(NETWORKS_READ),
    "networks:coreteam-create": Row(NETWORKS_CHANGE),
    "networks:coreteam-detail": Row((302, 404, 404, 200, 200, 404), _own_team),
    "networks:coreteam-edit": Row((302, 404, 404, 200, 403, 404), _own_team),
    "networks:member-add": Row((302, 404, 404, 200, 403, 404), _own_team),
    "networks:member-toggle": Row((405,) * 6, _own_member),  # POST only
    "networks:activity-add": Row((302, 404, 404, 200, 403, 404), _own_team),
    "networks:coreteam-change": Row((302, 404, 404, 200, 403, 404), _own_team),
    "networks:buurt-index": Row(NETWORKS_READ),
    "networks:buurt-profile": Row((302, 403, 404, 200, 200, 403), _own_buurt_pk),
    "networks:wijk-profile": Row((302, 403, 404, 200, 200, 403), _own_wijk_pk),
    "networks:panel": Row(NETWORKS_CHANGE),
    "networks:organisation-signup": Row(EVERYONE_200),
    "networks:organisation-signup-thanks": Row(EVERYONE_200),
}

# The Django admin at /beheer/ is for beheerders only. Everyone else is sent to its login page,
# which sends anonymous users on to allauth's login (with MFA) and refuses other roles (403).
ADMIN_ONLY = (302, 302, 302, 302, 302, 200)
ADMIN_EXCEPTIONS: dict[str, tuple[int, ...]] = {
    "admin:login": (302, 403, 403, 403, 403, 302),
    "admin:logout": (302, 302, 302, 302, 302, 405),  # POST only
    "admin:autocomplete": (302, 302, 302, 302, 302, 403),  # needs a field to complete
    "admin:view_on_site": (302,) * 6,
    "admin:<beheer/(?P<url>.*)$>": (302, 302, 302, 302, 302, 404),
    "admin:buurtinbloei_auditevent_add": (302, 302, 302, 302, 302, 403),  # append-only
    "admin:buurtinbloei_auditevent_delete": (302, 302, 302, 302, 302, 403),
}


def _networks_admin_objects(p) -> dict[str, object]:
    from networks.models import BuurtFigures

    from .factories import CoreTeamFactory, OntwikkelplaatsFactory

    buurt = Buurt.objects.filter(wijk__wijkteam=p.own_wijkteam).first()
    place = OntwikkelplaatsFactory(organisation__buurt=buurt)
    return {
        "networks_organisation": place.organisation,
        "networks_ontwikkelplaats": place,
        "networks_coreteam": CoreTeamFactory(buurt=buurt),
        "networks_buurtfigures": BuurtFigures.objects.create(buurt=buurt, inhabitants=1200),
    }


def admin_objects(objs: dict) -> dict[str, object]:
    """One existing object per model registered in the admin, keyed by admin URL prefix."""
    p = objs["personas"]
    email = EmailAddress.objects.create(user=p.verbinder, email=p.verbinder.email, primary=True)
    totp = Authenticator.objects.create(
        user=p.verbinder, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "0" * 40}
    )
    return {
        "buurtinbloei_user": p.verbinder,
        "buurtinbloei_wijkteam": p.own_wijkteam,
        "buurtinbloei_stadsdeel": Stadsdeel.objects.first(),
        "buurtinbloei_wijk": Wijk.objects.first(),
        "buurtinbloei_buurt": Buurt.objects.first(),
        "buurtinbloei_auditevent": AuditEvent.objects.create(action="test"),
        "buurtinbloei_postcodearea": PostcodeArea.objects.create(
            prefix="5625", buurt=Buurt.objects.first()
        ),
        "talents_talent": Talent.objects.first(),
        **_networks_admin_objects(p),
        "account_emailaddress": email,
        "mfa_authenticator": totp,
    }


def admin_row(name: str, objs: dict) -> Row:
    expected = ADMIN_EXCEPTIONS.get(name, ADMIN_ONLY)
    local = name.removeprefix("admin:")
    if local == "view_on_site":
        wijkteam = objs["personas"].own_wijkteam
        ct = ContentType.objects.get_for_model(wijkteam)
        return Row(expected, lambda o: {"content_type_id": ct.pk, "object_id": wijkteam.pk})
    if local == "app_list":
        return Row(expected, lambda o: {"app_label": "buurtinbloei"})
    if local == "auth_user_password_change":
        return Row(expected, lambda o: {"id": objs["personas"].verbinder.pk})
    if local == "<beheer/(?P<url>.*)$>":
        return Row(expected, lambda o: {"url": "bestaat-niet/"})
    match = re.match(r"<beheer/(\w+)/(\w+)/<path:object_id>/>", local)
    if match:  # the admin's legacy "/<id>/" URL redirects to the change page
        obj = objs["admin"][f"{match[1]}_{match[2]}"]
        return Row((302,) * 6, lambda o: {"object_id": obj.pk})
    for prefix, obj in objs["admin"].items():
        if local.startswith(prefix + "_"):
            needs_id = local.rsplit("_", 1)[1] in {"change", "delete", "history"}
            return Row(
                expected, (lambda o, obj=obj: {"object_id": obj.pk}) if needs_id else (lambda o: {})
            )
    return Row(expected)


def is_admin_route(name: str) -> bool:
    return name.startswith("admin:") and admin.site.name == "admin"


def url_for(route, personas) -> tuple[str, Row]:
    """The URL the matrix uses for a route, with its objects created for the personas."""
    from tests.urls import build_url

    objs = {"personas": personas}
    if is_admin_route(route.name):
        objs["admin"] = admin_objects(objs)
        row = admin_row(route.name, objs)
    else:
        row = MATRIX[route.name]
    return build_url(route, row.kwargs(objs)), row
