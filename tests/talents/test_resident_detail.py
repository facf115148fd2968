"""The resident page: a timeline in scope, sensitive notes for the wijkteam only, audited."""

from __future__ import annotations

from django.urls import reverse

from talents.models import Talent
from tests.conftest import client_for
from tests.factories import ConversationFactory, ResidentTalentFactory
from tests.queries import assert_queries_flat

from .staff import audit_actions, other_resident, own_resident


def url(resident) -> str:
    return reverse("talents:resident-detail", kwargs={"pk": resident.pk})


def test_it_shows_the_resident_with_talents_and_conversations(personas):
    resident = own_resident(personas, first_name="Anouk")
    ResidentTalentFactory(
        resident=resident,
        talent=Talent.objects.get(name="Koken"),
        wants_to_develop=True,
        note="Surinaams",
    )
    ConversationFactory(
        resident=resident, summary="Fijn gesprek bij de buurtbus", asks="Gezelschap op zondag"
    )
    body = client_for(personas.verbinder).get(url(resident)).content.decode()
    assert "Anouk" in body
    assert "Koken" in body and "wil ontwikkelen" in body and "Surinaams" in body
    assert "Fijn gesprek bij de buurtbus" in body
    assert "Gezelschap op zondag" in body


def test_it_answers_404_to_a_verbinder_of_another_wijkteam_and_to_a_partner(personas):
    resident = own_resident(personas)
    assert client_for(personas.other_verbinder).get(url(resident)).status_code == 404
    assert client_for(personas.partner).get(url(resident)).status_code == 404
    assert client_for(personas.verbinder).get(url(other_resident(personas))).status_code == 404


def test_sensitive_notes_are_for_the_wijkteam_only(personas):
    resident = own_resident(personas)
    ConversationFactory(resident=resident, summary="Over de GGZ-opname", sensitive=True)
    ConversationFactory(resident=resident, summary="Gewoon gesprek")
    body = client_for(personas.verbinder).get(url(resident)).content.decode()
    assert "GGZ-opname" in body and "Gewoon gesprek" in body


def test_a_coordinator_sees_that_conversations_took_place_but_not_what_was_said(personas):
    resident = own_resident(personas)
    ConversationFactory(resident=resident, summary="Over de GGZ-opname", sensitive=True)
    ConversationFactory(
        resident=resident, summary="Gewoon gesprek", asks="Wil wandelen", next_step="Bellen"
    )
    body = client_for(personas.coordinator).get(url(resident)).content.decode()
    assert "Tijdlijn" in body
    for note in ("GGZ-opname", "Gewoon gesprek", "Wil wandelen", "Bellen"):
        assert note not in body


def test_beheerders_manage_the_application_not_residents(personas):
    resident = own_resident(personas)
    assert client_for(personas.beheerder).get(url(resident)).status_code == 404


def test_a_resident_without_a_buurt_stays_with_the_responsible_verbinders_wijkteam(personas):
    resident = own_resident(personas, buurt=None, responsible_verbinder=personas.verbinder)
    ConversationFactory(resident=resident, summary="Over de GGZ-opname", sensitive=True)
    assert client_for(personas.verbinder).get(url(resident)).status_code == 200
    assert client_for(personas.other_verbinder).get(url(resident)).status_code == 404


def test_a_coordinator_reads_but_gets_no_forms(personas):
    resident = own_resident(personas)
    body = client_for(personas.coordinator).get(url(resident)).content.decode()
    assert "Gesprek vastleggen" not in body
    assert "Gegevens bewerken" not in body


def test_every_view_is_written_to_the_audit_log_without_names(personas):
    resident = own_resident(personas, first_name="Anouk")
    client_for(personas.verbinder).get(url(resident))
    client_for(personas.coordinator).get(url(resident))
    assert audit_actions(resident) == ["resident.view", "resident.view"]
    from buurtinbloei.models import AuditEvent

    assert not AuditEvent.objects.filter(object_id__icontains="Anouk").exists()


def test_a_resident_without_contact_details_gets_a_warning(personas):
    resident = own_resident(personas, phone="", email="")
    body = client_for(personas.verbinder).get(url(resident)).content.decode()
    assert "nodig om later een match te maken" in body


def test_the_page_uses_a_flat_number_of_queries(personas):
    resident = own_resident(personas)
    talents = list(Talent.objects.order_by("pk")[:40])

    def add_rows(n):
        for _ in range(n):
            talent = talents.pop()
            ResidentTalentFactory(resident=resident, talent=talent)
            ConversationFactory(
                resident=resident,
                verbinder=personas.verbinder,
                talents=[talent],
                follow_up_on="2026-01-01",
            )

    assert_queries_flat(client_for(personas.verbinder), url(resident), add_rows)
