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
