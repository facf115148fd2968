from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from buurtinbloei import audit
from buurtinbloei.models import AuditEvent
from tests.factories import PASSWORD


def test_a_login_and_a_failed_login_are_audited(client, personas):
    client.post("/accounts/login/", {"login": personas.verbinder.email, "password": "fout"})
    client.post("/accounts/login/", {"login": personas.verbinder.email, "password": PASSWORD})
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "actor"))
    assert ("login_failed", None) in actions
    assert ("login", personas.verbinder.pk) in actions


def test_an_event_names_the_object_by_type_and_id_only(rf, personas):
    request = rf.get("/", REMOTE_ADDR="192.0.2.7")
    request.user = personas.verbinder
    event = audit.record("wijkteam.view", personas.own_wijkteam, request=request)
    assert (event.object_type, event.object_id) == (
        "buurtinbloei.wijkteam",
        str(personas.own_wijkteam.pk),
    )
    assert event.actor == personas.verbinder and event.ip == "192.0.2.7"


def test_events_cannot_be_changed_or_deleted_through_the_orm(db):
    event = AuditEvent.objects.create(action="test")
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_postgresql_itself_refuses_to_change_the_audit_log(db):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    AuditEvent.objects.create(action="test")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.update(action="veranderd")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()


def test_the_client_ip_ignores_x_forwarded_for_without_a_proxy(rf, settings):
    settings.BEHIND_TLS_PROXY = False
    request = rf.get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert audit.client_ip(request) == "192.0.2.7"


def test_behind_the_proxy_the_client_ip_is_the_hop_the_proxy_added(rf, settings):
    settings.BEHIND_TLS_PROXY = True
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1")
    assert audit.client_ip(request) == "198.51.100.1"


def test_postgresql_itself_refuses_to_empty_the_audit_log(db):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    AuditEvent.objects.create(action="test")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # The test suite's own connections may truncate (tests/settings.py); the app's may not.
        cursor.execute("SET LOCAL buurtinbloei.allow_audit_truncate = 'off'")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks
        cursor.execute("TRUNCATE buurtinbloei_auditevent")
    assert AuditEvent.objects.filter(action="test").exists()
