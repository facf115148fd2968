"""Every figure of the KPI dashboard agrees with the list behind it (issue 12): for each filter
combination of the test data, the dashboard's count equals the count of the list its link
opens: the match list (``matches:match-list``) and the request list (``matches:request-list``).

The list's count is read from its paginator (``paginator.count`` of the page in the context),
so it does not depend on how the list prints its total."""

from __future__ import annotations

import pytest

from tests.conftest import client_for

from .test_kpi import YEAR_2025, data  # noqa: F401  (the hand-built year as a fixture)


def list_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.context["page"]  # both lists name their page "page"
    if page is not None:
        return page.paginator.count
    raise AssertionError(f"{url}: no paginated list in the context")


FILTERS = [
    "",
    "&kind=residents",
    "&kind=resident_place",
    "&kind=places",
]


@pytest.mark.parametrize(
    "period",
    [
        "period=jaar&year=2025",
        "period=kwartaal&year=2025&quarter=4",
        "period=kwartaal&year=2026&quarter=1",
        "period=maand&year=2025&month=3",
    ],
)
@pytest.mark.parametrize("extra", FILTERS)
def test_every_match_figure_agrees_with_its_list(data, personas, period, extra):  # noqa: F811
    client = client_for(personas.coordinator)
    for team in ("alle", str(data["own"].pk), str(data["other"].pk)):
        figures = client.get(f"/kpi/?{period}&wijkteam={team}{extra}").context["f"]
        assert figures.urls["started"], "a coördinator gets the link"
        assert list_count(client, figures.urls["started"]) == figures.started
        for row in figures.by_kind + figures.by_month + figures.by_wijkteam + figures.by_wijk:
            if row.url:
                assert list_count(client, row.url) == row.value, (row.label, row.url)


def test_the_wijk_figure_agrees_with_its_list(data, personas):  # noqa: F811
    client = client_for(personas.coordinator)
    figures = client.get(YEAR_2025 + f"&wijk={data['b3'].wijk_id}").context["f"]
    assert list_count(client, figures.urls["started"]) == figures.started


def test_open_requests_agree_with_the_request_list(data, personas):  # noqa: F811
    client = client_for(personas.coordinator)
    for team in ("alle", str(data["own"].pk), str(data["other"].pk)):
        figures = client.get(f"/kpi/?period=jaar&year=2025&wijkteam={team}").context["f"]
        assert list_count(client, figures.urls["requests"]) == figures.open_requests
        for row in figures.balance:
            if row.url:
                assert list_count(client, row.url) == row.extra["requests"], row.label


def test_a_verbinder_gets_links_for_the_own_wijkteam_only(data, personas):  # noqa: F811
    client = client_for(personas.verbinder)
    own = client.get("/kpi/?period=jaar&year=2025").context["f"]
    assert list_count(client, own.urls["started"]) == own.started
    city = client.get(YEAR_2025).context["f"]
    assert city.urls["started"] is None
    other_row = next(r for r in city.by_wijkteam if r.key == data["other"].pk)
    assert other_row.url is None


def test_the_kept_page_is_kept_per_viewer_scope(data, personas, settings):  # noqa: F811
    """The drawn figures are kept per query string *and* per viewer scope: a verbinder asking
    for the same URL right after a coördinator gets no links to another team's list."""
    settings.KPI_CACHE_SECONDS = 300
    other = data["other"].pk
    url = f"{YEAR_2025}&kind=places"
    coordinator_html = client_for(personas.coordinator).get(url).content.decode()
    verbinder_html = client_for(personas.verbinder).get(url).content.decode()
    assert f"wijkteam={other}" in coordinator_html
    assert f"wijkteam={other}" not in verbinder_html
