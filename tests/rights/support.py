"""A resident with something in every app, for the tests of a resident's rights."""

from __future__ import annotations

import datetime

from django.utils import timezone

from talents.models import ConsentRecord, Talent
from tests.factories import (
    ConversationFactory,
    CoreTeamFactory,
    CoreTeamMemberFactory,
    RequestFactory,
    ResidentFactory,
    ResidentTalentFactory,
    StartedMatchFactory,
)
from tests.talents.staff import own_buurt, own_resident

#: Words that may only ever reach the wijkteam's verbinders, and the resident's own export.
SENSITIVE = "Gevoelig-GGZ-Saffier"
NOTE = "Talentnotitie-Robijn"
REQUEST_TEXT = "Hulpvraag-Smaragd"
MATCH_NOTE = "Matchnotitie-Opaal"


def full_resident(personas, first_name: str = "Wilhelmina"):
    """A resident with talents, an ordinary and a sensitive conversation, a request, a started
    match (as side a), a kernteam membership and a consent record."""
    resident = own_resident(
        personas,
        first_name=first_name,
        last_name="Verhoeven-Zwanikkema",
        email="w.verhoeven@example.org",
    )
    cooking = Talent.objects.get(name="Koken")
    ResidentTalentFactory(resident=resident, talent=cooking, note=NOTE)
    ConversationFactory(resident=resident, verbinder=personas.verbinder, summary="Gewoon gesprek")
    ConversationFactory(
        resident=resident, verbinder=personas.verbinder, summary=SENSITIVE, sensitive=True
    )
    request = RequestFactory(resident=resident, talent=cooking, description=REQUEST_TEXT)
    helper = ResidentFactory(buurt=own_buurt(personas), first_name="Helper")
    match = StartedMatchFactory(
        resident_a=resident,
        resident_b=helper,
        talent=cooking,
        request=request,
        verbinder=personas.verbinder,
        note=MATCH_NOTE,
    )
    team = CoreTeamFactory(buurt=own_buurt(personas))
    CoreTeamMemberFactory(core_team=team, resident=resident)
    ConsentRecord.objects.create(
        resident=resident,
        purpose=ConsentRecord.Purpose.CONTACT,
        text_version="2026-01",
        given_at=timezone.now() - datetime.timedelta(days=40),
        channel=ConsentRecord.Channel.WEBSITE,
    )
    return resident, request, match
