"""With the database away every page answers the friendly 503 page, not a 500, and a form that
was sent keeps what the person typed (buurtinbloei/outage.py)."""

from __future__ import annotations

import logging
import re
import sqlite3
from html import unescape
from unittest import mock

import psycopg
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.db import InterfaceError, OperationalError
from django.test import Client, override_settings
from psycopg_pool import PoolTimeout

from buurtinbloei.logging import OneOutageMailPer
from buurtinbloei.outage import is_database_unavailable
from talents.models import SignUp
from tests.factories import UserFactory
from tests.talents.signup_support import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    # The test client re-raises a view's exception by default; a browser sees the handler's page.
    return Client(raise_request_exception=False)


def hidden_inputs(page: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', page):
        fields.setdefault(unescape(name), []).append(unescape(value))
    return fields


def reset_outage_mail_filter() -> None:
    """The filter on the mail handler remembers its last mail; each test starts afresh."""
    throttles = [
        f
        for handler in logging.getLogger("django").handlers
        for f in handler.filters
        if isinstance(f, OneOutageMailPer)
    ]
    assert throttles, "the mail handler has no outage filter"
    for throttle in throttles:
        throttle.last_sent, throttle.held_back = None, 0
    mail.outbox.clear()


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("connection refused"),
        InterfaceError("connection already closed"),
        PoolTimeout("couldn't get a connection after 1.00 sec"),
    ],
    ids=["operational", "interface", "pool timeout"],
)
def test_a_view_that_cannot_reach_the_database_answers_the_503_page(client, error):
    user = UserFactory()
    client.force_login(user)
    with mock.patch("buurtinbloei.views.panels_for", side_effect=error):
        response = client.get("/")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "no-store" in response.headers["Cache-Control"]
    page = response.content.decode()
    assert "Even niet bereikbaar" in page
    assert "Bel WIJeindhoven: 040-1234567" in page
    assert f"Foutcode: {response.headers['X-Request-ID']}" in page


def test_a_session_middleware_that_cannot_reach_the_database_answers_503_once(client):
    user = UserFactory()
    client.force_login(user)
    with mock.patch.object(
        SessionStore, "load", side_effect=OperationalError("the database system is shutting down")
    ) as load:
        response = client.get("/wijkteams/")

    assert response.status_code == 503
    assert "Even niet bereikbaar" in response.content.decode()
    # The middleware after the failure (private pages, the log line) does not try again: each
    # try could wait for a connect timeout.
    assert load.call_count == 1


def test_other_errors_still_answer_the_500_page_with_its_foutcode(client):
    client.force_login(UserFactory())
    with mock.patch("buurtinbloei.views.panels_for", side_effect=ValueError("a bug")):
        response = client.get("/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Er ging iets mis" in page
    code = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{12}", code)
    assert f"Foutcode: <strong>{code}</strong>" in page


def test_a_sign_up_sent_during_an_outage_keeps_what_was_typed(client, geography):
    data = form_data(first_name="Fatima", help_wanted="Boodschappen doen\nop dinsdag")
    with mock.patch(
        "talents.views.signup.signup_submit", side_effect=OperationalError("connection refused")
    ):
        response = client.post("/aanmelden/", data)

    assert response.status_code == 503
    page = response.content.decode()
    assert "Het is niet gelukt. Probeer het later nog eens, of bel 040-1234567." in page
    assert "Fatima" in page
    assert "Boodschappen doen<br>op dinsdag" in page
    assert "06-12345678" in page
    assert '<li class="utrecht-unordered-list__item">on</li>' not in page  # a ticked box
    assert "Opnieuw versturen" in page
    assert 'action="/aanmelden/"' in page
    # The retry carries every field, the one-time token and the signed start time included.
    carried = hidden_inputs(page)
    assert carried["token"] == [data["token"]]
    assert carried["started"] == [data["started"]]
    assert carried["first_name"] == ["Fatima"]
    assert carried["help_wanted"] == ["Boodschappen doen\nop dinsdag"]
    assert SignUp.objects.count() == 0


def test_an_htmx_request_gets_the_message_as_a_fragment_to_swap_in(client, geography):
    """htmx swaps a 503 into its target (base.html's htmx-config): the fragment has no page
    around it, a level-2 heading, and for a POST what was typed with the retry form."""
    data = form_data(first_name="Fatima", help_wanted="Houdt van tuinieren")
    with mock.patch(
        "talents.views.signup.signup_submit", side_effect=OperationalError("connection refused")
    ):
        response = client.post("/aanmelden/", data, headers={"HX-Request": "true"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "<html" not in page and "<body" not in page
    assert '<h2 class="utrecht-heading-2">Het is niet gelukt</h2>' in page
    assert "Houdt van tuinieren" in page and "Opnieuw versturen" in page


def test_the_base_page_lets_htmx_swap_a_503():
    from django.template.loader import get_template

    source = get_template("base.html").template.source
    assert '{"code": "503", "swap": true' in source


def test_the_kept_sign_up_sent_again_is_stored_once(client, geography):
    data = form_data(first_name="Fatima")
    with mock.patch("talents.views.signup.signup_submit", side_effect=OperationalError):
        page = client.post("/aanmelden/", data).content.decode()
    kept = hidden_inputs(page)

    first = client.post("/aanmelden/", kept)
    second = client.post("/aanmelden/", kept)

    assert first.status_code == second.status_code == 302
    assert SignUp.objects.filter(first_name="Fatima").count() == 1


def test_the_retry_carries_the_csrf_token_that_was_sent(geography):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get("/aanmelden/?wil=geven")
    csrf = client.cookies["csrftoken"].value
    data = {**form_data(), "csrfmiddlewaretoken": csrf}
    with mock.patch("talents.views.signup.signup_submit", side_effect=OperationalError):
        page = client.post("/aanmelden/", data).content.decode()

    kept = hidden_inputs(page)
    assert kept["csrfmiddlewaretoken"] == [csrf]
    assert client.post("/aanmelden/", kept).status_code == 302


def test_a_password_is_never_written_back(client):
    user = UserFactory(email="verbinder@example.org")
    with mock.patch(
        "django.contrib.auth.backends.ModelBackend.authenticate",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.post(
            "/accounts/login/?next=/wijkteams/",
            {"login": user.email, "password": "geheim-wachtwoord-123", "remember": "on"},
        )

    assert response.status_code == 503
    page = response.content.decode()
    assert "geheim-wachtwoord-123" not in page
    assert 'name="password"' not in page
    assert 'action="/accounts/login/?next=/wijkteams/"' in page
    assert "verbinder@example.org" in page
    assert "Een wachtwoord, code of bestand bewaren we hier niet" in page


@pytest.mark.parametrize(
    "name",
    [
        *("password", "password1", "oldpassword", "code", "otp_code", "api_key"),
        *("client_secret", "recovery_code", "auth_token", "pin"),
    ],
)
def test_secret_fields_are_left_out(client, name):
    with mock.patch("talents.views.signup.SignUpForm", side_effect=OperationalError):
        response = client.post("/aanmelden/", {name: "s3cr3t-waarde", "postcode": "5625 AB"})

    assert response.status_code == 503
    page = response.content.decode()
    assert "s3cr3t-waarde" not in page
    assert "5625 AB" in page  # a postcode is no code
    assert hidden_inputs(page) == {"postcode": ["5625 AB"]}


def test_an_outage_sends_one_error_mail_not_one_per_request(client):
    reset_outage_mail_filter()

    with (
        override_settings(ADMINS=[("Beheer", "beheer@example.org")]),
        mock.patch("talents.views.signup.SignUpForm", side_effect=OperationalError("refused")),
    ):
        ids = [client.get("/aanmelden/?wil=geven").headers["X-Request-ID"] for _ in range(5)]

    assert len(mail.outbox) == 1
    assert f"Foutcode (request id): {ids[0]}" in mail.outbox[0].body


def test_an_ordinary_error_mail_names_the_request_id(client):
    mail.outbox.clear()
    client.force_login(UserFactory())
    with (
        override_settings(ADMINS=[("Beheer", "beheer@example.org")]),
        mock.patch("buurtinbloei.views.panels_for", side_effect=ValueError("a bug")),
    ):
        response = client.get("/?q=0612345678")

    assert len(mail.outbox) == 1
    assert f"Foutcode (request id): {response.headers['X-Request-ID']}" in mail.outbox[0].body
    assert "0612345678" not in mail.outbox[0].body


def test_health_checks_during_an_outage_do_not_mail_beheer_each_time(client):
    reset_outage_mail_filter()
    with (
        override_settings(ADMINS=[("Beheer", "beheer@example.org")]),
        mock.patch("buurtinbloei.views.connection.cursor", side_effect=OperationalError),
    ):
        ids = [client.get("/healthz").headers["X-Request-ID"] for _ in range(4)]

    assert len(mail.outbox) == 1
    # Django logs the 503 after the last middleware returned; the id comes from the request.
    assert f"Foutcode (request id): {ids[0]}" in mail.outbox[0].body


def wrapped(driver_error: Exception) -> OperationalError:
    """Django's error with the driver's as its cause, as Django raises it."""
    try:
        try:
            raise driver_error
        except Exception as exc:
            raise OperationalError(str(exc)) from exc
    except OperationalError as django_error:
        return django_error


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (wrapped(psycopg.OperationalError("connection refused")), True),
        (wrapped(psycopg.errors.AdminShutdown("terminating connection")), True),
        (wrapped(psycopg.errors.TooManyConnections("too many clients")), True),
        (psycopg.OperationalError("server closed the connection unexpectedly"), True),
        (wrapped(sqlite3.OperationalError("database is locked")), True),
        (wrapped(psycopg.errors.QueryCanceled("canceling statement due to timeout")), False),
        (wrapped(psycopg.errors.DiskFull("could not extend file")), False),
        (wrapped(sqlite3.OperationalError("too many SQL variables")), False),
        (ValueError("a bug"), False),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_only_an_unreachable_database_counts_as_an_outage(error, unavailable):
    assert is_database_unavailable(error) is unavailable


def test_a_querys_own_operational_error_stays_a_500(client):
    client.force_login(UserFactory())
    error = wrapped(psycopg.errors.QueryCanceled("canceling statement due to timeout"))
    with mock.patch("buurtinbloei.views.panels_for", side_effect=error):
        response = client.get("/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


@pytest.mark.parametrize("path", ["//evil.example/aanmelden/", "/\\evil.example/aanmelden/"])
def test_the_retry_form_never_sends_to_another_site(client, path):
    """A path that a browser reads as protocol-relative (``//host``, ``/\\host``) would send the
    CSRF token and everything typed to that host."""
    client.force_login(UserFactory())
    with mock.patch.object(
        SessionStore, "load", side_effect=OperationalError("connection refused")
    ):
        response = client.post(
            "/aanmelden/", {"first_name": "Fatima", "postcode": "5625 AB"}, PATH_INFO=path
        )

    assert response.status_code == 503
    action = re.search(r'<form method="post" action="([^"]*)"', response.content.decode())[1]
    assert action.startswith("/") and action[1] not in "/\\"
    assert action.endswith("evil.example/aanmelden/")  # still this site's (unknown) path
