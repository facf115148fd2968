"""The networks app's access policy: organisations and ontwikkelplaatsen readable city-wide,
changeable by the own wijkteam; kernteams and partners stay in the wijkteam."""

from __future__ import annotations

import pytest

from buurtinbloei.permissions import Perm, may
from networks.models import CoreTeam, Ontwikkelplaats, Organisation, Partner
from tests.factories import (
    CoreTeamFactory,
    OntwikkelplaatsFactory,
    OrganisationFactory,
    PartnerFactory,
)

from .support import other_buurt, own_buurt

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(personas):
    place = OntwikkelplaatsFactory(organisation__buurt=own_buurt())
    return {
        "organisation": place.organisation,
        "place": place,
        "team": CoreTeamFactory(buurt=own_buurt()),
        "partner": PartnerFactory(organisation=place.organisation),
    }


def test_every_verbinder_in_the_city_reads_organisations_and_places(personas, objects):
    other = personas.other_verbinder
    assert objects["organisation"] in Organisation.objects.visible_to(other)
    assert objects["place"] in Ontwikkelplaats.objects.visible_to(other)


def test_only_the_own_wijkteam_changes_organisations_and_places(personas, objects):
    assert objects["organisation"] in Organisation.objects.editable_by(personas.verbinder)
    assert objects["organisation"] not in Organisation.objects.editable_by(personas.other_verbinder)
    assert objects["place"] not in Ontwikkelplaats.objects.editable_by(personas.other_verbinder)
    assert not Organisation.objects.editable_by(personas.coordinator).exists()


def test_kernteams_and_partners_stay_in_the_wijkteam(personas, objects):
    assert objects["team"] not in CoreTeam.objects.visible_to(personas.other_verbinder)
    assert objects["partner"] not in Partner.objects.visible_to(personas.other_verbinder)
    assert objects["team"] in CoreTeam.objects.visible_to(personas.verbinder)
    assert objects["team"] in CoreTeam.objects.visible_to(personas.coordinator)


def test_partners_and_beheerders_see_no_network_rows(personas, objects):
    for user in (personas.partner, personas.beheerder):
        assert not Organisation.objects.visible_to(user).exists()
        assert not CoreTeam.objects.visible_to(user).exists()


def test_contact_details_and_member_names_are_for_verbinders_only(personas):
    assert Perm.READ_CONTACT_PERSONS in may(personas.verbinder)
    assert Perm.SEE_TEAM_MEMBERS in may(personas.verbinder)
    assert Perm.READ_CONTACT_PERSONS not in may(personas.coordinator)
    assert Perm.SEE_TEAM_MEMBERS not in may(personas.coordinator)


def test_an_organisation_of_another_wijkteam_is_editable_there(personas):
    organisation = OrganisationFactory(buurt=other_buurt())
    assert organisation in Organisation.objects.editable_by(personas.other_verbinder)
    assert organisation not in Organisation.objects.editable_by(personas.verbinder)
