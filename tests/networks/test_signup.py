"""The public sign-up for organisations at /aanmelden/organisatie/: one organisation and one
ontwikkelplaats awaiting review, with consent, spam checks and plain-words errors."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from buurtinbloei.models import AuditEvent, PostcodeArea
from buurtinbloei.privacy import PRIVACY_STATEMENT_VERSION
from networks.models import Ontwikkelplaats, Organisation
from tests.factories import TalentFactory

from .support import own_buurt, signup_data

pytestmark = pytest.mark.django_db
URL = "/aanmelden/organisatie/"


@pytest.fixture
def client(geography) -> Client:
    return Client()


def test_the_url_is_the_one_in_the_contract():
    assert reverse("networks:organisation-signup") == URL


def test_the_form_needs_no_javascript_and_links_the_privacy_statement(client):
    html = client.get(URL).content.decode()
    assert "<script" not in html.split("<main", 1)[1]
    assert 'href="/privacy/"' in html and 'name="website"' in html  # the honeypot


def test_a_sign_up_creates_an_organisation_and_a_place_awaiting_review(client):
    cooking = TalentFactory(name="Koken", common=True)

    response = client.post(URL, signup_data(talents=[str(cooking.pk)]))

    assert response.status_code == 302 and response["Location"] == "/aanmelden/organisatie/bedankt/"
    organisation = Organisation.objects.get()
    assert organisation.name == "Speeltuin De Vlinder" and not organisation.reviewed
    assert organisation.buurt == own_buurt() and organisation.source == "signup"
    assert organisation.contact_phone == "+31612345678" and organisation.wants_help
    assert organisation.consent_version == PRIVACY_STATEMENT_VERSION
    place = Ontwikkelplaats.objects.get()
    assert (place.title, place.places, place.reviewed) == ("Kantinedienst op woensdag", 2, False)
    assert list(place.talents.all()) == [cooking]
    assert not Ontwikkelplaats.objects.available().exists()
    event = AuditEvent.objects.get(action="organisation.signup")
    assert event.ip is None


def test_a_double_submit_creates_one(client):
    data = signup_data()
    client.post(URL, data)
    client.post(URL, data)
    assert Organisation.objects.count() == 1 and Ontwikkelplaats.objects.count() == 1


def test_the_postcode_finds_the_buurt(client):
    PostcodeArea.objects.create(prefix="5625", buurt=own_buurt())
    client.post(URL, signup_data(buurt="", postcode="5625 ab"))
    assert Organisation.objects.get().buurt == own_buurt()


def test_an_unknown_postcode_asks_to_choose_the_buurt(client):
    response = client.post(URL, signup_data(buurt="", postcode="9999 ZZ"))
    assert "Kies de buurt uit de lijst." in response.content.decode()
    assert not Organisation.objects.exists()


def test_missing_contact_and_consent_get_plain_messages_and_keep_what_was_typed(client):
    response = client.post(URL, signup_data(contact_phone="", consent=""))

    html = response.content.decode()
    assert "Vul een telefoonnummer of een e-mailadres in." in html
    assert "Zonder toestemming mogen we geen contact opnemen." in html
    assert "Speeltuin De Vlinder" in html
    assert not Organisation.objects.exists()


def test_nonsense_numbers_get_a_clear_message(client):
    response = client.post(URL, signup_data(places="0"))
    assert "Er moet plek zijn voor minstens één persoon." in response.content.decode()


def test_the_honeypot_refuses_a_bot(client):
    response = client.post(URL, signup_data(website="http://spam.example"))
    assert response.status_code == 200 and not Organisation.objects.exists()


def test_a_form_sent_back_too_fast_is_refused(client, settings):
    settings.SIGNUP_MIN_SECONDS = 3
    response = client.post(URL, signup_data(seconds_ago=0))
    assert "Dat ging erg snel!" in response.content.decode()
    assert not Organisation.objects.exists()


def test_the_rate_limit_counts_per_address(client, settings):
    settings.SIGNUP_RATE_LIMIT = "2/h"
    for _ in range(3):
        response = client.post(URL, signup_data())
    assert Organisation.objects.count() == 2
    assert response.status_code == 429
    assert "net al veel aanmeldingen verstuurd" in response.content.decode()


def test_control_characters_are_dropped_not_a_500(client):
    client.post(URL, signup_data(name="Speel\x00tuin\u202e"))
    assert Organisation.objects.get().name == "Speeltuin"


def test_a_verbinder_of_the_wijk_sees_it_waiting(client, personas):
    client.post(URL, signup_data())
    from tests.conftest import client_for

    html = client_for(personas.verbinder).get("/organisaties/?review=waiting").content.decode()
    assert "Speeltuin De Vlinder" in html and "wacht op beoordeling" in html
