"""Organisations: the list, create, edit, the page (contact details for verbinders only),
partner roles and the review of a public sign-up."""

from __future__ import annotations

import pytest

from buurtinbloei.models import AuditEvent
from networks.models import Organisation, Partner
from tests.conftest import client_for
from tests.factories import OntwikkelplaatsFactory, OrganisationFactory, PartnerFactory
from tests.queries import assert_queries_flat

from .support import other_buurt, own_buurt

pytestmark = pytest.mark.django_db


def test_the_list_shows_organisations_of_the_whole_city(personas):
    OrganisationFactory(name="Moskee Al Amal", buurt=other_buurt(), kind="mosque")
    OrganisationFactory(name="Basisschool De Linde", buurt=own_buurt(), kind="school")

    html = client_for(personas.verbinder).get("/organisaties/").content.decode()

    assert "Moskee Al Amal" in html and "Basisschool De Linde" in html


def test_the_list_filters_by_kind_and_answers_htmx_with_the_table(personas):
    OrganisationFactory(name="Moskee Al Amal", kind="mosque")
    OrganisationFactory(name="Basisschool De Linde", kind="school")

    response = client_for(personas.verbinder).get(
        "/organisaties/", {"kind": "school"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert "<html" not in html
    assert "Basisschool De Linde" in html and "Moskee Al Amal" not in html


def test_a_bad_filter_value_is_ignored_not_an_error(personas):
    response = client_for(personas.verbinder).get("/organisaties/", {"wijk": "abc", "page": "x"})
    assert response.status_code == 200


def test_the_list_queries_stay_flat(personas):
    assert_queries_flat(
        client_for(personas.verbinder),
        "/organisaties/",
        lambda n: [OntwikkelplaatsFactory(organisation__buurt=own_buurt()) for _ in range(n)],
    )


def test_a_verbinder_creates_an_organisation_in_a_buurt_of_the_own_wijkteam(personas):
    response = client_for(personas.verbinder).post(
        "/organisaties/nieuw/",
        {
            "name": "Repair Café Woensel",
            "kind": "foundation",
            "buurt": own_buurt().pk,
            "contact_phone": "040 1234567",
        },
    )

    organisation = Organisation.objects.get(name="Repair Café Woensel")
    assert response.status_code == 302 and response["Location"] == organisation.get_absolute_url()
    assert organisation.contact_phone == "+31401234567"
    assert organisation.reviewed
    assert AuditEvent.objects.filter(action="organisation.create").exists()


def test_a_buurt_of_another_wijkteam_cannot_be_chosen(personas):
    response = client_for(personas.verbinder).post(
        "/organisaties/nieuw/", {"name": "Elders", "kind": "school", "buurt": other_buurt().pk}
    )

    assert response.status_code == 200
    assert "Kies er een uit de lijst." in response.content.decode()
    assert not Organisation.objects.filter(name="Elders").exists()


def test_a_wrong_phone_number_gets_a_clear_message(personas):
    response = client_for(personas.verbinder).post(
        "/organisaties/nieuw/",
        {"name": "X", "kind": "school", "buurt": own_buurt().pk, "contact_phone": "12"},
    )
    assert "Dit telefoonnummer klopt niet" in response.content.decode()


def test_contact_details_show_for_verbinders_and_not_for_coordinators(personas):
    organisation = OrganisationFactory(
        buurt=own_buurt(), contact_phone="+31401112233", contact_email="info@vlinder.example.org"
    )
    url = organisation.get_absolute_url()

    for_verbinder = client_for(personas.other_verbinder).get(url).content.decode()
    for_coordinator = client_for(personas.coordinator).get(url).content.decode()

    assert "+31401112233" in for_verbinder and "info@vlinder.example.org" in for_verbinder
    assert "+31401112233" not in for_coordinator
    assert "info@vlinder.example.org" not in for_coordinator


def test_another_wijkteam_reads_but_may_not_edit(personas):
    organisation = OrganisationFactory(buurt=own_buurt())
    client = client_for(personas.other_verbinder)

    page = client.get(organisation.get_absolute_url()).content.decode()

    assert "Gegevens bewerken" not in page
    assert (
        client.post(f"/organisaties/{organisation.pk}/bewerken/", {"name": "Weg"}).status_code
        == 403
    )
    organisation.refresh_from_db()
    assert organisation.name != "Weg"


def test_editing_keeps_what_was_not_on_the_form(personas):
    organisation = OrganisationFactory(buurt=own_buurt(), name="Oud", kind="school")
    client = client_for(personas.verbinder)

    response = client.post(
        f"/organisaties/{organisation.pk}/bewerken/",
        {"name": "Nieuw", "kind": "school", "buurt": own_buurt().pk, "version": 1},
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Nieuw"


def test_reviewing_makes_the_organisation_and_its_places_available(personas):
    place = OntwikkelplaatsFactory(
        organisation__buurt=own_buurt(), organisation__reviewed=False, reviewed=False
    )
    organisation = place.organisation
    assert not organisation.ontwikkelplaatsen.available().exists()

    response = client_for(personas.verbinder).post(f"/organisaties/{organisation.pk}/beoordelen/")

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.reviewed and organisation.reviewed_by == personas.verbinder
    assert list(organisation.ontwikkelplaatsen.available()) == [place]


def test_another_wijkteam_cannot_review(personas):
    organisation = OrganisationFactory(buurt=own_buurt(), reviewed=False)

    response = client_for(personas.other_verbinder).post(
        f"/organisaties/{organisation.pk}/beoordelen/"
    )

    assert response.status_code == 403
    organisation.refresh_from_db()
    assert not organisation.reviewed


def test_an_organisation_becomes_a_partner_in_an_own_wijk(personas):
    organisation = OrganisationFactory(buurt=other_buurt(), name="Humanitas")
    wijk = own_buurt().wijk
    client = client_for(personas.verbinder)

    response = client.post(
        f"/organisaties/{organisation.pk}/partner/", {"wijk": wijk.pk, "role": "informal_care"}
    )
    again = client.post(
        f"/organisaties/{organisation.pk}/partner/", {"wijk": wijk.pk, "role": "informal_care"}
    )

    assert response.status_code == 302
    assert Partner.objects.filter(organisation=organisation, wijk=wijk).count() == 1
    assert "heeft die rol in deze wijk al" in again.content.decode()


def test_a_partner_role_in_a_wijk_of_another_wijkteam_is_refused(personas):
    organisation = OrganisationFactory(buurt=own_buurt())

    response = client_for(personas.verbinder).post(
        f"/organisaties/{organisation.pk}/partner/", {"wijk": other_buurt().wijk_id, "role": "poh"}
    )

    assert response.status_code == 200
    assert not Partner.objects.exists()


def test_the_page_queries_stay_flat(personas):
    organisation = OrganisationFactory(buurt=own_buurt())
    PartnerFactory(organisation=organisation, role="poh")
    assert_queries_flat(
        client_for(personas.verbinder),
        organisation.get_absolute_url(),
        lambda n: [OntwikkelplaatsFactory(organisation=organisation) for _ in range(n)],
    )


def test_a_bad_filter_value_drops_only_that_filter(personas):
    OrganisationFactory(name="Moskee Al Amal", kind="mosque")
    OrganisationFactory(name="Basisschool De Linde", kind="school")

    html = (
        client_for(personas.verbinder)
        .get("/organisaties/", {"q": "Moskee", "kind": "onzin"})
        .content.decode()
    )

    assert "Moskee Al Amal" in html and "Basisschool De Linde" not in html
