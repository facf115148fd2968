"""Phone numbers written any way become one form; a postcode finds its buurt by longest prefix."""

from __future__ import annotations

import pytest

from buurtinbloei.models import PostcodeArea
from buurtinbloei.phone import normalise_phone, phone_variants
from tests.conftest import client_for

from .signup_support import other_buurt, own_buurt


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0612345678", "+31612345678"),
        ("06-12345678", "+31612345678"),
        ("06 1234 5678", "+31612345678"),
        ("+31 6 12345678", "+31612345678"),
        ("+31 (0)6 12345678", "+31612345678"),
        ("0031612345678", "+31612345678"),
        ("040-1234567", "+31401234567"),
        ("(040) 123 45 67", "+31401234567"),
        ("+32 470 12 34 56", "+32470123456"),
    ],
)
def test_a_phone_number_is_stored_one_way(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed", ["", "12345678", "061234567", "06123456789", "+31012345678", "06-1234abcd", "+1"]
)
def test_a_phone_number_that_cannot_be_right_is_none(typed):
    assert normalise_phone(typed) is None


def test_a_stored_number_is_found_written_the_dutch_way_too():
    assert phone_variants("+31612345678") == ["+31612345678", "0612345678"]


@pytest.mark.django_db
def test_the_longest_known_prefix_wins(geography):
    PostcodeArea.objects.create(prefix="5625", buurt=own_buurt())
    PostcodeArea.objects.create(prefix="5625AB", buurt=other_buurt())

    assert PostcodeArea.objects.buurt_for("5625 ab") == other_buurt()
    assert PostcodeArea.objects.buurt_for("5625 AC") == own_buurt()
    assert PostcodeArea.objects.buurt_for("5625") == own_buurt()
    assert PostcodeArea.objects.buurt_for("1012 AB") is None
    assert PostcodeArea.objects.buurt_for("") is None


@pytest.mark.django_db
def test_a_beheerder_adds_a_postcode_area_written_loosely(personas):
    client = client_for(personas.beheerder)

    response = client.post(
        "/beheer/buurtinbloei/postcodearea/add/", {"prefix": "5625 ab", "buurt": own_buurt().pk}
    )

    assert response.status_code == 302
    assert PostcodeArea.objects.get().prefix == "5625AB"
