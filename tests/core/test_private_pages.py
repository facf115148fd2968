"""Signed-in pages hold personal data (issue 7, item 10): no cache may keep them, and no log
of ours writes a query string (a search for a phone number lands in the URL)."""

from __future__ import annotations

import datetime
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core import mail
from gunicorn.config import Config
from gunicorn.glogging import Logger

from buurtinbloei.logging import NoQueryStrings
from tests.access import url_for
from tests.conftest import client_for
from tests.urls import all_routes

ROUTES = all_routes()
GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_every_url_a_signed_in_user_gets_is_not_stored(route, personas):
    url, _ = url_for(route, personas)
    for user in (personas.verbinder, personas.coordinator, personas.beheerder):
        response = client_for(user).get(url)
        assert "no-store" in response.headers.get("Cache-Control", ""), (url, user)


def test_pages_with_personal_data_are_not_stored(personas):
    from tests.factories import ResidentFactory, SignUpFactory

    resident = ResidentFactory(buurt=personas.own_wijkteam.wijken.first().buurten.first())
    signup = SignUpFactory(buurt=resident.buurt)
    client = client_for(personas.verbinder)
    for url in (
        "/inwoners/?q=0612345678",
        f"/inwoners/{resident.pk}/",
        f"/aanmeldingen/{signup.pk}/",
        "/aanmeldingen/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers["Cache-Control"], url


def test_public_pages_for_anonymous_visitors_keep_their_own_caching(client, db):
    assert "no-store" not in client.get("/privacy/").headers.get("Cache-Control", "")


def test_an_error_e_mail_leaves_the_query_string_out(rf, settings):
    settings.ADMINS = [("Beheer", "beheer@example.org")]
    request = rf.get("/inwoners/", {"q": "0612345678"})
    logging.getLogger("django.request").error(
        "Internal Server Error: %s", request.path, extra={"status_code": 500, "request": request}
    )
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    text = sent.subject + sent.body + "".join(str(a[0]) for a in sent.alternatives)
    assert "/inwoners/" in text
    assert "0612345678" not in text
    assert request.GET["q"] == "0612345678"  # the request itself is left alone


def test_the_development_servers_request_line_loses_its_query_string():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"%s" %s %s',
        ("GET /inwoners/?q=06 HTTP/1.1", "200", "5"),
        None,
    )
    NoQueryStrings().filter(record)
    assert record.getMessage() == '"GET /inwoners/ HTTP/1.1" 200 5'


def test_the_gunicorn_access_log_writes_no_query_string_or_referer():
    log_format = runpy.run_path(str(GUNICORN_CONF))["access_log_format"]
    config = Config()
    config.set("access_log_format", log_format)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/inwoners/?q=0612345678",
        "PATH_INFO": "/inwoners/",
        "QUERY_STRING": "q=0612345678",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.2",
        "HTTP_REFERER": "https://bib.example.org/inwoners/?q=0612345678",
        "HTTP_USER_AGENT": "Firefox",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = Logger(config).atoms(response, request, environ, datetime.timedelta(seconds=1))
    line = log_format % atoms
    assert "GET /inwoners/ HTTP/1.1" in line
    assert "0612345678" not in line
