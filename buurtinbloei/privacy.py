"""Privacy tools shared by every app, and the privacy statement's "who sees what".

The part of the statement at /privacy/ that says who sees a resident's data is built from the
named permissions (:mod:`buurtinbloei.permissions`): each sentence names the permissions a role
must hold (and may not hold) for it to be true, and which permissions it accounts for. A
sentence is shown when some role fits it, and :func:`unexplained` lists every permission on a
resident's data that a role holds and no shown sentence accounts for; a test keeps that list
empty, so giving a role more (or less) access changes or fails the statement, never silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .permissions import ROLE_PERMISSIONS, Perm

#: The version of the privacy statement at /privacy/. Raise it whenever the text changes in
#: substance: consent records store the version a person agreed to.
PRIVACY_STATEMENT_VERSION = "2026-11b"

#: Permissions that reach a resident's (or a person signing up's) personal data.
RESIDENT_DATA = frozenset(
    {
        Perm.VIEW_RESIDENTS,
        Perm.READ_NOTES,
        Perm.READ_SENSITIVE,
        Perm.TRIAGE_SIGNUPS,
        Perm.DISCOVER_ACROSS_WIJKTEAMS,
    }
)


@dataclass(frozen=True)
class Audience:
    text: Promise
    needs: frozenset[Perm]
    lacks: frozenset[Perm] = field(default_factory=frozenset)
    explains: frozenset[Perm] = field(default_factory=frozenset)

    def fits(self, perms: frozenset[Perm]) -> bool:
        return self.needs <= perms and not (self.lacks & perms)


#: Who sees what, in plain words (B1), from the widest access to the narrowest.
AUDIENCES = (
    Audience(
        _(
            "De verbinders van het wijkteam van jouw buurt. Zij zien al je gegevens en wat er "
            "in gesprekken is gezegd. Weten we je buurt niet? Dan is het het wijkteam van de "
            "verbinder die je gegevens opschrijft."
        ),
        needs=frozenset({Perm.WORK_IN_WIJKTEAMS, Perm.VIEW_RESIDENTS, Perm.READ_NOTES}),
        explains=frozenset({Perm.VIEW_RESIDENTS, Perm.READ_NOTES}),
    ),
    Audience(
        _(
            "Notities over je gezondheid zijn extra afgeschermd: alleen de verbinders van "
            "jouw wijkteam zien ze."
        ),
        needs=frozenset({Perm.WORK_IN_WIJKTEAMS, Perm.READ_SENSITIVE}),
        lacks=frozenset({Perm.SEE_WHOLE_CITY}),
        explains=frozenset({Perm.READ_SENSITIVE}),
    ),
    Audience(
        _(
            "Coördinatoren van WIJeindhoven, in de hele stad. Zij zien je naam, hoe we je "
            "kunnen bereiken en je talenten, en dat er een gesprek was. Wat er is gezegd, "
            "zien zij niet."
        ),
        needs=frozenset({Perm.SEE_WHOLE_CITY, Perm.VIEW_RESIDENTS}),
        lacks=frozenset({Perm.READ_NOTES, Perm.READ_SENSITIVE, Perm.MANAGE_APPLICATION}),
        explains=frozenset({Perm.VIEW_RESIDENTS}),
    ),
    Audience(
        _(
            "Verbinders van andere wijkteams zien alleen je voornaam, je wijk, je talenten en "
            "wie jouw verbinder is. Zo kunnen zij je in contact brengen met iemand die jouw "
            "talent zoekt."
        ),
        needs=frozenset({Perm.DISCOVER_ACROSS_WIJKTEAMS}),
        explains=frozenset({Perm.DISCOVER_ACROSS_WIJKTEAMS}),
    ),
    Audience(
        _(
            "Meld je je aan via de website, dan komt je aanmelding bij het wijkteam van je "
            "buurt. Weten we je buurt nog niet? Dan ziet iedere verbinder je aanmelding, ook "
            "wat je schreef over hulp of gezelschap, tot een verbinder hem oppakt."
        ),
        needs=frozenset({Perm.TRIAGE_SIGNUPS}),
        explains=frozenset({Perm.TRIAGE_SIGNUPS}),
    ),
    Audience(
        _(
            "Beheerders zorgen voor de accounts en de techniek. Zij openen geen gegevens van "
            "inwoners."
        ),
        needs=frozenset({Perm.MANAGE_APPLICATION}),
        lacks=RESIDENT_DATA,
    ),
)


def _roles() -> list[frozenset[Perm]]:
    return list(ROLE_PERMISSIONS.values())


def who_sees_what() -> list[Promise]:
    """The sentences that are true for today's roles, in the order of :data:`AUDIENCES`."""
    return [a.text for a in AUDIENCES if any(a.fits(perms) for perms in _roles())]


def unexplained() -> list[tuple[str, Perm]]:
    """(role, permission) pairs on personal data that no fitting sentence accounts for."""
    missing = []
    for role, perms in ROLE_PERMISSIONS.items():
        explained = set().union(*(a.explains for a in AUDIENCES if a.fits(perms)))
        missing += [(str(role), p) for p in sorted(RESIDENT_DATA & perms) if p not in explained]
    return missing
