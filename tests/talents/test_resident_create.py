"""Creating a resident: only a first name is needed; no contact details is a warning."""

from __future__ import annotations

from django.urls import reverse

from talents.models import Resident, ResidentStatus
from tests.conftest import client_for
from tests.queries import assert_queries_flat

from .staff import audit_actions, other_buurt, own_buurt

URL = reverse("talents:resident-create")


def test_a_first_name_is_enough(personas):
    # The verbinder saving is preselected as the responsible verbinder (see below).
    response = client_for(personas.verbinder).post(
        URL,
        {"first_name": "Fatima", "status": "new", "responsible_verbinder": personas.verbinder.pk},
        follow=True,
    )
    resident = Resident.objects.get(first_name="Fatima")
    assert response.redirect_chain[-1][0] == resident.get_absolute_url()
    assert "nodig om later een match te maken" in response.content.decode()
    assert audit_actions(resident)[0] == "resident.create"


def test_a_phone_only_resident_is_saved_in_one_form_and_gets_no_warning(personas):
    response = client_for(personas.verbinder).post(
        URL,
        {
            "first_name": "Henk",
            "phone": "06 1234 5678",
            "buurt": own_buurt(personas).pk,
            "status": "new",
            "responsible_verbinder": personas.verbinder.pk,
        },
        follow=True,
    )
    resident = Resident.objects.get(first_name="Henk")
    assert resident.phone == "+31612345678"
    assert resident.status == ResidentStatus.NEW
    assert resident.responsible_verbinder == personas.verbinder
    assert "nodig om later een match te maken" not in response.content.decode()


def test_it_says_in_dutch_what_is_wrong_and_keeps_what_was_typed(personas):
    response = client_for(personas.verbinder).post(
        URL,
        {
            "first_name": "",
            "last_name": "Jansen",
            "phone": "bel me",
            "email": "geen-mail",
            "postcode": "12345",
            "birth_year": "1850",
            "status": "new",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dit veld is verplicht" in body
    assert "Dit telefoonnummer klopt niet" in body
    assert "Deze postcode klopt niet" in body
    assert "Vul een geboortejaar in tussen 1900 en nu" in body
    assert 'value="Jansen"' in body
    assert 'aria-describedby="id_first_name_error"' in body
    assert not Resident.objects.exists()


def test_a_verbinder_cannot_place_a_resident_in_another_wijkteams_buurt(personas):
    response = client_for(personas.verbinder).post(
        URL, {"first_name": "Piet", "buurt": other_buurt(personas).pk, "status": "new"}
    )
    assert response.status_code == 200
    assert not Resident.objects.filter(first_name="Piet").exists()


def test_oversized_and_strange_input_never_gives_a_500(personas):
    response = client_for(personas.verbinder).post(
        URL,
        {
            "first_name": "A" * 10_000,
            "languages": "\x00",
            "status": "anonymised",
            "birth_year": "9" * 50,
            "responsible_verbinder": "abc",
            "buurt": "-1",
        },
    )
    assert response.status_code == 200
    assert not Resident.objects.exists()


def test_script_tags_are_stored_as_harmless_text(personas):
    client = client_for(personas.verbinder)
    data = {"first_name": "<script>alert(1)</script>", "status": "new"}
    client.post(URL, {**data, "responsible_verbinder": personas.verbinder.pk})
    resident = Resident.objects.get()
    body = client.get(resident.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_a_coordinator_may_not_create_residents(personas):
    assert client_for(personas.coordinator).post(URL, {"first_name": "X"}).status_code == 403


def test_the_form_uses_a_flat_number_of_queries(personas):
    from tests.factories import UserFactory

    def add_rows(n):
        for _ in range(n):
            UserFactory(wijkteams=[personas.own_wijkteam])

    assert_queries_flat(client_for(personas.verbinder), URL, add_rows)
