"""A resident always belongs to a wijkteam (issue 7, item 5): nobody can save one that the
whole team loses, and nobody leaving the team takes residents with them."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from talents.models import Resident
from talents.services import street_capture
from tests.conftest import client_for
from tests.factories import UserFactory

from .staff import own_buurt, own_resident

CREATE = reverse("talents:resident-create")
STREET = reverse("talents:street-capture")
ORPHAN_ERROR = "Kies een buurt of een verantwoordelijke verbinder"


def edit_url(resident) -> str:
    return reverse("talents:resident-edit", kwargs={"pk": resident.pk})


def test_a_new_resident_without_buurt_and_without_verbinder_is_refused_in_dutch(personas):
    response = client_for(personas.verbinder).post(
        CREATE, {"first_name": "Wees", "status": "new", "buurt": "", "responsible_verbinder": ""}
    )
    assert response.status_code == 200
    assert ORPHAN_ERROR in response.content.decode()
    assert not Resident.objects.filter(first_name="Wees").exists()


def test_an_edit_to_no_buurt_and_no_verbinder_is_refused_in_dutch(personas):
    resident = own_resident(personas, first_name="Blijft", responsible_verbinder=None)
    data = {"first_name": "Blijft", "status": "new", "version": resident.version}
    response = client_for(personas.verbinder).post(
        edit_url(resident), {**data, "buurt": "", "responsible_verbinder": ""}
    )
    assert response.status_code == 200
    assert ORPHAN_ERROR in response.content.decode()
    resident.refresh_from_db()
    assert resident.buurt == own_buurt(personas)


def test_the_verbinder_saving_is_preselected_on_create_and_on_edit(personas):
    client = client_for(personas.verbinder)
    selected = f'<option value="{personas.verbinder.pk}" selected>'
    assert selected in client.get(CREATE).content.decode()
    resident = own_resident(personas, responsible_verbinder=None)
    assert selected in client.get(edit_url(resident)).content.decode()


def test_a_resident_saved_without_buurt_belongs_to_the_wijkteam_of_who_saved_them(personas):
    response = client_for(personas.verbinder).post(
        CREATE,
        {"first_name": "Zonder", "status": "new", "responsible_verbinder": personas.verbinder.pk},
    )
    assert response.status_code == 302
    resident = Resident.objects.get(first_name="Zonder")
    assert resident.fallback_wijkteam == personas.own_wijkteam
    colleague = UserFactory(wijkteams=[personas.own_wijkteam])
    assert client_for(colleague).get(resident.get_absolute_url()).status_code == 200
    assert client_for(personas.other_verbinder).get(resident.get_absolute_url()).status_code == 404


def test_a_street_capture_without_buurt_stays_with_the_verbinders_wijkteam(personas):
    response = client_for(personas.verbinder).post(
        STREET, {"first_name": "Straat", "phone": "0612345678", "gives": "1", "consent": "on"}
    )
    assert response.status_code == 302
    resident = Resident.objects.get(first_name="Straat")
    assert resident.buurt is None
    assert resident.responsible_verbinder == personas.verbinder
    assert resident.fallback_wijkteam == personas.own_wijkteam


def test_a_street_capture_by_a_verbinder_without_wijkteam_asks_for_a_buurt(personas):
    loner = UserFactory()
    response = client_for(loner).post(
        STREET, {"first_name": "Nergens", "phone": "0612345678", "gives": "1", "consent": "on"}
    )
    assert response.status_code == 200
    assert "je hoort nog bij geen wijkteam" in response.content.decode()
    assert not Resident.objects.filter(first_name="Nergens").exists()


def test_the_street_capture_service_obeys_the_same_rule(personas):
    captured = street_capture(
        data={"first_name": "Dienst", "phone": "+31612345678"},
        talent_name="",
        gives=True,
        by=personas.verbinder,
    )
    assert captured.resident.fallback_wijkteam == personas.own_wijkteam


def test_the_database_refuses_a_resident_without_buurt_and_without_wijkteam(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        Resident.objects.create(first_name="Wees", buurt=None, fallback_wijkteam=None)


def test_when_the_responsible_verbinder_is_deleted_the_residents_stay_with_the_wijkteam(
    personas,
):
    leaver = UserFactory(wijkteams=[personas.own_wijkteam])
    resident = own_resident(personas, buurt=None, responsible_verbinder=leaver)
    leaver.delete()
    resident.refresh_from_db()
    assert resident.responsible_verbinder is None
    assert client_for(personas.verbinder).get(resident.get_absolute_url()).status_code == 200
    assert client_for(personas.verbinder).get(edit_url(resident)).status_code == 200


def test_when_the_responsible_verbinder_leaves_the_wijkteam_the_residents_stay(personas):
    leaver = UserFactory(wijkteams=[personas.own_wijkteam])
    resident = own_resident(personas, buurt=None, responsible_verbinder=leaver)
    leaver.wijkteams.set([personas.other_wijkteam])
    assert client_for(personas.verbinder).get(resident.get_absolute_url()).status_code == 200
    # ...and do not follow the verbinder into the new team.
    leaver = type(leaver).objects.get(pk=leaver.pk)
    assert client_for(leaver).get(resident.get_absolute_url()).status_code == 404


def test_an_edit_keeps_a_resident_without_buurt_in_their_wijkteam(personas):
    both = UserFactory(wijkteams=[personas.own_wijkteam, personas.other_wijkteam])
    resident = own_resident(personas, buurt=None, responsible_verbinder=personas.verbinder)
    response = client_for(both).post(
        edit_url(resident),
        {
            "first_name": resident.first_name,
            "status": "new",
            "version": resident.version,
            "responsible_verbinder": both.pk,
        },
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.fallback_wijkteam == personas.own_wijkteam
