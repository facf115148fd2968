"""Every networks page not covered in its own module keeps a flat number of queries as rows
grow (tests/queries.assert_queries_flat)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import (
    ActivityFactory,
    CoreTeamFactory,
    CoreTeamMemberFactory,
    OntwikkelplaatsFactory,
    OrganisationFactory,
    PartnerContactFactory,
    PartnerFactory,
    ResidentFactory,
    TalentFactory,
)
from tests.queries import assert_queries_flat

from .support import own_buurt

pytestmark = pytest.mark.django_db


def add_organisations_and_residents(n: int) -> None:
    for _ in range(n):
        OrganisationFactory(buurt=own_buurt())
        ResidentFactory(buurt=own_buurt())
        TalentFactory(common=True)


@pytest.mark.parametrize(
    "path",
    [
        "/organisaties/nieuw/",
        "/ontwikkelplaatsen/nieuw/",
        "/kernteams/nieuw/",
        "/buurten/",
        "/aanmelden/organisatie/",
        "/aanmelden/organisatie/bedankt/",
    ],
)
def test_the_form_and_index_pages_stay_flat(personas, path):
    client = Client() if path.startswith("/aanmelden/") else client_for(personas.verbinder)
    assert_queries_flat(client, path, add_organisations_and_residents)


def test_the_team_forms_stay_flat(personas):
    team = CoreTeamFactory(buurt=own_buurt())
    client = client_for(personas.verbinder)

    def add(n):
        add_organisations_and_residents(n)
        CoreTeamMemberFactory.create_batch(n, core_team=team)
        for _ in range(n):
            ActivityFactory(core_team=team)

    for suffix in ("leden/", "activiteiten/", "fase/", "bewerken/"):
        assert_queries_flat(client, f"/kernteams/{team.pk}/{suffix}", add, small=1, large=8)


def test_the_partner_pages_stay_flat(personas):
    partner = PartnerFactory(organisation__buurt=own_buurt())
    client = client_for(personas.verbinder)
    day = timezone.localdate() - datetime.timedelta(days=1)

    def add(n):
        for _ in range(n):
            PartnerContactFactory(partner=partner, date=day, by=personas.verbinder)

    assert_queries_flat(client, f"/partners/{partner.pk}/contact/", add)
    assert_queries_flat(
        client, f"/organisaties/{partner.organisation_id}/partner/", add_organisations_and_residents
    )


def test_the_place_pages_stay_flat(personas):
    place = OntwikkelplaatsFactory(organisation__buurt=own_buurt())
    client = client_for(personas.verbinder)

    def add(n):
        place.talents.add(*[TalentFactory() for _ in range(n)])
        add_organisations_and_residents(n)

    assert_queries_flat(client, place.get_absolute_url(), add, small=1, large=10)
    assert_queries_flat(client, f"/ontwikkelplaatsen/{place.pk}/bewerken/", add, large=10)
    assert_queries_flat(client, f"/organisaties/{place.organisation_id}/bewerken/", add, large=10)
