"""The query-count check every page gets: as rows grow, the number of queries stays flat."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def count_queries(client: Client, url: str, **extra) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def assert_queries_flat(
    client: Client,
    url: str,
    add_rows: Callable[[int], object],
    *,
    small: int = 1,
    large: int = 30,
    **extra,
) -> None:
    """Render ``url`` with ``small`` rows and with ``large`` rows; the query counts must match.

    ``add_rows(n)`` adds n more rows of whatever the page lists. The page is requested once
    before counting so that per-session work (the session row, the user) is warmed up.
    """
    add_rows(small)
    client.get(url, **extra)
    few = count_queries(client, url, **extra)
    add_rows(large - small)
    many = count_queries(client, url, **extra)
    assert few == many, f"{url}: {few} queries with {small} rows, {many} with {large} (N+1?)"
