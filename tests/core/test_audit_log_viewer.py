"""The privacy officer's audit log viewer, its CSV export and the periodic review report."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from buurtinbloei import audit
from buurtinbloei.audit_views import csv_cell, last_month, unreviewed_months
from buurtinbloei.models import AuditEvent, AuditReview
from tests.conftest import client_for, reauthenticated_client_for
from tests.factories import RequestFactory, ResidentFactory, UserFactory
from tests.networks.support import other_buurt, own_buurt
from tests.queries import assert_queries_flat

pytestmark = pytest.mark.django_db


def at(moment: datetime.datetime):
    """Events written inside this block carry ``moment`` as their time (``at`` is automatic)."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def aware(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def actions_in(response) -> str:
    return response.content.decode()


# --- The viewer -----------------------------------------------------------------------------


def test_the_viewer_filters_by_person_resident_action_and_period(personas):
    mine, theirs = ResidentFactory(buurt=own_buurt()), ResidentFactory(buurt=other_buurt())
    with at(aware(2026, 3, 10, 12)):
        audit.record("resident.view", mine, actor=personas.verbinder)
    with at(aware(2026, 5, 10, 12)):
        audit.record("resident.update", theirs, actor=personas.other_verbinder)
    client = client_for(personas.beheerder)

    def shown(query: str) -> set[str]:
        response = client.get(f"/privacy/logboek/?{query}")
        assert response.status_code == 200
        page = response.context["page"]
        return {f"{e.action}:{e.object_id}" for e in page.object_list if e.object_id}

    both = {f"resident.view:{mine.pk}", f"resident.update:{theirs.pk}"}
    assert shown("") >= both
    assert shown(f"actor={personas.verbinder.pk}") == {f"resident.view:{mine.pk}"}
    assert shown(f"resident={theirs.pk}") == {f"resident.update:{theirs.pk}"}
    assert shown("action=resident.view") == {f"resident.view:{mine.pk}"}
    assert shown("start=2026-03-01&end=2026-03-31") == {f"resident.view:{mine.pk}"}
    assert shown("start=2026-05-10&end=2026-05-10") == {f"resident.update:{theirs.pk}"}


def test_a_bad_filter_value_is_explained_and_the_rest_still_applies(personas):
    response = client_for(personas.beheerder).get(
        "/privacy/logboek/?resident=abc&action=login&start=gisteren"
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "resident" in form.errors and "start" in form.errors
    assert form["action"].value() == "login"  # what was typed stays in the form
    assert all(e.action == "login" for e in response.context["page"].object_list)


def test_reading_the_log_is_itself_audited_with_the_filters_and_the_address(personas):
    client = client_for(personas.beheerder)
    client.get(
        f"/privacy/logboek/?actor={personas.verbinder.pk}&action=resident.view",
        REMOTE_ADDR="198.51.100.4",
    )
    event = AuditEvent.objects.filter(action="audit.view").get()
    assert event.actor == personas.beheerder and event.ip == "198.51.100.4"
    assert event.details == {"actor": personas.verbinder.pk, "action": "resident.view"}


def test_the_log_shows_ids_never_a_residents_name(personas):
    resident = ResidentFactory(buurt=own_buurt(), first_name="Zeldzaamvoornaam")
    audit.record("resident.view", resident, actor=personas.verbinder)
    html = actions_in(client_for(personas.beheerder).get("/privacy/logboek/"))
    assert f"talents.resident #{resident.pk}" in html
    assert "Zeldzaamvoornaam" not in html


def test_the_menu_offers_the_log_to_those_who_may_read_it(personas):
    assert 'href="/privacy/logboek/"' in actions_in(client_for(personas.beheerder).get("/"))
    for user in (personas.coordinator, personas.verbinder):
        assert 'href="/privacy/logboek/"' not in actions_in(client_for(user).get("/"))


def test_the_viewer_queries_stay_flat(personas):
    users = [UserFactory() for _ in range(3)]

    def add(n):
        for i in range(n):
            audit.record("resident.view", ResidentFactory(), actor=users[i % 3])

    assert_queries_flat(client_for(personas.beheerder), "/privacy/logboek/", add)


# --- The CSV export -------------------------------------------------------------------------


def test_the_export_holds_the_filtered_log_as_excel_reads_it(personas):
    resident = ResidentFactory(buurt=own_buurt())
    audit.record("resident.view", resident, actor=personas.verbinder)
    audit.record("login", personas.coordinator, actor=personas.coordinator)
    response = reauthenticated_client_for(personas.beheerder).get(
        f"/privacy/logboek/export.csv?actor={personas.verbinder.pk}"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].split(";")[:3] == ["wanneer", "wie", "actie"]
    assert len(lines) == 2
    fields = lines[1].split(";")
    assert fields[1:5] == [
        personas.verbinder.email,
        "resident.view",
        "talents.resident",
        str(resident.pk),
    ]


def test_the_export_neutralises_spreadsheet_formulas(personas):
    audit.record("=HYPERLINK(1)", actor=personas.verbinder)
    text = (
        reauthenticated_client_for(personas.beheerder)
        .get("/privacy/logboek/export.csv")
        .content.decode()
    )
    assert ";'=HYPERLINK(1);" in text
    assert ";=HYPERLINK" not in text
    assert csv_cell("-1") == "'-1" and csv_cell("@x") == "'@x" and csv_cell("gewoon") == "gewoon"


def test_the_export_asks_for_the_password_again_first(personas):
    response = client_for(personas.beheerder).get("/privacy/logboek/export.csv?action=login")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_the_export_is_audited(personas):
    reauthenticated_client_for(personas.beheerder).get("/privacy/logboek/export.csv?action=login")
    event = AuditEvent.objects.get(action="audit.export")
    assert event.actor == personas.beheerder and event.details == {"action": "login"}


# --- The periodic review report -------------------------------------------------------------


def test_the_report_defaults_to_last_month():
    assert last_month(datetime.date(2026, 3, 15)) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 2, 28),
    )
    assert last_month(datetime.date(2026, 1, 1)) == (
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 31),
    )


def test_the_report_shows_reads_outside_the_readers_own_wijkteams(personas):
    mine = ResidentFactory(buurt=own_buurt())
    with at(aware(2026, 3, 10, 12)):
        audit.record("resident.view", mine, actor=personas.verbinder)  # own wijkteam
        audit.record("resident.view", mine, actor=personas.other_verbinder)  # another's
        audit.record("resident.view", mine, actor=personas.other_verbinder)
    with at(aware(2026, 4, 2, 12)):  # outside the period
        audit.record("resident.view", mine, actor=personas.coordinator)
    response = client_for(personas.beheerder).get(
        "/privacy/logboek/controle/?start=2026-03-01&end=2026-03-31"
    )
    assert response.status_code == 200
    outside = response.context["outside"]
    assert [(row["actor"], row["object_pk"], row["reads"]) for row in outside] == [
        (personas.other_verbinder.pk, mine.pk, 2)
    ]


def test_a_resident_without_a_buurt_counts_for_the_fallback_wijkteam(personas):
    resident = ResidentFactory(buurt=None, responsible_verbinder=personas.verbinder)
    with at(aware(2026, 3, 10, 12)):
        audit.record("resident.view", resident, actor=personas.verbinder)
        audit.record("resident.view", resident, actor=personas.other_verbinder)
    response = client_for(personas.beheerder).get(
        "/privacy/logboek/controle/?start=2026-03-01&end=2026-03-31"
    )
    assert [row["actor"] for row in response.context["outside"]] == [personas.other_verbinder.pk]


def test_the_report_shows_request_and_match_pages_read_outside_the_own_wijkteams(personas):
    from tests.factories import MatchFactory

    request = RequestFactory(resident=ResidentFactory(buurt=own_buurt()))
    across = MatchFactory(
        resident_a=ResidentFactory(buurt=own_buurt()),
        resident_b=ResidentFactory(buurt=other_buurt()),
    )
    own = MatchFactory(
        resident_a=ResidentFactory(buurt=own_buurt()),
        resident_b=ResidentFactory(buurt=own_buurt()),
    )
    with at(aware(2026, 3, 10, 12)):
        audit.record("request.view", request, actor=personas.verbinder)
        audit.record("request.view", request, actor=personas.other_verbinder)
        audit.record("match.view", across, actor=personas.other_verbinder)  # side b is theirs
        audit.record("match.view", own, actor=personas.other_verbinder)
    rows = (
        client_for(personas.beheerder)
        .get("/privacy/logboek/controle/?start=2026-03-01&end=2026-03-31")
        .context["outside_other"]
    )
    assert [(str(row["kind"]), row["actor"], row["object_pk"]) for row in rows] == [
        ("hulpvraag", personas.other_verbinder.pk, request.pk),
        ("match", personas.other_verbinder.pk, own.pk),
    ]


def test_the_report_lists_exports_erasures_and_role_changes(personas):
    resident = ResidentFactory(buurt=own_buurt())
    with at(aware(2026, 3, 10, 12)):
        audit.record("resident.export", resident, actor=personas.verbinder)
        audit.record("resident.erase", resident, actor=personas.verbinder)
        audit.record("role_change", personas.coordinator, actor=personas.beheerder)
        audit.record("resident.view", resident, actor=personas.verbinder)
    context = (
        client_for(personas.beheerder)
        .get("/privacy/logboek/controle/?start=2026-03-01&end=2026-03-31")
        .context
    )
    assert [e.action for e in context["exports"]] == ["resident.export"]
    assert [e.action for e in context["erasures"]] == ["resident.erase"]
    assert [e.action for e in context["role_changes"]] == ["role_change"]


def test_a_beheerder_marks_a_period_as_reviewed_once_and_it_is_audited(personas):
    client = client_for(personas.beheerder)
    url = "/privacy/logboek/controle/?start=2026-03-01&end=2026-03-31"
    response = client.post(url, {"note": "Twee inzages nagevraagd bij het wijkteam."})
    assert response.status_code == 302
    review = AuditReview.objects.get()
    assert (review.period_start, review.period_end) == (
        datetime.date(2026, 3, 1),
        datetime.date(2026, 3, 31),
    )
    assert review.reviewed_by == personas.beheerder
    assert AuditEvent.objects.filter(action="audit.review", object_id=str(review.pk)).exists()
    # A second click (or a colleague) changes nothing.
    client.post(url, {"note": "nog eens"})
    assert AuditReview.objects.count() == 1
    html = client.get(url).content.decode()
    assert "Gecontroleerd door beheerder@example.org" in html
    assert (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)) not in unreviewed_months(
        datetime.date(2026, 11, 26)
    )
    assert (datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)) in unreviewed_months(
        datetime.date(2026, 11, 26)
    )


def test_a_period_that_is_not_over_cannot_be_marked(personas):
    today = timezone.localdate()
    client_for(personas.beheerder).post(
        f"/privacy/logboek/controle/?start={today.replace(day=1)}&end={today}"
    )
    assert not AuditReview.objects.exists()


def test_a_period_that_ends_before_it_starts_is_refused_with_a_message(personas):
    response = client_for(personas.beheerder).get(
        "/privacy/logboek/controle/?start=2026-03-31&end=2026-03-01"
    )
    assert response.status_code == 200
    assert "end" in response.context["period_form"].errors


def test_a_review_cannot_be_changed_or_deleted(personas):
    review = AuditReview.objects.create(
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 1, 31),
        reviewed_by=personas.beheerder,
    )
    with pytest.raises(ValueError):
        review.save()
    with pytest.raises(ValueError):
        review.delete()


def test_postgresql_itself_refuses_to_change_a_review(personas):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    review = AuditReview.objects.create(
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 1, 31),
        reviewed_by=personas.beheerder,
    )
    for statement in (
        "UPDATE buurtinbloei_auditreview SET note = 'x' WHERE id = %s",
        "DELETE FROM buurtinbloei_auditreview WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [review.pk])
    assert AuditReview.objects.filter(pk=review.pk, note="").exists()


def test_the_review_report_queries_stay_flat(personas):
    users = [UserFactory(wijkteams=[personas.other_wijkteam]) for _ in range(3)]

    def add(n):
        for i in range(n):
            resident = ResidentFactory(buurt=own_buurt())
            audit.record("resident.view", resident, actor=users[i % 3])
            audit.record("resident.export", resident, actor=users[i % 3])
            audit.record("role_change", users[i % 3], actor=personas.beheerder)
            audit.record("request.view", RequestFactory(resident=resident), actor=users[i % 3])

    today = timezone.localdate()
    url = f"/privacy/logboek/controle/?start={today.replace(day=1)}&end={today}"
    assert_queries_flat(client_for(personas.beheerder), url, add)
