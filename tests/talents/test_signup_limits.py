"""The public sign-up's spam limits hold under pressure (issue 7, item 8): the rate limit is
counted atomically in the database, and a signed start time belongs to one form only."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from buurtinbloei.models import RateLimitCounter
from buurtinbloei.public_forms import RateLimited, sign_started, take_rate_limit_slot
from talents.models import SignUp

from .signup_support import form_data

URL = reverse("public:signup")


@pytest.fixture(autouse=True)
def _geography(geography):
    """Every sign-up here names a buurt."""


def test_a_start_time_belongs_to_its_own_form_and_is_spent_with_it(client):
    first = form_data()
    assert client.post(URL, first).status_code == 302
    # A bot keeps the start time (it waited once) and sends it with a fresh token.
    replay = form_data(started=first["started"])
    response = client.post(URL, replay)
    assert response.status_code == 200
    assert "Dit formulier was verlopen" in response.content.decode()
    # The same token again is the same form: it finds the first sign-up, it adds nothing.
    assert client.post(URL, first).status_code == 302
    assert SignUp.objects.count() == 1


def test_a_refused_start_time_comes_back_signed_for_the_forms_own_token(client):
    token = str(uuid.uuid4())
    other = sign_started(uuid.uuid4(), time.time() - 60)
    page = client.post(URL, form_data(token=token, started=other)).content.decode()
    assert f'value="{other}"' not in page
    assert f'name="token" value="{token}"' in page


def test_the_rate_limit_is_counted_in_the_database_without_an_ip_address(db):
    for _ in range(3):
        take_rate_limit_slot("test", "198.51.100.4", "3/h")
    with pytest.raises(RateLimited):
        take_rate_limit_slot("test", "198.51.100.4", "3/h")
    take_rate_limit_slot("test", "198.51.100.5", "3/h")  # another address counts on its own
    counters = list(RateLimitCounter.objects.order_by("n").values_list("client_key", "n"))
    assert [n for _key, n in counters] == [1, 4]
    assert all("198.51.100" not in key for key, _n in counters)


def test_counters_of_past_windows_are_cleaned_up(db):
    RateLimitCounter.objects.create(client_key="test:oud", bucket=1, n=3, expires=1)
    take_rate_limit_slot("test", "198.51.100.4", "3/h")
    assert not RateLimitCounter.objects.filter(client_key="test:oud").exists()


def test_without_the_proxy_a_forged_x_forwarded_for_does_not_skip_the_limit(client, settings):
    settings.BEHIND_TLS_PROXY = False
    settings.SIGNUP_RATE_LIMIT = "2/h"
    answers = [
        client.post(URL, form_data(), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(3)
    ]
    assert answers == [302, 302, 429]


def test_behind_the_proxy_each_client_counts_on_its_own(client, settings):
    settings.BEHIND_TLS_PROXY = True
    settings.SIGNUP_RATE_LIMIT = "1/h"
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    assert (
        client.post(URL, form_data(), HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy).status_code
        == 302
    )
    assert (
        client.post(URL, form_data(), HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy).status_code
        == 429
    )
    assert (
        client.post(URL, form_data(), HTTP_X_FORWARDED_FOR="203.0.113.2", **proxy).status_code
        == 302
    )


@pytest.mark.django_db(transaction=True)
def test_thirty_simultaneous_sign_ups_get_exactly_the_limit_through(geography, settings):
    settings.SIGNUP_RATE_LIMIT = "5/h"
    forms = [form_data() for _ in range(30)]
    start = threading.Barrier(len(forms))
    answers: list[int] = []

    def post(data: dict) -> None:
        try:
            start.wait()
            answers.append(Client().post(URL, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(data,)) for data in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers) == [302] * 5 + [429] * 25
    assert SignUp.objects.count() == 5
