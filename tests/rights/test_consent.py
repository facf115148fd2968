"""Consent on the resident page: shown, recorded in person, withdrawn (erasure or a legal
ground to keep the data)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from buurtinbloei.privacy import PRIVACY_STATEMENT_VERSION
from talents.models import ConsentRecord, Resident, ResidentStatus
from tests.conftest import client_for, reauthenticated_client_for
from tests.talents.staff import audit_actions

from .support import full_resident


def create_url(resident) -> str:
    return reverse("talents:consent-create", kwargs={"pk": resident.pk})


def withdraw_url(consent) -> str:
    return reverse(
        "talents:consent-withdraw", kwargs={"pk": consent.resident_id, "consent_pk": consent.pk}
    )


@pytest.mark.parametrize("who", ["verbinder", "coordinator"])
def test_the_resident_page_shows_the_consent_records(personas, who):
    resident, _request, _match = full_resident(personas)
    body = client_for(getattr(personas, who)).get(resident.get_absolute_url()).content.decode()
    assert "Toestemming en privacy" in body
    assert "2026-01" in body
    assert "via de website" in body
    may_act = who == "verbinder"
    assert ("Intrekken" in body) is may_act
    assert ("Inzage: alles wat we bewaren" in body) is may_act
    assert ("Gegevens wissen" in body) is may_act


def test_a_verbinder_records_consent_given_in_person(personas):
    resident, _request, _match = full_resident(personas)
    client = client_for(personas.verbinder)
    token = client.get(create_url(resident)).context["form"].initial["token"]

    data = {"channel": "in_person", "read_aloud": "on", "token": token}
    response = client.post(create_url(resident), data)
    client.post(create_url(resident), data)  # a double tap

    assert response.status_code == 302
    consent = ConsentRecord.objects.filter(resident=resident).latest("given_at")
    assert consent.channel == ConsentRecord.Channel.IN_PERSON
    assert consent.text_version == PRIVACY_STATEMENT_VERSION
    assert consent.recorded_by == personas.verbinder
    assert ConsentRecord.objects.filter(resident=resident).count() == 2  # one recorded, once
    assert "resident.consent" in audit_actions(resident)


def test_consent_is_not_recorded_without_reading_the_statement(personas):
    resident, _request, _match = full_resident(personas)
    response = client_for(personas.verbinder).post(create_url(resident), {"channel": "street"})
    assert response.status_code == 200
    assert "Lees de privacyverklaring voor" in response.content.decode()
    assert ConsentRecord.objects.filter(resident=resident).count() == 1


def test_a_coordinator_records_no_consent(personas):
    resident, _request, _match = full_resident(personas)
    client = client_for(personas.coordinator)
    data = {"channel": "street", "read_aloud": "on"}
    assert client.post(create_url(resident), data).status_code == 403
    assert ConsentRecord.objects.filter(resident=resident).count() == 1


def test_withdrawing_consent_erases_the_resident_by_default(personas):
    resident, _request, _match = full_resident(personas)
    consent = ConsentRecord.objects.get(resident=resident)
    client = reauthenticated_client_for(personas.verbinder)
    form = client.get(withdraw_url(consent)).context["form"]
    assert form["outcome"].initial == "erase"

    response = client.post(withdraw_url(consent), {"outcome": "erase", "first_name": "Wilhelmina"})

    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.legal_ground == ""
    assert Resident.objects.get(pk=resident.pk).status == ResidentStatus.ANONYMISED
    assert {"resident.consent_withdraw", "resident.erase"} <= set(audit_actions(resident))


def test_withdrawing_with_a_legal_ground_keeps_the_data(personas):
    resident, _request, _match = full_resident(personas)
    consent = ConsentRecord.objects.get(resident=resident)

    response = client_for(personas.verbinder).post(
        withdraw_url(consent), {"outcome": "keep", "legal_ground": "Wettelijke bewaarplicht WMO"}
    )

    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.legal_ground == "Wettelijke bewaarplicht WMO"
    resident.refresh_from_db()
    assert resident.first_name == "Wilhelmina"
    assert "resident.erase" not in audit_actions(resident)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": "keep", "legal_ground": "  "}, "op grond waarvan"),
        ({"outcome": "erase", "first_name": ""}, "Typ de voornaam"),
        ({"outcome": "erase", "first_name": "Wim"}, "Er is niets gewist"),
        ({"outcome": "weg"}, "geen beschikbare keuze"),
    ],
)
def test_a_withdrawal_that_is_not_clear_changes_nothing(personas, data, message):
    resident, _request, _match = full_resident(personas)
    consent = ConsentRecord.objects.get(resident=resident)

    response = reauthenticated_client_for(personas.verbinder).post(withdraw_url(consent), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert Resident.objects.get(pk=resident.pk).first_name == "Wilhelmina"


def test_erasing_on_withdrawal_asks_for_a_recent_authentication(personas):
    resident, _request, _match = full_resident(personas)
    consent = ConsentRecord.objects.get(resident=resident)

    response = client_for(personas.verbinder).post(
        withdraw_url(consent), {"outcome": "erase", "first_name": "Wilhelmina"}
    )

    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_a_withdrawn_consent_is_not_withdrawn_twice(personas):
    resident, _request, _match = full_resident(personas)
    consent = ConsentRecord.objects.get(resident=resident)
    client = client_for(personas.verbinder)
    client.post(withdraw_url(consent), {"outcome": "keep", "legal_ground": "Bewaarplicht"})

    response = client.post(withdraw_url(consent), {"outcome": "keep", "legal_ground": "Anders"})

    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.legal_ground == "Bewaarplicht"
    assert audit_actions(resident).count("resident.consent_withdraw") == 1


def test_opening_the_rights_pages_is_audited_as_a_view(personas):
    resident, _request, _match = full_resident(personas)
    consent = ConsentRecord.objects.get(resident=resident)
    client = reauthenticated_client_for(personas.verbinder)
    for url in (
        create_url(resident),
        withdraw_url(consent),
        reverse("talents:resident-erase", kwargs={"pk": resident.pk}),
    ):
        before = audit_actions(resident).count("resident.view")
        assert client.get(url).status_code == 200
        assert audit_actions(resident).count("resident.view") == before + 1, url
