"""Shared fixtures: the personas, the geography, a Playwright browser on Debian's Chromium."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import pytest
from django.test import Client

from buurtinbloei.geography import load_reference_data
from buurtinbloei.models import Buurt, Role, Stadsdeel, User, Wijk, Wijkteam

from .factories import PASSWORD, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls made from the
# same thread are still synchronous, so this is safe here (RECIPES.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

OWN_WIJKTEAM = "woensel-noord-west"
OTHER_WIJKTEAM = "stratum"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM or IN_CI:
        return  # in CI a missing browser must fail loudly, never skip
    skip = pytest.mark.skip(
        reason="browser test: Debian's chromium is not installed (apt-get install chromium)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not CHROMIUM and not IN_CI:
        terminalreporter.write_line(
            "NOTE: browser tests were skipped because Debian's chromium is missing; "
            "install it with: sudo apt-get install chromium",
            yellow=True,
            bold=True,
        )


@pytest.fixture
def geography(db):
    """The reference geography; reloaded when a transactional test flushed it away."""
    if not Buurt.objects.exists():
        load_reference_data(Wijkteam=Wijkteam, Stadsdeel=Stadsdeel, Wijk=Wijk, Buurt=Buurt)


@dataclass
class Personas:
    own_wijkteam: Wijkteam
    other_wijkteam: Wijkteam
    partner: User
    other_verbinder: User
    verbinder: User
    coordinator: User
    beheerder: User

    def as_dict(self) -> dict[str, User | None]:
        return {
            "anonymous": None,
            "partner": self.partner,
            "other_verbinder": self.other_verbinder,
            "verbinder": self.verbinder,
            "coordinator": self.coordinator,
            "beheerder": self.beheerder,
        }


@pytest.fixture
def personas(geography) -> Personas:
    own = Wijkteam.objects.get(slug=OWN_WIJKTEAM)
    other = Wijkteam.objects.get(slug=OTHER_WIJKTEAM)
    return Personas(
        own_wijkteam=own,
        other_wijkteam=other,
        partner=UserFactory(
            role=Role.PARTNER, email="partner@example.org", organisation_name="Huisartsenpraktijk"
        ),
        other_verbinder=UserFactory(email="verbinder.stratum@example.org", wijkteams=[other]),
        verbinder=UserFactory(email="verbinder.woensel@example.org", wijkteams=[own]),
        coordinator=UserFactory(role=Role.COORDINATOR, email="coordinator@example.org"),
        beheerder=UserFactory(role=Role.BEHEERDER, email="beheerder@example.org"),
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def reauthenticated_client_for(user: User) -> Client:
    """Logged in and just now asked for the password again (allauth's reauthentication)."""
    client = client_for(user)
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


# --- Browser tests ---------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "viewport": {"width": 1024, "height": 800}}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; one test's attempts must not lock out the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
