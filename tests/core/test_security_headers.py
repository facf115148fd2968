"""Every URL answers with the security headers, whoever asks (tests/access.py has the URLs)."""

from __future__ import annotations

import re

import pytest

from tests.access import url_for
from tests.conftest import client_for
from tests.urls import all_routes

ROUTES = all_routes()
CSP_REQUIRED = [
    "default-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
]


def assert_security_headers(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    for directive in CSP_REQUIRED:
        assert directive in csp, csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, csp
    script_src = re.search(r"script-src ([^;]*)", csp)[1].split()
    assert set(script_src) <= {"'self'"} | {s for s in script_src if s.startswith("'nonce-")}
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_every_url_sends_the_security_headers(route, personas):
    url, _ = url_for(route, personas)
    for user in (None, personas.verbinder, personas.beheerder):
        assert_security_headers(client_for(user).get(url))


def test_a_404_page_sends_the_security_headers_too(client, db):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert_security_headers(response)


EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.mark.parametrize("url", ["/", "/privacy/", "/accounts/login/", "/wijkteams/"])
def test_pages_load_nothing_from_another_origin(url, personas):
    for user in (None, personas.verbinder):
        response = client_for(user).get(url, follow=True)
        html = response.content.decode()
        # Links to other sites are fine for a person to follow; loading from them is not.
        loads = [m for m in EXTERNAL.finditer(html) if not m.group(0).lower().startswith("href")]
        assert not loads, [html[m.start() : m.start() + 120] for m in loads]
        assert "<style" not in html.lower() and " style=" not in html.lower()
