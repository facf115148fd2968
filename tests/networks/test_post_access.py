"""What every persona gets when it POSTs to a networks URL (an empty form: a page with errors
for whoever may send it). The GET answers are in tests/access.py."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.access import MATRIX, PERSONAS
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# anonymous, partner, other verbinder, verbinder of the wijkteam, coördinator, beheerder
POST_ANSWERS = {
    "networks:organisation-create": (302, 403, 200, 200, 403, 403),
    "networks:organisation-edit": (302, 404, 403, 200, 403, 404),
    "networks:organisation-review": (302, 404, 403, 302, 403, 404),
    "networks:partner-add": (302, 403, 200, 200, 403, 403),
    "networks:partner-contact": (302, 404, 404, 200, 403, 404),
    "networks:place-create": (302, 403, 200, 200, 403, 403),
    "networks:place-edit": (302, 404, 403, 200, 403, 404),
    "networks:place-review": (302, 404, 403, 302, 403, 404),
    "networks:coreteam-create": (302, 403, 200, 200, 403, 403),
    "networks:coreteam-edit": (302, 404, 404, 200, 403, 404),
    "networks:member-add": (302, 404, 404, 200, 403, 404),
    "networks:member-toggle": (302, 404, 404, 302, 403, 404),
    "networks:activity-add": (302, 404, 404, 200, 403, 404),
    "networks:coreteam-change": (302, 404, 404, 200, 403, 404),
    "networks:organisation-signup": (200,) * 6,
    "networks:house-create": (302, 403, 200, 200, 403, 403),
    "networks:house-edit": (302, 404, 403, 200, 403, 404),
    "networks:house-member-add": (302, 404, 403, 200, 403, 404),
    "networks:house-member-toggle": (302, 404, 403, 302, 403, 404),
    # The contact's link: an empty answer is an answer ("nobody stays"), the thank-you page.
    "networks:house-confirm": (200,) * 6,
    # Pages that only show something refuse a POST, whoever sends it.
    **{
        name: (405,) * 6
        for name in [
            "networks:organisation-list",
            "networks:organisation-detail",
            "networks:partner-list",
            "networks:place-list",
            "networks:ontwikkelplaats-detail",
            "networks:coreteam-list",
            "networks:coreteam-detail",
            "networks:buurt-index",
            "networks:buurt-profile",
            "networks:wijk-profile",
            "networks:panel",
            "networks:organisation-signup-thanks",
            "networks:house-list",
            "networks:house-detail",
        ]
    },
}


def test_every_networks_url_has_a_post_answer():
    assert {n for n in MATRIX if n.startswith("networks:")} == set(POST_ANSWERS)


@pytest.mark.parametrize("name", sorted(POST_ANSWERS))
def test_each_persona_gets_the_expected_post_answer(name, personas):
    url = reverse(name, kwargs=MATRIX[name].kwargs({"personas": personas}))
    users = personas.as_dict()
    answers = {p: client_for(users[p]).post(url, {}).status_code for p in PERSONAS}
    assert answers == dict(zip(PERSONAS, POST_ANSWERS[name], strict=True)), url
