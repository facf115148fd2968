"""The route form's neighbour picker: the buddy and the group are searched by name among the
resident's own buurt (htmx search view and the "Zoek" button without JavaScript)."""

from __future__ import annotations

import pytest

from buurtinbloei.models import Buurt
from routes.models import Pathway
from routes.picker import PICK_ROWS
from talents.models import ResidentStatus
from tests.conftest import client_for
from tests.factories import ResidentFactory
from tests.networks.support import other_buurt, own_buurt
from tests.queries import assert_queries_flat

from .support import ALL, counsellor, make_route

pytestmark = pytest.mark.django_db


def _search(client, resident, wie: str = "buddy", **params):
    q_name = "buddy_q" if wie == "buddy" else "group_q"
    data = {"wie": wie, q_name: params.pop("q", "")}
    data.update(params)
    return client.get(f"/inwoners/{resident.pk}/landingsroute/buren/", data)


def test_the_search_finds_neighbours_by_name_and_not_the_resident(personas):
    resident = ResidentFactory(buurt=own_buurt(), first_name="Zwaantje", last_name="Pieterse")
    found = ResidentFactory(buurt=resident.buurt, first_name="Bramwell", last_name="Pieterse")
    ResidentFactory(buurt=resident.buurt, first_name="Corrie", last_name="de Vries")
    client = client_for(personas.verbinder)
    body = _search(client, resident, q="pieterse").content.decode()
    assert f'value="{found.pk}"' in body and "Bramwell Pieterse" in body
    assert f'value="{resident.pk}"' not in body  # never the resident themself
    assert "Corrie" not in body
    assert 'type="radio"' in body and 'name="buddy"' in body
    group = _search(client, resident, wie="group_residents", q="bramw").content.decode()
    assert 'type="checkbox"' in group and f'value="{found.pk}"' in group


def test_the_search_stays_in_the_buurt_and_the_users_scope(personas):
    resident = ResidentFactory(buurt=own_buurt())
    elsewhere = Buurt.objects.filter(wijk__wijkteam=resident.buurt.wijk.wijkteam).exclude(
        pk=resident.buurt_id
    )
    if elsewhere.exists():  # another buurt of the same wijkteam: not a neighbour
        ResidentFactory(buurt=elsewhere.first(), first_name="Buitenbuurt")
    ResidentFactory(buurt=other_buurt(), first_name="Buitenwijk")
    ResidentFactory(buurt=resident.buurt, first_name="Buitengewist").__class__.objects.filter(
        first_name="Buitengewist"
    ).update(status=ResidentStatus.ANONYMISED)
    inside = ResidentFactory(buurt=resident.buurt, first_name="Buitenhof")
    body = _search(client_for(personas.verbinder), resident, q="buiten").content.decode()
    assert "Buitenhof" in body and f'value="{inside.pk}"' in body
    assert "Buitenbuurt" not in body and "Buitenwijk" not in body and "Buitengewist" not in body
    # Another wijkteam's verbinder may not search this resident's buurt at all.
    assert _search(client_for(personas.other_verbinder), resident, q="buiten").status_code == 404


def test_the_search_shows_at_most_n_and_keeps_the_chosen_ones(personas):
    resident = ResidentFactory(buurt=own_buurt())
    people = ResidentFactory.create_batch(PICK_ROWS + 3, buurt=resident.buurt, last_name="Jansma")
    chosen = ResidentFactory(buurt=resident.buurt, first_name="Gekozen", last_name="Anders")
    client = client_for(personas.verbinder)
    body = _search(
        client, resident, wie="group_residents", q="jansma", group_residents=[chosen.pk]
    ).content.decode()
    shown = [p for p in people if f'value="{p.pk}"' in body]
    assert len(shown) == PICK_ROWS
    assert "zoek preciezer" in body
    assert f'value="{chosen.pk}" id="group_residents-{chosen.pk}" checked' in body
    # Too short a search shows no one but the chosen.
    short = _search(client, resident, wie="group_residents", q="j").content.decode()
    assert not any(f'value="{p.pk}"' in short for p in people)


def test_the_zoek_button_without_javascript_keeps_what_was_typed(personas):
    resident = ResidentFactory(buurt=own_buurt())
    buddy = ResidentFactory(buurt=resident.buurt, first_name="Bertus", last_name="Klaassen")
    member = ResidentFactory(buurt=resident.buurt, first_name="Gerda", last_name="Klaassen")
    client = client_for(personas.verbinder)
    url = f"/inwoners/{resident.pk}/landingsroute/nieuw/"
    response = client.post(
        url,
        {"zoek": "buddy", "buddy_q": "klaassen", "goals": "Eigen woorden", "buddy": buddy.pk},
    )
    body = response.content.decode()
    assert response.status_code == 200 and not Pathway.objects.exists()
    assert "Eigen woorden" in body and 'value="klaassen"' in body
    assert f'value="{buddy.pk}" id="buddy-{buddy.pk}" checked' in body  # kept, chosen
    assert f'value="{member.pk}" id="buddy-{member.pk}"' in body  # found
    assert "Kijk nog even naar deze punten" not in body  # a search is not a mistake


def test_chosen_neighbours_stay_chosen_after_a_form_error(personas):
    resident = ResidentFactory(buurt=own_buurt())
    buddy = ResidentFactory(buurt=resident.buurt)
    member = ResidentFactory(buurt=resident.buurt)
    user = counsellor()
    data = {
        "start_date": "2026-03-02",
        "review_date": "2026-01-01",  # before the start: an error
        "partner_organisation": user.partner_membership.organisation_id,
        "counsellor": user.pk,
        "buddy": buddy.pk,
        "group_kind": "residents",
        "group_residents": [member.pk],
        "goals": "Meedoen",
        "check_in_weeks": "2",
    }
    client = client_for(personas.verbinder)
    body = client.post(f"/inwoners/{resident.pk}/landingsroute/nieuw/", data).content.decode()
    assert "De einddatum ligt na de startdatum." in body
    assert f'value="{buddy.pk}" id="buddy-{buddy.pk}" checked' in body
    assert f'value="{member.pk}" id="group_residents-{member.pk}" checked' in body


def test_a_posted_buddy_from_another_buurt_is_still_refused(personas):
    stranger = ResidentFactory(buurt=other_buurt())
    route = make_route(personas, consents=ALL)
    client = client_for(personas.verbinder)
    response = client.post(
        f"/landingsroutes/{route.pk}/bewerken/",
        {"review_date": "2027-01-04", "buddy": stranger.pk, "group_kind": "", "goals": "x"},
    )
    assert response.status_code == 200
    assert "Kies er een uit de lijst." in response.content.decode()
    route.refresh_from_db()
    assert route.buddy != stranger


def test_the_edit_form_shows_the_current_buddy_and_group_chosen(personas):
    route = make_route(personas, consents=ALL)
    body = client_for(personas.verbinder).get(f"/landingsroutes/{route.pk}/bewerken/")
    body = body.content.decode()
    assert f'value="{route.buddy_id}" id="buddy-{route.buddy_id}" checked' in body
    for member in route.group_residents.all():
        assert f'value="{member.pk}" id="group_residents-{member.pk}" checked' in body


def test_the_search_stays_flat(personas):
    resident = ResidentFactory(buurt=own_buurt())
    chosen = ResidentFactory(buurt=resident.buurt, last_name="Vaste")
    url = (
        f"/inwoners/{resident.pk}/landingsroute/buren/"
        f"?wie=group_residents&group_q=hendriks&group_residents={chosen.pk}"
    )

    def grow(n: int) -> None:
        ResidentFactory.create_batch(n, buurt=resident.buurt, last_name="Hendriks")

    assert_queries_flat(client_for(personas.verbinder), url, grow)
