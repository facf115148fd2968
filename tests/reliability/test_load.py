"""The public sign-up under load, on the production server (bench/load_signup.py).

The short run checks the invariants in every CI run on PostgreSQL: every accepted sign-up is
stored exactly once, every refusal is the friendly 429 page, no 5xx. The full run (50 clients
for 30 seconds, the figures for the closing note) is nightly: `make test-nightly` or `make load`.
Timings are printed, never asserted.
"""

from __future__ import annotations

import pytest

from bench.load_signup import LIMIT, load, parse_args, report, run_load

from . import BASE_DATABASE_URL, needs_postgres

pytestmark = [pytest.mark.reliability, needs_postgres]

CLIENTS = 10
POSTS = 7  # each client posts at least this often: five get through, the rest are refused


def test_every_accepted_sign_up_is_stored_once_and_every_refusal_is_a_friendly_429(pair):
    result = run_load(
        pair.a.port, pair.url, clients=CLIENTS, duration=5, at_least=POSTS, workers="2"
    )
    print(report(result))

    assert result.problems == []
    assert result.server_errors == 0
    posts = result.latency_ms["POST"]["n"]
    assert posts >= CLIENTS * POSTS
    if result.windows == 1:  # the run did not cross the hour of the 5-per-hour limit
        assert result.accepted == CLIENTS * LIMIT
        assert result.refused == posts - CLIENTS * LIMIT


@pytest.mark.nightly
def test_fifty_clients_for_thirty_seconds_on_a_server_of_its_own():
    result = load(parse_args(["--database-url", BASE_DATABASE_URL]))
    print(report(result))

    assert result.problems == []
    assert result.server_errors == 0
    assert result.accepted >= 50 * LIMIT
