"""The KPI dashboard in Chromium (issue 12): a coördinator filters by wijkteam and quarter,
sees the figures of the test data, and downloads the CSV and the Excel file."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from buurtinbloei.models import Buurt
from matches.models import MatchKind, MatchStatus
from tests.factories import MatchFactory, ResidentFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_filters_by_wijkteam_and_quarter_and_downloads_the_figures(
    page: Page, live_server, personas
):
    own = personas.own_wijkteam
    buurt = Buurt.objects.filter(wijk__wijkteam=own).order_by("pk").first()
    year = timezone.localdate().year
    for day in (datetime.date(year, 1, 15), datetime.date(year, 3, 31)):  # both in Q1
        MatchFactory(
            resident_a=ResidentFactory(buurt=buurt),
            status=MatchStatus.STARTED,
            proposed_on=day,
            started_on=day,
        )
    MatchFactory(  # Q2: not in the quarter
        resident_a=ResidentFactory(buurt=buurt),
        kind=MatchKind.RESIDENTS,
        status=MatchStatus.STARTED,
        proposed_on=datetime.date(year, 4, 1),
        started_on=datetime.date(year, 4, 1),
    )

    login(page, live_server, personas.coordinator)
    page.get_by_role("link", name="Cijfers", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Cijfers")).to_be_visible()
    page.get_by_label("Wijkteam", exact=True).select_option(label=own.name)
    page.get_by_label("Periode", exact=True).select_option(label="Een kwartaal")
    page.get_by_label("Jaar", exact=True).select_option(str(year))
    page.get_by_label("Kwartaal", exact=True).select_option(label="kwartaal 1")
    scope = page.locator("#kpi-scope")
    expect(scope).to_contain_text(f"kwartaal 1 {year}")
    expect(scope).to_contain_text(own.name)
    started = page.locator(".bib-kpi-numbers dd").first
    expect(started).to_have_text("2")
    assert "quarter=1" in page.url

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download als CSV").click()
    with open(csv_download.value.path(), encoding="utf-8-sig") as file:
        text = file.read()
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert ["Wijkteam", own.name] in rows
    assert ["Van", f"{year}-01-01"] in rows and ["Tot en met", f"{year}-03-31"] in rows
    assert next(r for r in rows if r[:1] == ["Totaal"])[1] == "2"

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Download als Excel").click()
    with zipfile.ZipFile(xlsx_download.value.path()) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    assert own.name in strings and f"{year}-03-31" in strings
