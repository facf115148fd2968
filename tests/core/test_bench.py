"""The benchmark's own parts: the query-count header and the numbers it prints.

The benchmark itself runs with ``make bench`` (city scale, by hand) and ``make bench-smoke``
(demo scale, in CI): it needs a gunicorn server and a committed database.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.test.utils import modify_settings

from bench.run import Page, Sample, parse_args, percentile, summarise, table


@pytest.mark.django_db
def test_the_query_count_header_counts_the_queries_of_a_request():
    with modify_settings(MIDDLEWARE={"prepend": "buurtinbloei.middleware.query_count"}):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.headers["X-Query-Count"] == "1"


@pytest.mark.django_db
def test_without_the_setting_there_is_no_header():
    assert "X-Query-Count" not in Client().get("/healthz").headers


def test_percentiles_take_the_nearest_rank():
    values = [x / 100 for x in range(1, 101)]
    assert percentile(values, 50) == 0.50
    assert percentile(values, 95) == 0.95
    assert percentile(values, 99) == 0.99
    assert percentile([], 99) == 0.0


def test_the_table_compares_each_page_with_healthz():
    page = Page("inwoners", "/inwoners/", "verbinder")
    samples = [Sample(seconds=1.0, latencies=[0.1] * 10, size=2048, queries=9)]
    healthz = [Sample(seconds=1.0, latencies=[0.001] * 500)]
    row = summarise(page, samples, healthz)
    assert row["rps"] == 10 and row["ratio"] == pytest.approx(0.02)
    assert row["p99_ms"] == pytest.approx(100) and row["queries"] == 9
    assert "inwoners" in table([row], 1) and "2.0" in table([row], 1)


def test_a_failed_page_shows_in_the_table():
    page = Page("kapot", "/kapot/", "verbinder")
    row = summarise(page, [Sample(seconds=1.0, errors=["kapot: /kapot/ answered 500"])], [Sample()])
    assert "FAILED" in table([row], 8)


def test_the_concurrency_option_takes_a_list():
    assert parse_args(["--concurrency", "1,8"]).concurrency == [1, 8]
