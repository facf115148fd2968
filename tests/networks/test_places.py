"""Ontwikkelplaatsen: list and filters, create and edit with clear messages, the page, review.
Only reviewed, active places with a free place count as available."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from networks.models import Ontwikkelplaats
from tests.conftest import client_for
from tests.factories import OntwikkelplaatsFactory, OrganisationFactory, TalentFactory
from tests.queries import assert_queries_flat

from .support import other_buurt, own_buurt

pytestmark = pytest.mark.django_db


def test_only_reviewed_active_places_with_room_are_available(personas):
    organisation = OrganisationFactory(buurt=own_buurt())
    free = OntwikkelplaatsFactory(organisation=organisation, places=2, places_taken=1)
    OntwikkelplaatsFactory(organisation=organisation, places=2, places_taken=2)  # full
    OntwikkelplaatsFactory(organisation=organisation, active=False)
    OntwikkelplaatsFactory(organisation=organisation, reviewed=False)
    OntwikkelplaatsFactory(organisation__reviewed=False, organisation__buurt=own_buurt())

    assert list(Ontwikkelplaats.objects.available()) == [free]


def test_the_database_refuses_more_places_taken_than_there_are(db, geography):
    place = OntwikkelplaatsFactory(places=2)
    place.places_taken = 3
    with pytest.raises(IntegrityError), transaction.atomic():
        place.save()


def test_the_list_filters_on_talent_and_free_places(personas):
    cooking = TalentFactory(name="Koken")
    OntwikkelplaatsFactory(title="Kookploeg", talents=[cooking], organisation__buurt=own_buurt())
    OntwikkelplaatsFactory(title="Klussenteam", organisation__buurt=other_buurt())
    OntwikkelplaatsFactory(title="Volle plek", places=1, places_taken=1, talents=[cooking])
    client = client_for(personas.verbinder)

    by_talent = client.get("/ontwikkelplaatsen/", {"talent": cooking.pk}).content.decode()
    free = client.get("/ontwikkelplaatsen/", {"talent": cooking.pk, "available": "free"})

    assert "Kookploeg" in by_talent and "Volle plek" in by_talent
    assert "Klussenteam" not in by_talent
    assert "Volle plek" not in free.content.decode()


def test_the_list_queries_stay_flat(personas):
    talent = TalentFactory(name="Tuinieren")
    assert_queries_flat(
        client_for(personas.coordinator),
        "/ontwikkelplaatsen/",
        lambda n: [OntwikkelplaatsFactory(talents=[talent]) for _ in range(n)],
    )


def test_a_verbinder_adds_a_place_with_talents(personas):
    organisation = OrganisationFactory(buurt=own_buurt())
    talent = TalentFactory(name="Voorlezen")

    response = client_for(personas.verbinder).post(
        "/ontwikkelplaatsen/nieuw/",
        {
            "organisation": organisation.pk,
            "title": "Voorlezen in groep 3",
            "kind": "volunteering",
            "talents": [talent.pk],
            "places": "2",
            "places_taken": "0",
            "buurt": own_buurt().pk,
            "active": "on",
        },
    )

    place = Ontwikkelplaats.objects.get(title="Voorlezen in groep 3")
    assert response.status_code == 302
    assert list(place.talents.all()) == [talent]
    assert place.is_available


def test_more_places_taken_than_places_gets_a_clear_message(personas):
    organisation = OrganisationFactory(buurt=own_buurt())

    response = client_for(personas.verbinder).post(
        "/ontwikkelplaatsen/nieuw/",
        {
            "organisation": organisation.pk,
            "title": "Te vol",
            "kind": "volunteering",
            "places": "2",
            "places_taken": "5",
            "buurt": own_buurt().pk,
        },
    )

    assert response.status_code == 200
    assert "Er kunnen niet meer plaatsen bezet zijn dan er zijn (2)." in response.content.decode()
    assert not Ontwikkelplaats.objects.exists()


def test_letters_for_a_number_get_a_clear_message(personas):
    response = client_for(personas.verbinder).post(
        "/ontwikkelplaatsen/nieuw/", {"title": "X", "places": "twee"}
    )
    assert "Vul een heel getal in." in response.content.decode()


def test_the_page_shows_free_places_and_talents_to_another_wijkteam(personas):
    place = OntwikkelplaatsFactory(
        organisation__buurt=own_buurt(),
        places=4,
        places_taken=1,
        talents=[TalentFactory(name="Koken")],
    )

    html = client_for(personas.other_verbinder).get(place.get_absolute_url()).content.decode()

    assert "3 van 4 vrij" in html and "Koken" in html
    assert "Gegevens bewerken" not in html


def test_reviewing_a_place_reviews_its_organisation_too(personas):
    place = OntwikkelplaatsFactory(
        organisation__buurt=own_buurt(), organisation__reviewed=False, reviewed=False
    )

    response = client_for(personas.verbinder).post(f"/ontwikkelplaatsen/{place.pk}/beoordelen/")

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.is_available


def test_editing_a_place_of_another_wijkteam_is_forbidden(personas):
    place = OntwikkelplaatsFactory(organisation__buurt=own_buurt())
    response = client_for(personas.other_verbinder).get(f"/ontwikkelplaatsen/{place.pk}/bewerken/")
    assert response.status_code == 403


def test_editing_saves_the_new_numbers(personas):
    place = OntwikkelplaatsFactory(organisation__buurt=own_buurt(), places=3)

    response = client_for(personas.verbinder).post(
        f"/ontwikkelplaatsen/{place.pk}/bewerken/",
        {
            "organisation": place.organisation_id,
            "title": place.title,
            "kind": place.kind,
            "places": "3",
            "places_taken": "3",
            "buurt": place.buurt_id,
            "active": "on",
            "version": place.version,
        },
    )

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.places_taken == 3 and not place.is_available


def test_a_place_in_an_own_buurt_of_an_organisation_elsewhere_can_be_edited(personas):
    place = OntwikkelplaatsFactory(organisation__buurt=other_buurt(), buurt=own_buurt(), places=2)

    response = client_for(personas.verbinder).post(
        f"/ontwikkelplaatsen/{place.pk}/bewerken/",
        {
            "organisation": place.organisation_id,
            "title": "Nieuwe titel",
            "kind": place.kind,
            "places": "2",
            "places_taken": "1",
            "buurt": place.buurt_id,
            "active": "on",
            "version": place.version,
        },
    )

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.title == "Nieuwe titel"
