"""The resident list: scope, live search, filters, pagination, the htmx fragment."""

from __future__ import annotations

import pytest
from django.urls import reverse

from talents.models import ResidentStatus, Talent
from tests.conftest import client_for
from tests.factories import ConversationFactory, ResidentTalentFactory, UserFactory
from tests.queries import assert_queries_flat

from .staff import HTMX, other_resident, own_buurt, own_resident

URL = reverse("talents:resident-list")


def names(response) -> list[str]:
    return [str(r) for r in response.context["page"].object_list]


def test_it_lists_residents_of_the_own_wijkteam_and_hides_others(personas):
    own_resident(personas, first_name="Anouk", last_name="Eigen")
    other_resident(personas, first_name="Bram", last_name="Vreemd")
    response = client_for(personas.verbinder).get(URL)
    assert response.status_code == 200
    assert "Anouk Eigen" in names(response)
    assert "Bram Vreemd" not in names(response)


def test_a_resident_without_a_buurt_belongs_to_the_responsible_verbinders_wijkteam(personas):
    own_resident(
        personas,
        first_name="Zonder",
        last_name="Buurt",
        buurt=None,
        responsible_verbinder=UserFactory(wijkteams=[personas.own_wijkteam]),
    )
    assert "Zonder Buurt" in names(client_for(personas.verbinder).get(URL))
    assert "Zonder Buurt" not in names(client_for(personas.other_verbinder).get(URL))


def test_every_look_at_the_list_is_audited_without_the_search_words(personas):
    from buurtinbloei.models import AuditEvent

    client_for(personas.verbinder).get(URL, {"q": "0612345678"})
    event = AuditEvent.objects.get(action="resident.list")
    assert event.actor == personas.verbinder and event.object_id == ""


def test_a_coordinator_sees_the_whole_city(personas):
    own_resident(personas, first_name="Anouk", last_name="Eigen")
    other_resident(personas, first_name="Bram", last_name="Vreemd")
    response = client_for(personas.coordinator).get(URL)
    assert {"Anouk Eigen", "Bram Vreemd"} <= set(names(response))


def test_a_coordinator_sees_no_conversation_notes_in_the_list(personas):
    resident = own_resident(personas, first_name="Anouk")
    ConversationFactory(resident=resident, summary="Praat over de GGZ-behandeling", sensitive=True)
    response = client_for(personas.coordinator).get(URL)
    assert "GGZ" not in response.content.decode()


def test_a_partner_gets_403(personas):
    assert client_for(personas.partner).get(URL).status_code == 403


@pytest.mark.parametrize(
    "query",
    ["anouk", "Eigen", "anouk@example", "0612345678", "06-12345678", "5611ab", "5611 AB", "kok"],
)
def test_it_finds_a_resident_by_name_email_phone_postcode_or_talent(personas, query):
    anouk = own_resident(
        personas,
        first_name="Anouk",
        last_name="Eigen",
        email="anouk@example.org",
        phone="+31612345678",
        postcode="5611 AB",
    )
    ResidentTalentFactory(resident=anouk, talent=Talent.objects.get(name="Koken"))
    own_resident(personas, first_name="Bert", email="bert@example.org", phone="+31687654321")
    response = client_for(personas.verbinder).get(URL, {"q": query})
    assert names(response) == ["Anouk Eigen"]


def test_every_word_of_the_search_must_match(personas):
    own_resident(personas, first_name="Anouk", last_name="Eigen")
    own_resident(personas, first_name="Anouk", last_name="Ander")
    response = client_for(personas.verbinder).get(URL, {"q": "anouk eigen"})
    assert names(response) == ["Anouk Eigen"]


def test_it_filters_by_status_buurt_talent_offers_asks_and_verbinder(personas):
    koken = Talent.objects.get(name="Koken")
    giver = own_resident(
        personas,
        first_name="Gever",
        status=ResidentStatus.ACTIVE,
        responsible_verbinder=personas.verbinder,
    )
    ResidentTalentFactory(resident=giver, talent=koken)
    colleague = UserFactory(wijkteams=[personas.own_wijkteam])
    asker = own_resident(personas, first_name="Vrager", buurt=None, responsible_verbinder=colleague)
    ConversationFactory(resident=asker, asks="Iemand om mee te wandelen")
    hidden_asker = own_resident(
        personas, first_name="Geheim", buurt=None, responsible_verbinder=colleague
    )
    ConversationFactory(resident=hidden_asker, asks="Hulp na de opname", sensitive=True)
    assert "Geheim" not in " ".join(
        names(client_for(personas.coordinator).get(URL, {"side": "asks"}))
    )
    client = client_for(personas.verbinder)
    assert names(client.get(URL, {"status": "active"})) == [str(giver)]
    assert names(client.get(URL, {"buurt": own_buurt(personas).pk})) == [str(giver)]
    assert names(client.get(URL, {"talent": koken.pk})) == [str(giver)]
    assert names(client.get(URL, {"side": "offers"})) == [str(giver)]
    # The wijkteam's own verbinders also find asks made in sensitive conversations.
    assert set(names(client.get(URL, {"side": "asks"}))) == {str(asker), str(hidden_asker)}
    assert names(client.get(URL, {"verbinder": personas.verbinder.pk})) == [str(giver)]


def test_the_htmx_request_gets_only_the_table_fragment(personas):
    own_resident(personas, first_name="Anouk")
    response = client_for(personas.verbinder).get(URL, {"q": "anouk"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'id="resident-table"' in body
    assert "Anouk" in body
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_without_htmx_it_renders_the_whole_page_with_the_filters_kept(personas):
    response = client_for(personas.verbinder).get(URL, {"q": "anouk", "status": "new"})
    body = response.content.decode()
    assert "<html" in body
    assert 'value="anouk"' in body
    assert '<option value="new" selected>' in body


def test_it_paginates_by_25_and_keeps_the_filters_in_the_page_links(personas):
    for n in range(30):
        own_resident(personas, first_name=f"Inwoner{n:02d}", status=ResidentStatus.NEW)
    client = client_for(personas.verbinder)
    first = client.get(URL, {"status": "new"})
    assert len(first.context["page"].object_list) == 25
    assert "?status=new&amp;page=2" in first.content.decode()
    second = client.get(URL, {"status": "new", "page": 2})
    assert len(second.context["page"].object_list) == 5


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"buurt": "niet-een-getal"},
        {"buurt": "999999999999999999999999"},
        {"talent": "-1"},
        {"status": "<script>alert(1)</script>"},
        {"side": "\x00"},
        {"verbinder": "' OR 1=1 --"},
        {"page": "laatste"},
        {"q": "\x00\x01 control"},
    ],
)
def test_malformed_filters_are_ignored_never_a_500(personas, params):
    own_resident(personas, first_name="Anouk")
    response = client_for(personas.verbinder).get(URL, params)
    assert response.status_code == 200


def test_the_list_and_the_fragment_use_a_flat_number_of_queries(personas):
    koken = Talent.objects.get(name="Koken")

    def add_rows(n):
        for _ in range(n):
            resident = own_resident(personas, responsible_verbinder=personas.verbinder)
            ResidentTalentFactory(resident=resident, talent=koken)

    client = client_for(personas.verbinder)
    assert_queries_flat(client, URL, add_rows)
    assert_queries_flat(client, URL + "?side=offers", add_rows, **HTMX)


def test_the_navigation_offers_inwoners_and_straatgesprek(personas):
    body = client_for(personas.verbinder).get(URL).content.decode()
    assert 'href="/inwoners/" aria-current="page">Inwoners' in body
    assert "Straatgesprek" in body
    coordinator_body = client_for(personas.coordinator).get(URL).content.decode()
    assert "Straatgesprek" not in coordinator_body
    assert "Nieuwe inwoner" not in coordinator_body


def test_short_words_count_only_when_nothing_longer_was_typed(personas):
    own_resident(personas, first_name="Anouk", last_name="Eigen")
    own_resident(personas, first_name="Al", last_name="Ander")
    client = client_for(personas.verbinder)
    # "de" would match half the city and no index helps: it is left out next to "anouk".
    assert names(client.get(URL, {"q": "anouk de"})) == ["Anouk Eigen"]
    assert names(client.get(URL, {"q": "al"})) == ["Al Ander"]


def test_a_word_that_is_no_talent_still_searches_the_names(personas):
    own_resident(personas, first_name="Koosje", last_name="Eigen")
    assert names(client_for(personas.verbinder).get(URL, {"q": "koosje"})) == ["Koosje Eigen"]


def test_a_sign_up_asking_for_help_puts_its_resident_among_the_askers(personas):
    from tests.factories import SignUpFactory

    resident = own_resident(personas, first_name="Vrager")
    own_resident(personas, first_name="Gever")
    signup = SignUpFactory(buurt=resident.buurt, wants_to_receive=True)
    signup.resident = resident
    signup.save()
    response = client_for(personas.coordinator).get(URL, {"side": "asks"})
    assert names(response) == [str(resident)]


def test_the_live_search_cancels_the_previous_request_and_waits_for_three_characters(personas):
    body = client_for(personas.verbinder).get(URL).content.decode()
    assert 'hx-sync="closest form:replace"' in body and 'minlength="3"' in body
    assert 'hx-sync="this:replace"' in body


def test_a_broad_list_counts_up_to_the_cap_and_says_so(personas, monkeypatch):
    from buurtinbloei import paging

    monkeypatch.setattr(paging, "CAP", 3)
    for name in ("Anna", "Bert", "Cor", "Dirk"):
        own_resident(personas, first_name=name)
    response = client_for(personas.verbinder).get(URL, {"page": "99"})
    page = response.context["page"]
    assert page.paginator.capped and page.paginator.count == 3
    assert "Meer dan 3 inwoners gevonden" in response.content.decode()
