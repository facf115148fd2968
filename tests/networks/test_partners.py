"""The partner network: last contact, agreements with a date, and who has not been contacted
for three months."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from networks.models import PartnerContact
from tests.conftest import client_for
from tests.factories import PartnerContactFactory, PartnerFactory
from tests.queries import assert_queries_flat

from .support import other_buurt, own_buurt

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def test_partners_without_contact_for_three_months_are_flagged(personas):
    quiet = PartnerFactory(organisation__name="Wijkagent Bokt", organisation__buurt=own_buurt())
    PartnerContactFactory(partner=quiet, date=days_ago(120))
    recent = PartnerFactory(organisation__name="POH De Linde", organisation__buurt=own_buurt())
    PartnerContactFactory(partner=recent, date=days_ago(10), agreement="Maandelijks bellen")
    PartnerFactory(organisation__name="Nooit gesproken", organisation__buurt=own_buurt())

    response = client_for(personas.verbinder).get("/partners/")

    partners = {p.organisation.name: p for p in response.context["partners"]}
    assert partners["Wijkagent Bokt"].needs_contact
    assert partners["Nooit gesproken"].needs_contact
    assert not partners["POH De Linde"].needs_contact
    html = response.content.decode()
    assert "2 partners hebben al drie maanden geen contact gehad." in html
    assert "Maandelijks bellen" in html


def test_partners_of_other_wijkteams_are_not_listed(personas):
    PartnerFactory(organisation__name="Wijkagent Stratum", organisation__buurt=other_buurt())
    html = client_for(personas.verbinder).get("/partners/").content.decode()
    assert "Wijkagent Stratum" not in html


def test_the_list_queries_stay_flat(personas):
    def add(n):
        for _ in range(n):
            PartnerContactFactory(
                partner=PartnerFactory(organisation__buurt=own_buurt()), agreement="Afspraak"
            )

    assert_queries_flat(client_for(personas.verbinder), "/partners/", add)


def test_a_verbinder_logs_a_contact_with_an_agreement(personas):
    partner = PartnerFactory(organisation__buurt=own_buurt())

    response = client_for(personas.verbinder).post(
        f"/partners/{partner.pk}/contact/",
        {"date": days_ago(1).isoformat(), "summary": "Koffie", "agreement": "Samen een buurtavond"},
    )

    assert response.status_code == 302
    contact = PartnerContact.objects.get()
    assert contact.by == personas.verbinder and contact.agreement == "Samen een buurtavond"


def test_a_contact_in_the_future_gets_a_clear_message(personas):
    partner = PartnerFactory(organisation__buurt=own_buurt())

    response = client_for(personas.verbinder).post(
        f"/partners/{partner.pk}/contact/",
        {"date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(), "summary": "x"},
    )

    assert "Een contact kan niet in de toekomst liggen." in response.content.decode()
    assert not PartnerContact.objects.exists()


def test_another_wijkteam_cannot_log_a_contact(personas):
    partner = PartnerFactory(organisation__buurt=own_buurt())
    response = client_for(personas.other_verbinder).post(
        f"/partners/{partner.pk}/contact/", {"date": days_ago(1).isoformat(), "summary": "x"}
    )
    assert response.status_code == 404
