"""The Buurtkijker: figures per buurt and per wijk, the network picture with its table, and
figures without names for coördinatoren."""

from __future__ import annotations

import pytest

from networks.models import BuurtFigures
from talents.models import ResidentStatus
from tests.conftest import client_for
from tests.factories import (
    ActivityFactory,
    CoreTeamFactory,
    CoreTeamMemberFactory,
    OntwikkelplaatsFactory,
    PartnerFactory,
    ResidentFactory,
    ResidentTalentFactory,
    TalentFactory,
)
from tests.queries import assert_queries_flat

from .support import own_buurt

pytestmark = pytest.mark.django_db


@pytest.fixture
def buurt(personas):
    buurt = own_buurt()
    cooking = TalentFactory(name="Koken")
    for name in ["Amira", "Bram", "Chantal"]:
        ResidentTalentFactory(resident__first_name=name, resident__buurt=buurt, talent=cooking)
    ResidentFactory(buurt=buurt, status=ResidentStatus.ANONYMISED)
    team = CoreTeamFactory(name="Samen Sterk", buurt=buurt)
    CoreTeamMemberFactory.create_batch(5, core_team=team, resident__first_name="Kees")
    place = OntwikkelplaatsFactory(
        title="Gastvrouw buurtkamer",
        organisation__name="Buurtkamer Oost",
        organisation__buurt=buurt,
    )
    PartnerFactory(organisation=place.organisation, role="poh")
    ActivityFactory(core_team=team, title="Buurtbarbecue", partners=[place.organisation])
    return buurt


def test_the_buurt_profile_shows_figures_teams_places_and_partners(personas, buurt):
    response = client_for(personas.verbinder).get(f"/buurten/{buurt.pk}/")

    profile = response.context["profile"]
    assert (profile.known, profile.offering) == (8, 3)  # 3 with talents, 5 team members
    assert profile.top_talents[0] == {"talent__name": "Koken", "residents": 3}
    assert profile.active_teams == 1
    html = response.content.decode()
    for text in ["Samen Sterk", "Gastvrouw buurtkamer", "Buurtbarbecue", "Buurtkamer Oost"]:
        assert text in html


def test_the_network_picture_is_an_svg_with_a_table_alternative(personas, buurt):
    html = client_for(personas.verbinder).get(f"/buurten/{buurt.pk}/").content.decode()

    assert '<svg class="bib-network__svg"' in html and 'role="img"' in html
    assert "<desc" in html and "De tabel onder het plaatje geeft dezelfde informatie." in html
    assert "bib-edge--activity" in html  # the kernteam and the partner did the BBQ together
    assert "bib-node--team-active" in html and "bib-node--partner" in html
    assert "Het netwerk als tabel" in html and "Kees" in html
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_coordinators_see_the_figures_without_names(personas, buurt):
    response = client_for(personas.coordinator).get(f"/buurten/{buurt.pk}/")

    html = response.content.decode()
    assert response.context["profile"].known == 8
    assert "Kees" not in html and "Amira" not in html
    assert "Samen Sterk" in html


def test_reach_per_thousand_inhabitants_comes_from_the_cbs_figures(personas, buurt):
    BuurtFigures.objects.create(buurt=buurt, inhabitants=4000, age_65_plus=800)

    response = client_for(personas.verbinder).get(f"/buurten/{buurt.pk}/")

    assert response.context["profile"].reach_per_1000 == 2.0  # 8 known of 4,000
    assert "65 jaar of ouder" in response.content.decode()


def test_without_cbs_figures_the_profile_says_how_to_import_them(personas, buurt):
    html = client_for(personas.verbinder).get(f"/buurten/{buurt.pk}/").content.decode()
    assert "python manage.py import_cbs" in html


def test_the_wijk_profile_has_a_row_per_buurt(personas, buurt):
    BuurtFigures.objects.create(buurt=buurt, inhabitants=800)

    response = client_for(personas.verbinder).get(f"/wijken/{buurt.wijk_id}/")

    rows = {row["buurt"].pk: row for row in response.context["rows"]}
    assert len(rows) == buurt.wijk.buurten.count()
    assert rows[buurt.pk]["known"] == 8 and rows[buurt.pk]["reach"] == 10.0
    assert rows[buurt.pk]["active_teams"] == 1


def test_every_buurt_of_the_own_wijkteams_is_in_the_index(personas):
    html = client_for(personas.verbinder).get("/buurten/").content.decode()
    assert own_buurt().name in html and "Stratum" not in html


def test_the_buurt_profile_queries_stay_flat(personas, buurt):
    def add(n):
        for _ in range(n):
            team = CoreTeamFactory(buurt=buurt)
            CoreTeamMemberFactory(core_team=team)
            place = OntwikkelplaatsFactory(organisation__buurt=buurt)
            ActivityFactory(core_team=team, partners=[place.organisation])

    assert_queries_flat(client_for(personas.verbinder), f"/buurten/{buurt.pk}/", add, large=12)


def test_the_wijk_profile_queries_stay_flat(personas, buurt):
    assert_queries_flat(
        client_for(personas.coordinator),
        f"/wijken/{buurt.wijk_id}/",
        lambda n: [CoreTeamMemberFactory(core_team__buurt=buurt) for _ in range(n)],
    )
