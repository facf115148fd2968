"""Every URL of the project against every persona (tests/access.py holds the table)."""

from __future__ import annotations

import pytest

from tests.access import MATRIX, PERSONAS, is_admin_route, url_for
from tests.conftest import client_for
from tests.urls import all_routes

ROUTES = all_routes()


def test_every_url_is_in_the_matrix():
    names = {route.name for route in ROUTES}
    missing = sorted(n for n in names if n not in MATRIX and not is_admin_route(n))
    stale = sorted(set(MATRIX) - names)
    assert not missing, f"URL patterns without a row in tests/access.py: {missing}"
    assert not stale, f"rows in tests/access.py for URL patterns that no longer exist: {stale}"


def test_the_matrix_covers_the_staff_home_and_a_scoped_object():
    assert MATRIX["wijkteam-detail"].expected == (302, 404, 404, 200, 200, 200)


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_each_persona_gets_the_expected_answer(route, personas):
    url, row = url_for(route, personas)
    users = personas.as_dict()
    answers = {name: client_for(users[name]).get(url).status_code for name in PERSONAS}
    assert answers == dict(zip(PERSONAS, row.expected, strict=True)), url
