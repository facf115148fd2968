"""The home page panel: kernteams below five active members and partners to contact."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import (
    CoreTeamFactory,
    CoreTeamMemberFactory,
    PartnerContactFactory,
    PartnerFactory,
)
from tests.queries import assert_queries_flat

from .support import other_buurt, own_buurt

pytestmark = pytest.mark.django_db


def test_the_panel_lists_small_teams_and_quiet_partners_of_the_own_wijkteam(personas):
    small = CoreTeamFactory(name="Klein team", buurt=own_buurt())
    CoreTeamMemberFactory.create_batch(2, core_team=small)
    full = CoreTeamFactory(name="Vol team", buurt=own_buurt())
    CoreTeamMemberFactory.create_batch(5, core_team=full)
    CoreTeamFactory(name="Elders", buurt=other_buurt())
    quiet = PartnerFactory(organisation__name="Wijkagent", organisation__buurt=own_buurt())
    PartnerContactFactory(partner=quiet, date=timezone.localdate() - datetime.timedelta(days=100))

    response = client_for(personas.verbinder).get("/panelen/netwerken/", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<html" not in html and 'id="network-panel"' in html
    assert "Klein team" in html and "Vol team" not in html and "Elders" not in html
    assert "Wijkagent" in html and "1 partner om te bellen" in html


def test_the_dashboard_loads_the_panel(personas):
    html = client_for(personas.verbinder).get("/").content.decode()
    assert 'hx-get="/panelen/netwerken/"' in html


def test_the_panel_queries_stay_flat(personas):
    def add(n):
        for _ in range(n):
            CoreTeamMemberFactory(core_team__buurt=own_buurt())
            PartnerFactory(organisation__buurt=own_buurt())

    assert_queries_flat(client_for(personas.verbinder), "/panelen/netwerken/", add)
