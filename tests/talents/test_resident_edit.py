"""Editing a resident with optimistic locking: nobody overwrites anybody silently."""

from __future__ import annotations

import pytest
from django.urls import reverse

from talents.models import Resident
from talents.services import ResidentChangedError, resident_update
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.queries import assert_queries_flat

from .staff import audit_actions, own_buurt, own_resident


def url(resident) -> str:
    return reverse("talents:resident-edit", kwargs={"pk": resident.pk})


def form_data(resident, **changes) -> dict:
    data = {
        "first_name": resident.first_name,
        "last_name": resident.last_name,
        "email": resident.email,
        "phone": resident.phone,
        "postcode": resident.postcode,
        "buurt": resident.buurt_id or "",
        "birth_year": resident.birth_year or "",
        "languages": resident.languages,
        "status": resident.status,
        "responsible_verbinder": resident.responsible_verbinder_id or "",
        "version": resident.version,
    }
    data.update(changes)
    return data


def test_the_form_carries_the_version(personas):
    resident = own_resident(personas)
    body = client_for(personas.verbinder).get(url(resident)).content.decode()
    assert 'name="version" value="1"' in body
    assert audit_actions(resident) == ["resident.view"]


def test_a_change_is_saved_raises_the_version_and_is_audited(personas):
    resident = own_resident(personas, first_name="Anouk")
    response = client_for(personas.verbinder).post(
        url(resident), form_data(resident, last_name="de Vries", languages="Nederlands")
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.last_name == "de Vries"
    assert resident.version == 2
    assert audit_actions(resident) == ["resident.update"]


def test_the_second_editor_gets_a_clear_message_and_keeps_what_they_typed(personas):
    resident = own_resident(personas, first_name="Anouk", languages="")
    stale = form_data(resident)
    colleague = client_for(UserFactory(wijkteams=[personas.own_wijkteam]))
    colleague.post(url(resident), form_data(resident, languages="Arabisch"))

    response = client_for(personas.verbinder).post(
        url(resident), {**stale, "last_name": "Mijn Typwerk"}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft deze inwoner net ook gewijzigd" in body
    assert 'value="Mijn Typwerk"' in body  # what they typed
    assert "Arabisch" in body  # what is saved now
    assert 'name="version" value="2"' in body  # saving again is a deliberate choice
    resident.refresh_from_db()
    assert resident.languages == "Arabisch"
    assert resident.last_name != "Mijn Typwerk"


def test_saving_again_after_the_conflict_keeps_the_second_version(personas):
    resident = own_resident(personas)
    client = client_for(personas.verbinder)
    client.post(url(resident), form_data(resident, languages="Arabisch"))
    response = client.post(url(resident), form_data(resident, last_name="Later", version=2))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.last_name, resident.version) == ("Later", 3)


def test_the_service_refuses_a_stale_version(personas):
    resident = own_resident(personas)
    resident_update(
        resident=resident, data={"languages": "Turks"}, expected_version=1, by=personas.verbinder
    )
    with pytest.raises(ResidentChangedError):
        resident_update(
            resident=resident,
            data={"languages": "Pools"},
            expected_version=1,
            by=personas.verbinder,
        )
    assert Resident.objects.get(pk=resident.pk).languages == "Turks"


def test_a_missing_or_malformed_version_is_a_conflict_not_a_500(personas):
    resident = own_resident(personas)
    client = client_for(personas.verbinder)
    assert client.post(url(resident), form_data(resident, version="")).status_code == 409
    response = client.post(url(resident), form_data(resident, version="abc"))
    assert response.status_code == 200
    assert "Dit formulier is verouderd" in response.content.decode()
    assert client.post(url(resident), form_data(resident, version="9" * 30)).status_code == 200


def test_other_wijkteams_partners_and_coordinators_cannot_edit(personas):
    resident = own_resident(personas)
    data = form_data(resident, last_name="Hack")
    assert client_for(personas.other_verbinder).post(url(resident), data).status_code == 404
    assert client_for(personas.partner).post(url(resident), data).status_code == 404
    assert client_for(personas.coordinator).post(url(resident), data).status_code == 403
    resident.refresh_from_db()
    assert resident.last_name != "Hack"


def test_saving_without_contact_details_warns_but_saves(personas):
    resident = own_resident(personas)
    response = client_for(personas.verbinder).post(
        url(resident),
        form_data(resident, phone="", email="", buurt=own_buurt(personas).pk),
        follow=True,
    )
    assert "nodig om later een match te maken" in response.content.decode()
    resident.refresh_from_db()
    assert resident.phone == ""


def test_the_form_uses_a_flat_number_of_queries(personas):
    from tests.factories import UserFactory

    resident = own_resident(personas)

    def add_rows(n):
        for _ in range(n):
            UserFactory(wijkteams=[personas.own_wijkteam])

    assert_queries_flat(client_for(personas.verbinder), url(resident), add_rows)


def test_the_phone_number_is_shown_the_dutch_way_and_saved_normalised(personas):
    resident = own_resident(personas, phone="+31612345678")
    client = client_for(personas.verbinder)
    body = client.get(url(resident)).content.decode()
    assert 'value="06-12345678"' in body
    assert 'value="+31612345678"' not in body
    client.post(
        url(resident),
        {
            "first_name": resident.first_name,
            "phone": "06-12345678",
            "buurt": resident.buurt_id,
            "status": resident.status,
            "responsible_verbinder": personas.verbinder.pk,
            "version": resident.version,
        },
    )
    resident.refresh_from_db()
    assert (resident.phone, resident.version) == ("+31612345678", 2)
