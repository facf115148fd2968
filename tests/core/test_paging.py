"""CappedPaginator: counts up to a cap and never serves pages beyond it."""

from __future__ import annotations

import pytest

from buurtinbloei.paging import CappedPaginator
from talents.models import Talent

pytestmark = pytest.mark.django_db


def test_it_counts_up_to_the_cap_and_serves_the_last_page_for_deeper_ones():
    talents = Talent.objects.order_by("name")
    assert talents.count() > 30
    paginator = CappedPaginator(talents, 10, cap=30)
    assert paginator.capped and paginator.count == 30 and paginator.num_pages == 3
    page = paginator.get_page(99)
    assert page.number == 3 and not page.has_next()
    assert list(page.object_list) == list(talents[20:30])


def test_below_the_cap_it_is_an_ordinary_paginator():
    talents = Talent.objects.order_by("name")
    paginator = CappedPaginator(talents, 10, cap=10_000)
    assert not paginator.capped and paginator.count == talents.count()
