"""axe-core finds no accessibility violations on any kind of page, for the person who sees it."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.conftest import OWN_WIJKTEAM

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (who looks, path, the status the page answers with)
PAGES = [
    pytest.param(None, "/", 200, id="landing"),
    pytest.param(None, "/privacy/", 200, id="privacy"),
    pytest.param(None, "/accounts/login/", 200, id="login"),
    pytest.param(None, "/accounts/password/reset/", 200, id="password-reset"),
    pytest.param(None, "/deze-pagina-bestaat-niet/", 404, id="not-found"),
    pytest.param("verbinder", "/", 200, id="dashboard"),
    pytest.param("verbinder", "/wijkteams/", 200, id="wijkteam-list"),
    pytest.param("verbinder", f"/wijkteams/{OWN_WIJKTEAM}/", 200, id="wijkteam-detail"),
    pytest.param("verbinder", "/accounts/2fa/", 200, id="mfa-index"),
    pytest.param("partner", "/wijkteams/", 403, id="forbidden"),
]


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize(("persona", "path", "status"), PAGES)
def test_axe_finds_no_violations_on_the_page(
    page: Page, live_server, personas, axe, persona, path, status
):
    if persona is not None:
        login(page, live_server, getattr(personas, persona))

    # networkidle: axe also checks what htmx loads into the page after the first response.
    response = page.goto(f"{live_server.url}{path}", wait_until="networkidle")

    assert response is not None and response.status == status
    results = axe.run(page)
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} violation(s) on {path}:\n"
        + results.generate_report()
    )
