"""Student houses (issue 15): the staff pages, who sees the members by name, and the list's
"leden niet bevestigd"."""

from __future__ import annotations

import pytest
from django.utils import timezone

from buurtinbloei.models import AuditEvent
from networks.models import HouseConfirmation, HouseMember, StudentHouse, academic_year_of
from tests.conftest import client_for
from tests.factories import HouseMemberFactory, StudentHouseFactory, TalentFactory
from tests.queries import assert_queries_flat

from .support import other_buurt, own_buurt

pytestmark = pytest.mark.django_db


def house_form(**changes) -> dict:
    data = {
        "name": "Huize Kraakpand",
        "buurt": str(own_buurt().pk),
        "address": "Stratumsedijk 12",
        "availability": "najaar 2026: ma/wo avond\nvoorjaar 2027: zaterdagochtend",
        "contact_name": "Sem",
        "contact_email": "Sem@Example.org",
        "contact_phone": "040-1234567",
        "active": "on",
    }
    data.update(changes)
    return data


def ask(house: StudentHouse) -> HouseConfirmation:
    return HouseConfirmation.objects.create(
        house=house,
        academic_year=academic_year_of(timezone.localdate()),
        asked_at=timezone.now(),
        sent_to=house.contact_email,
    )


def test_a_verbinder_adds_a_house_with_what_it_offers_and_when(personas):
    shopping = TalentFactory(name="Samen boodschappen", common=True)
    computer = TalentFactory(name="Computerhulp", common=True)
    client = client_for(personas.verbinder)

    response = client.post(
        "/studentenhuizen/nieuw/",
        house_form(talents=[str(shopping.pk), str(computer.pk)]),
    )

    house = StudentHouse.objects.get()
    assert response.status_code == 302 and response["Location"] == house.get_absolute_url()
    assert set(house.talents.values_list("name", flat=True)) == {
        "Samen boodschappen",
        "Computerhulp",
    }
    assert house.availability == [
        {"semester": "najaar 2026", "when": "ma/wo avond"},
        {"semester": "voorjaar 2027", "when": "zaterdagochtend"},
    ]
    assert house.contact_email == "sem@example.org" and house.contact_phone.startswith("+31")
    page = client.get(house.get_absolute_url()).content.decode()
    assert "najaar 2026: ma/wo avond" in page and "Computerhulp" in page


def test_a_wrong_availability_line_is_named_and_what_was_typed_stays(personas):
    client = client_for(personas.verbinder)

    response = client.post(
        "/studentenhuizen/nieuw/", house_form(availability="najaar 2026: ma\nelke dinsdag")
    )

    page = response.content.decode()
    assert response.status_code == 200 and not StudentHouse.objects.exists()
    assert "Regel 2 klopt niet" in page and "elke dinsdag" in page
    assert "Huize Kraakpand" in page


def test_a_house_needs_its_contacts_e_mail(personas):
    response = client_for(personas.verbinder).post(
        "/studentenhuizen/nieuw/", house_form(contact_email="")
    )
    assert response.status_code == 200 and not StudentHouse.objects.exists()
    assert "daar vragen we elk jaar wie er wonen" in response.content.decode()


def test_the_edit_form_shows_the_availability_as_typed_lines(personas):
    house = StudentHouseFactory(buurt=own_buurt())
    page = client_for(personas.verbinder).get(f"/studentenhuizen/{house.pk}/bewerken/")
    assert "najaar 2026: ma avond" in page.content.decode()


def test_members_are_named_to_the_own_wijkteam_only_and_that_read_is_audited(personas):
    house = StudentHouseFactory(buurt=own_buurt())
    HouseMemberFactory(house=house, first_name="Lotte", study="Bouwkunde")
    HouseMemberFactory(house=house, first_name="Daan", active=False, inactive_since="2026-01-01")

    own = client_for(personas.verbinder).get(house.get_absolute_url()).content.decode()
    other = client_for(personas.other_verbinder).get(house.get_absolute_url()).content.decode()
    coordinator = client_for(personas.coordinator).get(house.get_absolute_url()).content.decode()

    assert "Lotte" in own and "Bouwkunde" in own and "Daan" in own
    assert "1 actieve huisgenoot" in other and "Lotte" not in other
    assert "1 actieve huisgenoot" in coordinator and "Lotte" not in coordinator
    views = AuditEvent.objects.filter(
        action="house.view", object_id=str(house.pk), details__members=True
    )
    assert [event.actor for event in views] == [personas.verbinder]


def test_the_contacts_details_go_to_verbinders_city_wide_and_that_read_is_audited(personas):
    house = StudentHouseFactory(
        buurt=own_buurt(), contact_email="sem@example.org", contact_phone="+31401234567"
    )
    reads = AuditEvent.objects.filter(action="house.view", object_id=str(house.pk))

    other = client_for(personas.other_verbinder).get(house.get_absolute_url()).content.decode()
    assert "sem@example.org" in other and "tel:+31401234567" in other
    event = reads.get()
    assert event.actor == personas.other_verbinder
    assert event.details == {"members": False, "contact": True}

    own = client_for(personas.verbinder).get(house.get_absolute_url()).content.decode()
    assert "sem@example.org" in own
    assert reads.get(actor=personas.verbinder).details == {"members": True, "contact": True}

    # Who sees neither the details nor the members leaves no read behind.
    coordinator = client_for(personas.coordinator).get(house.get_absolute_url()).content.decode()
    assert "sem@example.org" not in coordinator
    assert not reads.filter(actor=personas.coordinator).exists()
    assert reads.count() == 2


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("autumn 2026: ma/wo avond", "najaar 2026"),
        ("Fall 2026: ma/wo avond", "najaar 2026"),
        ("spring 2027: ma/wo avond", "voorjaar 2027"),
        ("Najaar 2026: ma/wo avond", "najaar 2026"),
    ],
)
def test_english_semester_words_are_read_and_stored_in_dutch(personas, typed, stored):
    response = client_for(personas.verbinder).post(
        "/studentenhuizen/nieuw/", house_form(availability=typed)
    )
    assert response.status_code == 302
    assert StudentHouse.objects.get().availability == [{"semester": stored, "when": "ma/wo avond"}]


def test_the_same_semester_in_two_languages_is_there_twice(personas):
    response = client_for(personas.verbinder).post(
        "/studentenhuizen/nieuw/",
        house_form(availability="najaar 2026: ma avond\nfall 2026: wo avond"),
    )
    assert response.status_code == 200 and not StudentHouse.objects.exists()
    assert "najaar 2026 staat er twee keer in." in response.content.decode()
    assert "fall 2026: wo avond" in response.content.decode()


def test_a_verbinder_adds_a_member_and_marks_one_who_moved_out(personas):
    house = StudentHouseFactory(buurt=own_buurt())
    client = client_for(personas.verbinder)

    response = client.post(
        f"/studentenhuizen/{house.pk}/leden/",
        {"first_name": "Noor", "study": "Industrial Design", "member_until": "2099-07-31"},
    )
    noor = HouseMember.objects.get()
    assert response.status_code == 302 and noor.active
    assert noor.confirmed_year == academic_year_of(timezone.localdate())

    client.post(f"/studentenhuizen/{house.pk}/leden/{noor.pk}/actief/")
    noor.refresh_from_db()
    assert not noor.active and noor.inactive_since == timezone.localdate()


def test_a_member_without_a_first_name_keeps_what_was_typed(personas):
    house = StudentHouseFactory(buurt=own_buurt())
    response = client_for(personas.verbinder).post(
        f"/studentenhuizen/{house.pk}/leden/", {"first_name": "", "study": "Scheikunde"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and not HouseMember.objects.exists()
    assert "Vul dit in." in page and 'value="Scheikunde"' in page


def test_another_wijkteams_verbinder_cannot_change_a_house(personas):
    house = StudentHouseFactory(buurt=own_buurt())
    client = client_for(personas.other_verbinder)
    assert client.post(f"/studentenhuizen/{house.pk}/bewerken/", house_form()).status_code == 403
    assert client.post(f"/studentenhuizen/{house.pk}/leden/", {"first_name": "X"}).status_code == (
        403
    )
    assert not HouseMember.objects.exists()


def test_the_list_shows_and_filters_houses_whose_members_are_not_confirmed(personas):
    asked = StudentHouseFactory(name="Huize Gevraagd", buurt=own_buurt())
    StudentHouseFactory(name="Huize Rustig", buurt=other_buurt())
    ask(asked)
    client = client_for(personas.verbinder)

    everything = client.get("/studentenhuizen/").content.decode()
    unconfirmed = client.get("/studentenhuizen/?state=unconfirmed").content.decode()

    assert "Huize Rustig" in everything and "leden niet bevestigd" in everything
    assert "Huize Gevraagd" in unconfirmed and "Huize Rustig" not in unconfirmed
    detail = client.get(asked.get_absolute_url()).content.decode()
    assert "leden niet bevestigd" in detail


def test_the_house_list_stays_flat(personas):
    client = client_for(personas.verbinder)
    talent = TalentFactory(common=True)

    def add(n):
        for _ in range(n):
            house = StudentHouseFactory(buurt=own_buurt(), talents=[talent])
            HouseMemberFactory(house=house)
            ask(house)

    assert_queries_flat(client, "/studentenhuizen/", add)


def test_the_house_page_stays_flat(personas):
    house = StudentHouseFactory(buurt=own_buurt(), talents=[TalentFactory(common=True)])
    client = client_for(personas.verbinder)

    def add(n):
        HouseMemberFactory.create_batch(n, house=house)
        house.talents.add(*[TalentFactory(common=True) for _ in range(n)])

    assert_queries_flat(client, house.get_absolute_url(), add)
    assert_queries_flat(client, f"/studentenhuizen/{house.pk}/bewerken/", add)
