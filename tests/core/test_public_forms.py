"""The core's public-form kit: one submission per form token, the rate limit only for new ones."""

from __future__ import annotations

import uuid

import pytest

from buurtinbloei.public_forms import RateLimited, store_once
from talents.models import SignUp
from tests.factories import SignUpFactory


def test_the_same_token_gives_the_first_row_without_counting_again(db, settings):
    settings.SIGNUP_RATE_LIMIT = "1/h"
    token = uuid.uuid4()
    made = []

    def create():
        made.append(SignUpFactory(submission_token=token))
        return made[-1]

    first = store_once(SignUp, token, scope="test.once", ip="10.0.0.1", create=create)
    again = store_once(SignUp, token, scope="test.once", ip="10.0.0.1", create=create)
    assert first == again and len(made) == 1
    with pytest.raises(RateLimited):  # a new form from the same address is counted
        store_once(SignUp, uuid.uuid4(), scope="test.once", ip="10.0.0.1", create=create)


@pytest.mark.django_db
def test_a_form_without_its_csrf_cookie_gets_a_dutch_page_not_djangos():
    """A contact with cookies blocked (the student house's link, the sign-up) reads what to
    do, in the site's style, instead of Django's bare technical page."""
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/aanmelden/", {"first_name": "Ria"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Dit formulier is verlopen" in page
    assert "Sta dan cookies toe voor deze site" in page
    assert "CSRF" not in page
    assert "Ria" not in page
