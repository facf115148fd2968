"""Nothing answers 500: every URL gets hostile query strings and form data from every persona."""

from __future__ import annotations

import pytest

from tests.access import is_admin_route, url_for
from tests.conftest import client_for
from tests.urls import all_routes

ROUTES = [r for r in all_routes() if not is_admin_route(r.name)]
HOSTILE = {
    "q": "\x00<script>alert(1)</script>",
    "talent_q": "\x00\u202e" + "x" * 5000,
    "page": "-1\x00",
    "buurt": "1 OR 1=1",
    "status": "\x00",
    "talent": "abc",
    "verbinder": "99999999999999999999",
    "version": "nan",
    "next": "//example.com/",
    "first_name": "\x00" * 3,
    "email": "@@",
    "phone": "\x00",
    "date": "31-02-2026",
    "token": "geen-uuid",
}


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_hostile_input_never_gives_a_500(route, personas):
    url, _ = url_for(route, personas)
    for user in personas.as_dict().values():
        client = client_for(user)
        client.raise_request_exception = False
        answers = {
            "GET": client.get(url, HOSTILE).status_code,
            "GET htmx": client.get(url, HOSTILE, HTTP_HX_REQUEST="true").status_code,
            "POST": client.post(url, HOSTILE).status_code,
        }
        assert 500 not in answers.values(), (url, user, answers)
