"""Migration talents/0010 gives every existing resident without a buurt a wijkteam, before the
constraint of 0011 requires one (issue 7, item 5)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("talents", "0009_resident_fallback_wijkteam")]
AFTER = [("talents", "0011_resident_belongs_to_a_wijkteam")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    # The core stays at its latest migration (the database has its columns), so the
    # historical models must know those columns too.
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "buurtinbloei"]
    executor.migrate([*targets, *others])
    return executor.loader.project_state([*targets, *others]).apps


@pytest.mark.django_db(transaction=True)
def test_residents_without_a_buurt_get_the_wijkteam_of_the_people_who_worked_with_them(
    geography,
):
    apps = migrate(BEFORE)
    try:
        Wijkteam = apps.get_model("buurtinbloei", "Wijkteam")
        User = apps.get_model("buurtinbloei", "User")
        Buurt = apps.get_model("buurtinbloei", "Buurt")
        PostcodeArea = apps.get_model("buurtinbloei", "PostcodeArea")
        AuditEvent = apps.get_model("buurtinbloei", "AuditEvent")
        Resident = apps.get_model("talents", "Resident")
        Conversation = apps.get_model("talents", "Conversation")
        stratum, gestel = Wijkteam.objects.get(slug="stratum"), Wijkteam.objects.get(slug="gestel")
        verbinder = User.objects.create(email="v@example.org", role="verbinder")
        verbinder.wijkteams.set([stratum])
        talker = User.objects.create(email="t@example.org", role="verbinder")
        talker.wijkteams.set([gestel])
        nobody = User.objects.create(email="n@example.org", role="verbinder")

        by_verbinder = Resident.objects.create(first_name="A", responsible_verbinder=verbinder)
        by_talk = Resident.objects.create(first_name="B", responsible_verbinder=nobody)
        Conversation.objects.create(
            resident=by_talk, verbinder=talker, date="2026-11-01", kind="talent"
        )
        by_audit = Resident.objects.create(first_name="C")
        AuditEvent.objects.create(
            actor=verbinder,
            action="resident.create",
            object_type="talents.resident",
            object_id=str(by_audit.pk),
        )
        buurt = Buurt.objects.filter(wijk__wijkteam=gestel).first()
        PostcodeArea.objects.create(prefix="5642", buurt=buurt)
        by_postcode = Resident.objects.create(first_name="D", postcode="5642 AB")
        with_buurt = Resident.objects.create(first_name="E", buurt=buurt)

        apps = migrate(AFTER)
        Resident = apps.get_model("talents", "Resident")
        placed = {
            r.first_name: (r.buurt_id, r.fallback_wijkteam_id) for r in Resident.objects.all()
        }
        assert placed[by_verbinder.first_name] == (None, stratum.pk)
        assert placed[by_talk.first_name] == (None, gestel.pk)
        assert placed[by_audit.first_name] == (None, stratum.pk)
        assert placed[by_postcode.first_name] == (buurt.pk, None)
        assert placed[with_buurt.first_name] == (buurt.pk, None)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_a_resident_nobody_can_place_stops_the_migration_with_their_id(geography):
    apps = migrate(BEFORE)
    try:
        Resident = apps.get_model("talents", "Resident")
        lost = Resident.objects.create(first_name="Zoek")
        with pytest.raises(RuntimeError, match=rf"\[{lost.pk}\]"):
            migrate(AFTER)
        Resident.objects.filter(pk=lost.pk).delete()
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
