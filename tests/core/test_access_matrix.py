"""Every URL of the project against every persona, for GET and POST (tests/access.py)."""

from __future__ import annotations

import pytest

from tests.access import MATRIX, PERSONAS, Row, request_for, row_for, url_for
from tests.conftest import client_for
from tests.urls import all_routes

ROUTES = all_routes()


def test_every_url_is_in_the_matrix():
    names = {route.name for route in ROUTES}
    missing = sorted(n for n in names if row_for(n) is None)
    stale = sorted(set(MATRIX) - names)
    assert not missing, f"URL patterns without a row in tests/access.py: {missing}"
    assert not stale, f"rows in tests/access.py for URL patterns that no longer exist: {stale}"


def test_every_row_states_get_and_post_for_every_persona():
    for route in ROUTES:
        row = row_for(route.name)
        for method in ("get", "post"):
            answers = getattr(row, method)
            assert len(answers) == len(PERSONAS), (route.name, method, answers)
            assert all(100 <= code < 600 for code in answers), (route.name, method, answers)


def test_a_row_without_post_answers_cannot_be_made():
    with pytest.raises(TypeError):
        Row(get=(200,) * 6)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Row(get=(200,) * 6, post=(200,) * 5)  # type: ignore[arg-type]


def test_the_matrix_covers_the_staff_home_and_a_scoped_object():
    assert MATRIX["wijkteam-detail"].get == (302, 404, 404, 200, 200, 200)
    assert MATRIX["talents:inbox-take"].post == (302, 403, 404, 302, 403, 403)


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_each_persona_gets_the_expected_answer(route, personas):
    url, row = url_for(route, personas)
    users = personas.as_dict()
    answers = {name: client_for(users[name]).get(url).status_code for name in PERSONAS}
    assert answers == dict(zip(PERSONAS, row.get, strict=True)), url


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_each_persona_gets_the_expected_answer_to_a_post(route, personas):
    users = personas.as_dict()
    answers, urls = {}, set()
    for name in PERSONAS:
        # Fresh objects for every persona: what one POST changes cannot hide the next answer.
        url, row, data, _ = request_for(route, personas)
        answers[name] = client_for(users[name]).post(url, data).status_code
        urls.add(url)
    assert answers == dict(zip(PERSONAS, row.post, strict=True)), sorted(urls)
