"""Hostile input at scale: every URL and every form, never a 500 (issue 14).

Every URL pattern of the project is a target (tests/fuzz/targets.py builds them from the rows
of tests/access.py), grouped by app so that a test makes its objects once: each example picks a
URL of the group and sends it a hostile query string, hostile path parameters, or a hostile
form body, as the persona the matrix lets in and as anonymous. The normal suite runs 100
examples per test (derandomized); the ``nightly`` variants run one test per URL, 1,000 examples
each under HYPOTHESIS_PROFILE=nightly.
"""

from __future__ import annotations

import pytest

from tests.access import is_admin_route
from tests.urls import all_routes

from .run import form_check, path_check, query_check, run_examples
from .targets import build_targets, fuzzable_routes, path_params, session_cookies

ROUTES = fuzzable_routes()


def group_of(name: str) -> str:
    """The app a URL belongs to: its namespace, allauth's prefix, or "core"."""
    if is_admin_route(name):
        return "admin"
    if ":" in name:
        return name.split(":", 1)[0]
    return name.split("_", 1)[0] if name.startswith(("account_", "mfa_")) else "core"


GROUPS = sorted({group_of(r.name) for r in ROUTES})
WITH_PARAMS = sorted({group_of(r.name) for r in ROUTES if path_params(r)})


def _routes(group: str):
    return [r for r in ROUTES if group_of(r.name) == group]


def test_every_url_pattern_is_fuzzed():
    """A new URL pattern is fuzzed as soon as it has a row in tests/access.py."""
    names = [r.name for r in all_routes()]
    fuzzed = {r.name for g in GROUPS for r in _routes(g)}
    assert set(names) == fuzzed, sorted(set(names) - fuzzed)
    for route in all_routes():
        assert set(path_params(route)) == set(route.params), route


@pytest.mark.parametrize("group", GROUPS)
def test_hostile_query_strings(group, personas):
    targets = build_targets(_routes(group), personas)
    run_examples(query_check(targets, session_cookies(personas)))


@pytest.mark.parametrize("group", WITH_PARAMS)
def test_hostile_path_parameters(group, personas):
    targets = build_targets(_routes(group), personas)
    run_examples(path_check(targets, session_cookies(personas)))


@pytest.mark.parametrize("group", GROUPS)
def test_hostile_form_bodies(group, personas):
    targets = [t for t in build_targets(_routes(group), personas) if t.post_as]
    if not targets:
        pytest.skip(f"no URL of {group} takes a POST")
    run_examples(form_check(targets, session_cookies(personas)))


# --- Nightly: one test per URL (1,000 examples each under HYPOTHESIS_PROFILE=nightly) ----------

IDS = [r.name for r in ROUTES]


@pytest.mark.nightly
@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_nightly_query_strings(route, personas):
    run_examples(query_check(build_targets([route], personas), session_cookies(personas)))


PARAM_ROUTES = [r for r in ROUTES if path_params(r)]


@pytest.mark.nightly
@pytest.mark.parametrize("route", PARAM_ROUTES, ids=[r.name for r in PARAM_ROUTES])
def test_nightly_path_parameters(route, personas):
    run_examples(path_check(build_targets([route], personas), session_cookies(personas)))


@pytest.mark.nightly
@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_nightly_form_bodies(route, personas):
    targets = [t for t in build_targets([route], personas) if t.post_as]
    if not targets:
        pytest.skip(f"{route.name} takes no POST from anyone")
    run_examples(form_check(targets, session_cookies(personas)))
