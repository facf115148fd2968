"""Dates near the end of the calendar and keys beyond 64 bits: a message, never a server error.

Found by the fuzz tests (tests/fuzz): ``?end=9999-12-31`` on the audit log raised OverflowError
(the day after the period's end does not exist). Every styled form now refuses dates outside
1900-2200 (buurtinbloei.forms.sensible_dates).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from talents.models import Conversation
from tests.conftest import client_for
from tests.talents.staff import own_resident
from tests.talents.test_conversation_create import valid

pytestmark = pytest.mark.django_db

MESSAGE = "Kies een datum tussen het jaar 1900 en 2200."


@pytest.mark.parametrize("end", ["9999-12-31", "1899-12-31"])
def test_the_audit_log_says_the_date_is_out_of_range(personas, end):
    response = client_for(personas.beheerder).get(reverse("audit-log"), {"end": end})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize("field", ["date", "follow_up_on"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_conversation_dated_outside_the_calendar_comes_back_with_a_message(personas, field, day):
    resident = own_resident(personas)
    url = reverse("talents:conversation-create", kwargs={"pk": resident.pk})
    response = client_for(personas.verbinder).post(url, valid(**{field: day}))
    body = response.content.decode()
    assert response.status_code == 200
    assert MESSAGE in body
    assert "Gesprek aan de keukentafel" in body  # what was typed stays
    assert not Conversation.objects.filter(resident=resident).exists()


def test_a_date_inside_the_calendar_is_still_taken(personas):
    resident = own_resident(personas)
    url = reverse("talents:conversation-create", kwargs={"pk": resident.pk})
    client_for(personas.verbinder).post(url, valid(follow_up_on="2199-12-31"))
    assert Conversation.objects.get(resident=resident).follow_up_on.year == 2199


# --- Keys beyond 64 bits in a multiple choice -------------------------------------------------
# Found by the fuzz tests: ``talents=43999999999999999999999`` on the public sign-up and on
# "Gesprek vastleggen" raised OverflowError on SQLite (Django looks the keys up with IN).


def test_a_talent_beyond_64_bits_on_the_sign_up_is_an_unknown_choice(geography):
    from tests.talents.signup_support import form_data

    response = client_for(None).post(reverse("public:signup"), form_data(talents=["9" * 25]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kijk nog even naar" in body
    assert 'value="Fatima"' in body


def test_a_talent_beyond_64_bits_in_a_conversation_is_an_unknown_choice(personas):
    resident = own_resident(personas)
    url = reverse("talents:conversation-create", kwargs={"pk": resident.pk})
    response = client_for(personas.verbinder).post(url, valid(talents=[str(2**64)]))
    assert response.status_code == 200
    assert "Gesprek aan de keukentafel" in response.content.decode()
    assert not Conversation.objects.filter(resident=resident).exists()
