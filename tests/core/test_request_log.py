"""Every request gets an id and one log line: who (a user id, never a name), what (method and
path, never the query string), how it ended and how long it took (buurtinbloei/logging.py)."""

from __future__ import annotations

import io
import json
import logging
import re
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client, override_settings

from buurtinbloei.logging import (
    JsonFormatter,
    NoQueryStrings,
    OneOutageMailPer,
    RequestId,
    TextFormatter,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """The console handler's filters and JSON formatter, writing to a buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.addFilter(NoQueryStrings())
    handler.addFilter(RequestId())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def request_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "buurtinbloei.requests"]


def test_a_request_gets_one_line_with_the_user_id_and_no_query_string(log_lines):
    user = UserFactory(first_name="Annelies", email="annelies@example.org")
    client = Client()
    client.force_login(user)

    response = client.get("/wijkteams/?q=0612345678")

    assert response.status_code == 200
    [line] = request_lines(log_lines())
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["path"] == "/wijkteams/"
    assert line["status"] == 200
    assert line["user_id"] == user.pk
    assert isinstance(line["duration_ms"], int)
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    text = json.dumps(line)
    assert "0612345678" not in text
    assert "Annelies" not in text
    assert "annelies@example.org" not in text


def test_an_anonymous_request_has_no_user_id(log_lines, client):
    client.get("/privacy/")
    [line] = request_lines(log_lines())
    assert line["user_id"] is None
    assert line["path"] == "/privacy/"


def test_every_record_of_a_request_carries_its_id(log_lines):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    with mock.patch("buurtinbloei.views.panels_for", side_effect=ValueError("a bug")):
        response = client.get("/")

    code = response.headers["X-Request-ID"]
    assert f"Foutcode: <strong>{code}</strong>" in response.content.decode()
    lines = log_lines()
    error = next(line for line in lines if line["logger"] == "django.request")
    assert error["request_id"] == code
    assert "ValueError: a bug" in error["exception"]
    [line] = request_lines(lines)
    assert line["status"] == 500
    assert line["level"] == "ERROR"
    assert line["request_id"] == code


def test_each_request_gets_its_own_id(client):
    first = client.get("/privacy/").headers["X-Request-ID"]
    second = client.get("/privacy/").headers["X-Request-ID"]
    assert first != second


@override_settings(BEHIND_TLS_PROXY=True)
def test_behind_the_proxy_its_request_id_is_kept(client, log_lines):
    response = client.get("/privacy/", headers={"X-Request-ID": "0f1e2d3c4b5a69788796a5b4c3d2e1f0"})
    assert response.headers["X-Request-ID"] == "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    assert request_lines(log_lines())[0]["request_id"] == "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


@override_settings(BEHIND_TLS_PROXY=True)
@pytest.mark.parametrize(
    "incoming", ["kort", "x" * 65, "<script>alert(1)</script>", "id met spaties erin", "-leading"]
)
def test_an_odd_request_id_is_replaced_even_behind_the_proxy(client, incoming):
    response = client.get("/privacy/", headers={"X-Request-ID": incoming})
    assert re.fullmatch(r"[0-9a-f]{12}", response.headers["X-Request-ID"])


@override_settings(BEHIND_TLS_PROXY=False)
def test_without_a_proxy_a_clients_request_id_is_not_trusted(client):
    response = client.get("/privacy/", headers={"X-Request-ID": "chosen-by-the-client-123"})
    assert response.headers["X-Request-ID"] != "chosen-by-the-client-123"


def test_the_text_format_names_the_request_id():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hallo %s", ("wereld",), None)
    RequestId().filter(record)
    assert TextFormatter().format(record).endswith("INFO [-] x: hallo wereld")


def test_the_console_writes_json_by_default_in_production():
    # tests.settings runs with DEBUG off, as production does.
    assert settings.LOG_FORMAT == "json"
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "json"
    assert "no_query_strings" in settings.LOGGING["handlers"]["console"]["filters"]


def outage_record() -> logging.LogRecord:
    from django.db import OperationalError

    try:
        raise OperationalError("connection refused")
    except OperationalError:
        import sys

        exc_info = sys.exc_info()
    return logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x", (), exc_info)


def test_the_mail_filter_lets_one_outage_mail_through_per_period():
    throttle = OneOutageMailPer(minutes=15)
    with mock.patch("buurtinbloei.logging.time.monotonic", return_value=1000.0):
        assert [throttle.filter(outage_record()) for _ in range(3)] == [True, False, False]
    with mock.patch("buurtinbloei.logging.time.monotonic", return_value=1000.0 + 15 * 60):
        record = outage_record()
        assert throttle.filter(record)
    assert "2 more since the last mail" in record.getMessage()


def test_the_mail_filter_passes_other_errors_and_can_hold_back_all_outage_mails():
    throttle = OneOutageMailPer(minutes=0)
    assert not throttle.filter(outage_record())
    other = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x", (), None)
    assert throttle.filter(other)


@pytest.mark.parametrize(
    "name", ["networks:house-confirm", "matches:contact-check-in"], ids=["house", "check-in"]
)
def test_the_token_of_a_mailed_link_stays_out_of_the_logs(log_lines, client, name):
    """The link works without login: whoever reads the log must not be able to use it."""
    from django.urls import reverse

    token = "Zm9vYmFyYmF6cXV4:1xWaa9:geheim-handtekening"
    path = reverse(name, kwargs={"token": token})
    response = client.get(path)

    assert response.status_code in (404, 410)
    lines = log_lines()
    [line] = request_lines(lines)
    assert line["path"] == path.replace(token, "…")
    assert lines, "nothing was logged"
    for line in lines:
        assert "geheim-handtekening" not in json.dumps(line)


def test_every_link_token_in_a_path_is_left_out_of_the_logs():
    """The signed links that work without login (check-in, house confirmation, a landing
    route's buddy or group page): whoever reads a log must not be able to open them."""
    from buurtinbloei.logging import redact_path
    from tests.urls import all_routes, build_url

    with_token = [route for route in all_routes() if "token" in route.params]
    assert with_token, "no URL pattern takes a token any more: update this test"
    for route in with_token:
        path = build_url(route, {"token": "GEHEIM-abc123"})
        assert "GEHEIM" not in redact_path(path), route.name
