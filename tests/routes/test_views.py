"""Setting up a route through the form, its page, and the pages around it."""

from __future__ import annotations

import datetime

import pytest

from routes.models import Pathway, PathwayCheckIn, PathwayConsent, PathwayConsentChange
from tests.conftest import client_for
from tests.factories import ResidentFactory
from tests.networks.support import own_buurt

from .support import ALL, counsellor, make_route

pytestmark = pytest.mark.django_db


def _form(resident, user, **changes) -> dict:
    buddy = ResidentFactory(buurt=resident.buurt, first_name="Bram")
    data = {
        "start_date": "2026-03-02",
        "review_date": "2026-06-01",
        "partner_organisation": user.partner_membership.organisation_id,
        "counsellor": user.pk,
        "counsellor_present": "on",
        "buddy": buddy.pk,
        "group_kind": "",
        "goals": "Weer meedoen in de buurt.",
        "interests": "fietsen",
        "availability": "woensdag",
        "check_in_weeks": "2, 6, 12",
        "consent_buddy_first_name": "on",
        "consent_ggz_progress": "on",
    }
    data.update(changes)
    return data


def test_a_verbinder_sets_up_a_route_with_the_resident_and_counsellor(personas):
    resident = ResidentFactory(buurt=own_buurt())
    user = counsellor()
    client = client_for(personas.verbinder)
    page = client.get(f"/inwoners/{resident.pk}/").content.decode()
    assert f"/inwoners/{resident.pk}/landingsroutes/" in page  # the section on the page

    response = client.post(f"/inwoners/{resident.pk}/landingsroute/nieuw/", _form(resident, user))
    route = Pathway.objects.get(resident=resident)
    assert response.status_code == 302 and response.url == f"/landingsroutes/{route.pk}/"
    assert route.counsellor == user and route.verbinder == personas.verbinder
    assert route.buddy.first_name == "Bram"
    assert list(PathwayCheckIn.objects.filter(route=route).values_list("week", flat=True)) == [
        2,
        6,
        12,
    ]
    granted = set(
        PathwayConsent.objects.filter(route=route, granted=True).values_list("party", "item")
    )
    assert granted == {("buddy", "first_name"), ("ggz", "progress")}
    assert PathwayConsentChange.objects.filter(route=route, counsellor_present=True).count() == 2
    body = client.get(f"/landingsroutes/{route.pk}/").content.decode()
    assert "Weer meedoen in de buurt." in body


def test_bad_input_is_explained_in_dutch_and_kept(personas):
    resident = ResidentFactory(buurt=own_buurt())
    user, other = counsellor(), counsellor("ander@example.org")
    other.partner_membership.organisation.name = "Andere GGZ"
    other.partner_membership.organisation.save()
    client = client_for(personas.verbinder)
    response = client.post(
        f"/inwoners/{resident.pk}/landingsroute/nieuw/",
        _form(
            resident,
            user,
            counsellor=other.pk,
            review_date="2026-01-01",
            check_in_weeks="twee, zes",
            group_kind="residents",
            goals="Eigen woorden blijven staan",
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "De einddatum ligt na de startdatum." in body
    assert "Schrijf de weken als getallen" in body
    assert "Kies de begeleider van de GGZ-partner" in body
    assert "Kies wie er in de groep zit." in body
    assert "Eigen woorden blijven staan" in body
    assert not Pathway.objects.exists()


def test_a_double_submit_makes_one_route(personas):
    resident = ResidentFactory(buurt=own_buurt())
    user = counsellor()
    client = client_for(personas.verbinder)
    data = _form(resident, user, token="6f1f8a6e-3d0c-4b53-9a55-2f6f6b7a0c11")
    first = client.post(f"/inwoners/{resident.pk}/landingsroute/nieuw/", data)
    second = client.post(f"/inwoners/{resident.pk}/landingsroute/nieuw/", data)
    assert Pathway.objects.count() == 1
    assert first.url == second.url


def test_another_wijkteam_sees_a_route_only_when_the_resident_shares_with_verbinders(personas):
    hidden = make_route(personas, consents={p for p in ALL if p[0] != "verbinders"})
    shared = make_route(personas, consents={("verbinders", "interests")})
    client = client_for(personas.other_verbinder)
    assert client.get(f"/landingsroutes/{hidden.pk}/gedeeld/").status_code == 404
    assert client.get(f"/landingsroutes/{shared.pk}/gedeeld/").status_code == 200
    listing = client.get("/landingsroutes/").content.decode()
    assert f"/landingsroutes/{shared.pk}/gedeeld/" in listing
    assert f"/landingsroutes/{hidden.pk}/" not in listing
    assert "Zwaantje" not in listing


def test_the_counsellors_list_names_the_resident_only_with_consent(personas):
    user = counsellor()
    make_route(personas, consents=set(), counsellor_user=user)
    named = make_route(personas, consents={("ggz", "first_name")}, counsellor_user=user)
    body = client_for(user).get("/landingsroutes/begeleiding/").content.decode()
    assert body.count("Zwaantje") == 1
    assert f"/landingsroutes/{named.pk}/begeleiding/" in body


def test_the_counts_are_per_wijkteam(personas):
    make_route(personas, start=datetime.date(2026, 1, 5))
    body = client_for(personas.coordinator).get("/landingsroutes/cijfers/").content.decode()
    assert personas.own_wijkteam.name in body and personas.other_wijkteam.name in body


def test_a_small_group_of_neighbours_is_chosen_from_the_same_buurt(personas):
    resident = ResidentFactory(buurt=own_buurt())
    neighbours = ResidentFactory.create_batch(2, buurt=resident.buurt)
    user = counsellor()
    client = client_for(personas.verbinder)
    form = client.get(f"/inwoners/{resident.pk}/landingsroute/nieuw/").content.decode()
    assert 'name="group_q"' in form  # searched by name, not listed in full
    assert f'value="{neighbours[0].pk}"' not in form
    data = _form(resident, user, group_kind="residents", group_residents=[n.pk for n in neighbours])
    client.post(f"/inwoners/{resident.pk}/landingsroute/nieuw/", data)
    route = Pathway.objects.get(resident=resident)
    assert set(route.group_residents.all()) == set(neighbours)


def test_a_new_buddy_gets_no_old_link_and_the_words_can_change(personas):
    from django.test import Client

    from .support import link_url

    route = make_route(personas, consents=ALL)
    buddy_page, group_page = link_url(route, "buddy"), link_url(route, "group")
    new_buddy = ResidentFactory(buurt=route.resident.buurt, first_name="Nieuw")
    client = client_for(personas.verbinder)
    form = client.get(f"/landingsroutes/{route.pk}/bewerken/").content.decode()
    assert "Weer zelf boodschappen doen" in form  # the current words, ready to change
    response = client.post(
        f"/landingsroutes/{route.pk}/bewerken/",
        {
            "review_date": "2027-01-04",
            "buddy": new_buddy.pk,
            "group_kind": "residents",
            "group_residents": list(route.group_residents.values_list("pk", flat=True)),
            "goals": "Nieuwe woorden van de inwoner",
            "interests": route.interests,
            "availability": route.availability,
        },
    )
    assert response.status_code == 302
    route.refresh_from_db()
    assert route.buddy == new_buddy and route.goals == "Nieuwe woorden van de inwoner"
    assert route.review_date == datetime.date(2027, 1, 4)
    assert Client().get(buddy_page).status_code == 410  # the old buddy's link stopped
    assert Client().get(group_page).status_code == 200  # the same group keeps theirs


def test_an_edit_with_a_review_date_before_the_start_is_refused(personas):
    route = make_route(personas, start=datetime.date(2026, 3, 2))
    response = client_for(personas.verbinder).post(
        f"/landingsroutes/{route.pk}/bewerken/",
        {"review_date": "2026-01-01", "goals": "Blijft staan", "group_kind": ""},
    )
    assert response.status_code == 200
    assert "De einddatum ligt na de startdatum." in response.content.decode()
    assert "Blijft staan" in response.content.decode()
    route.refresh_from_db()
    assert route.review_date != datetime.date(2026, 1, 1)


def test_revoking_the_link_of_a_party_without_links_is_a_404_not_a_500(personas):
    """Found by the fuzz tests on PostgreSQL: a NUL byte in the party reached the query."""
    route = make_route(personas)
    client = client_for(personas.verbinder)
    for party in ("ggz", "onbekend", "buddy%00x"):
        response = client.post(f"/landingsroutes/{route.pk}/link/{party}/intrekken/")
        assert response.status_code == 404, party
