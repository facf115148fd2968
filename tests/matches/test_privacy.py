"""A resident's requests, matches and check-ins in the privacy tools (export and erasure)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from buurtinbloei.registry import erase_resident, export_resident
from matches.models import CheckIn, Match, MatchStatus, Request
from tests.factories import MatchFactory, RequestFactory, ResidentFactory


def _started(**kwargs) -> Match:
    return MatchFactory(
        status=MatchStatus.STARTED,
        started_on=datetime.date(2026, 3, 1),
        note="Ze kookt voor hem op dinsdag.",
        evaluation_a="Fijn, hij eet weer warm.",
        evaluation_b="Leuk om te doen.",
        **kwargs,
    )


def test_the_export_holds_requests_matches_and_check_ins(personas):
    resident = ResidentFactory(first_name="Fenna", last_name="Kuipers")
    RequestFactory(resident=resident, description="Iemand om mee te koken")
    match = _started(resident_a=resident, resident_b=ResidentFactory(last_name="Bakker"))
    CheckIn.objects.create(match=match, due_on=datetime.date(2026, 3, 15), note="Gaat goed")

    data = export_resident(resident, by=personas.verbinder)["matches"]

    assert data["requests"][0]["description"] == "Iemand om mee te koken"
    assert data["matches"][0]["evaluation"] == "Fijn, hij eet weer warm."
    assert data["matches"][0]["with"] == match.resident_b.first_name
    assert "Bakker" not in str(data)  # the other person's surname is not the resident's data
    assert data["check_ins"][0]["note"] == "Gaat goed"


def test_erasure_empties_the_text_and_keeps_the_rows_the_kpi_counts(personas):
    resident = ResidentFactory()
    other = ResidentFactory()
    request = RequestFactory(resident=resident, description="Hulp bij formulieren")
    match = _started(resident_a=resident, resident_b=other, request=request)
    check_in = CheckIn.objects.create(
        match=match,
        due_on=datetime.date(2026, 3, 15),
        done_at=timezone.now(),
        result="concern",
        note="Ze was verdrietig",
    )

    erase_resident(resident, by=personas.verbinder)

    request.refresh_from_db()
    match.refresh_from_db()
    check_in.refresh_from_db()
    assert request.description == ""
    assert (match.note, match.evaluation_a) == ("", "")
    assert match.evaluation_b == "Leuk om te doen."  # the other side's own words stay
    assert check_in.note == ""
    assert Request.objects.count() == 1
    # The match started in March and counts on that date; erasure ended it, it still counts.
    assert Match.objects.filter(started_on=datetime.date(2026, 3, 1)).count() == 1
