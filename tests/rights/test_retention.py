"""``manage.py apply_retention``: residents without activity for RETENTION_MONTHS are
anonymised; activity in any app keeps them; ``--dry-run`` changes nothing."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from talents.models import Resident, ResidentStatus
from talents.rights import retention_candidates, retention_cutoff
from tests.factories import (
    ConversationFactory,
    CoreTeamMemberFactory,
    MatchFactory,
    RequestFactory,
    SignUpFactory,
    StartedMatchFactory,
)
from tests.talents.staff import audit_actions, own_resident

LONG_AGO = timezone.now() - datetime.timedelta(days=3 * 365)
OLD_DAY = LONG_AGO.date()
RECENT_DAY = timezone.localdate() - datetime.timedelta(days=30)


def old_resident(personas, first_name: str) -> Resident:
    resident = own_resident(personas, first_name=first_name)
    ConversationFactory(resident=resident, date=OLD_DAY, summary="Lang geleden")
    return resident


def make_old(*residents) -> None:
    """``updated_at`` is set on every save: put it back afterwards."""
    Resident.objects.filter(pk__in=[r.pk for r in residents]).update(updated_at=LONG_AGO)


def run(*args) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_an_old_inactive_resident_is_anonymised_and_a_recently_matched_one_is_not(personas):
    inactive = old_resident(personas, "Ouderwets")
    matched = old_resident(personas, "Gematcht")
    helper = own_resident(personas)
    match = MatchFactory(resident_a=helper, resident_b=matched, proposed_on=OLD_DAY)
    match.started_on = RECENT_DAY
    match.save()
    make_old(inactive, matched, helper)

    output = run()

    assert "1 resident(s)" in output  # the helper of the recent match is kept too
    inactive.refresh_from_db()
    matched.refresh_from_db()
    assert inactive.status == ResidentStatus.ANONYMISED
    assert inactive.first_name != "Ouderwets"
    assert matched.first_name == "Gematcht"
    assert "resident.erase" in audit_actions(inactive)


@pytest.mark.parametrize(
    "activity",
    [
        "recent_conversation",
        "recent_signup",
        "recent_request",
        "ended_match",
        "long_running_match",
        "active_member",
    ],
)
def test_activity_in_any_app_keeps_the_resident(personas, activity):
    resident = old_resident(personas, "Actief")
    if activity == "recent_conversation":
        ConversationFactory(resident=resident, date=RECENT_DAY)
    elif activity == "recent_signup":
        SignUpFactory(resident=resident)
    elif activity == "recent_request":
        RequestFactory(resident=resident)
    elif activity == "ended_match":
        MatchFactory(resident_a=resident, proposed_on=OLD_DAY, ended_on=RECENT_DAY)
    elif activity == "long_running_match":
        StartedMatchFactory(resident_b=resident, proposed_on=OLD_DAY, started_on=OLD_DAY)
    else:
        CoreTeamMemberFactory(resident=resident, joined_on=OLD_DAY, active=True)
    Resident.objects.exclude(pk=resident.pk).update(updated_at=timezone.now())
    make_old(resident)

    run()

    assert Resident.objects.get(pk=resident.pk).first_name == "Actief"


def test_a_recently_changed_resident_is_kept(personas):
    resident = old_resident(personas, "Bijgewerkt")  # updated_at: now
    run()
    assert Resident.objects.get(pk=resident.pk).first_name == "Bijgewerkt"


def test_a_dry_run_lists_and_changes_nothing(personas):
    inactive = old_resident(personas, "Ouderwets")
    make_old(inactive)
    events = audit_actions(inactive)

    output = run("--dry-run")

    assert "1 resident(s)" in output
    assert f"{inactive.pk}\tOuderwets" in output
    inactive.refresh_from_db()
    assert inactive.first_name == "Ouderwets"
    assert inactive.status != ResidentStatus.ANONYMISED
    assert audit_actions(inactive) == events


def test_anonymised_residents_are_skipped(personas):
    inactive = old_resident(personas, "Ouderwets")
    make_old(inactive)
    run()
    make_old(inactive)

    output = run("--dry-run")

    assert "0 resident(s)" in output
    run()
    assert audit_actions(inactive).count("resident.erase") == 1


def test_batches_erase_every_candidate(personas):
    residents = [old_resident(personas, f"Oud{i}") for i in range(5)]
    make_old(*residents)

    output = run("--batch-size", "2")

    assert "5 resident(s)" in output
    assert not Resident.objects.filter(
        pk__in=[r.pk for r in residents], status__in=[ResidentStatus.NEW, ResidentStatus.ACTIVE]
    ).exists()


def test_candidates_are_picked_in_one_query_with_not_exists(personas):
    make_old(*[old_resident(personas, f"Oud{i}") for i in range(3)])

    with CaptureQueriesContext(connection) as queries:
        picked = list(retention_candidates(retention_cutoff()))

    assert len(picked) == 3
    assert len(queries) == 1
    assert queries[0]["sql"].count("NOT EXISTS") >= 6


@pytest.mark.parametrize(
    ("now", "months", "expected"),
    [
        (datetime.datetime(2026, 11, 26, 12, tzinfo=datetime.UTC), 24, datetime.date(2024, 11, 26)),
        (datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC), 1, datetime.date(2026, 2, 28)),
        (datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC), 13, datetime.date(2024, 12, 15)),
    ],
)
def test_the_cutoff_goes_back_whole_months(settings, now, months, expected):
    settings.RETENTION_MONTHS = months
    assert retention_cutoff(now).date() == expected
