"""Every routes page makes as many queries with 30 rows as with one."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from routes.models import Item, Party, PathwayCheckIn, PathwayConsentChange
from routes.services import consent_set
from tests.conftest import client_for
from tests.queries import assert_queries_flat

from .support import ALL, counsellor, link_url, make_route

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2026, 1, 5)


def _routes(personas, n: int, **kwargs) -> None:
    for _ in range(n):
        make_route(personas, consents=ALL, start=LONG_AGO, **kwargs)


def test_the_route_list_stays_flat(personas):
    assert_queries_flat(
        client_for(personas.verbinder), "/landingsroutes/", lambda n: _routes(personas, n)
    )


def test_the_panel_stays_flat(personas):
    assert_queries_flat(
        client_for(personas.verbinder), "/panelen/landingsroutes/", lambda n: _routes(personas, n)
    )


def test_the_counts_stay_flat(personas):
    assert_queries_flat(
        client_for(personas.coordinator), "/landingsroutes/cijfers/", lambda n: _routes(personas, n)
    )


def test_the_counsellors_list_stays_flat(personas):
    user = counsellor("vaste.begeleider@example.org")
    assert_queries_flat(
        client_for(user),
        "/landingsroutes/begeleiding/",
        lambda n: _routes(personas, n, counsellor_user=user),
    )


def test_the_resident_section_stays_flat(personas):
    route = make_route(personas, consents=ALL)
    resident = route.resident

    def more_routes(n: int) -> None:
        for _ in range(n):
            other = make_route(personas)
            type(other).objects.filter(pk=other.pk).update(resident=resident)

    assert_queries_flat(
        client_for(personas.verbinder), f"/inwoners/{resident.pk}/landingsroutes/", more_routes
    )


def _busy_route(personas):
    """A route whose history and check-ins grow: consent changes and many check-ins."""
    route = make_route(personas, consents=ALL, start=LONG_AGO)
    week = iter(range(13, 200))

    def grow(n: int) -> None:
        for _ in range(n):
            PathwayCheckIn.objects.create(
                route=route, week=next(week), due_on=LONG_AGO, done_at="2026-02-01T10:00Z"
            )
            granted = not PathwayConsentChange.objects.filter(route=route).first().granted
            consent_set(
                route=route,
                party=Party.BUDDY,
                items=[Item.PHONE],
                granted=granted,
                counsellor_present=False,
                by=personas.verbinder,
            )

    return route, grow


def test_the_route_page_stays_flat(personas):
    route, grow = _busy_route(personas)
    assert_queries_flat(client_for(personas.verbinder), f"/landingsroutes/{route.pk}/", grow)


def test_each_partys_page_stays_flat(personas):
    route, grow = _busy_route(personas)
    pages = [
        (Client(), link_url(route, Party.BUDDY)),
        (client_for(route.counsellor), f"/landingsroutes/{route.pk}/begeleiding/"),
        (client_for(personas.other_verbinder), f"/landingsroutes/{route.pk}/gedeeld/"),
    ]
    for client, url in pages:
        assert_queries_flat(client, url, grow)


def test_the_edit_form_stays_flat_as_the_buurt_and_group_grow(personas):
    from tests.factories import ResidentFactory

    route = make_route(personas, consents=ALL)

    def grow(n: int) -> None:
        people = ResidentFactory.create_batch(n, buurt=route.resident.buurt)
        route.group_residents.add(*people)

    assert_queries_flat(
        client_for(personas.verbinder), f"/landingsroutes/{route.pk}/bewerken/", grow
    )
