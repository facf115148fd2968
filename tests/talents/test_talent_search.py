"""The talent picker's autocomplete: approved talents, your own proposals, and create new."""

from __future__ import annotations

from django.urls import reverse

from talents.models import Talent
from tests.conftest import client_for
from tests.factories import TalentFactory
from tests.queries import assert_queries_flat

from .staff import HTMX

URL = reverse("talents:talent-search")


def test_it_suggests_matching_approved_talents_as_a_fragment(personas):
    response = client_for(personas.verbinder).get(URL, {"talent_q": "kok"}, **HTMX)
    body = response.content.decode()
    assert "<html" not in body and 'id="talent-options"' in body
    assert "Koken" in body
    assert "Tuinieren" not in body


def test_it_shows_your_own_proposals_but_not_those_of_others(personas):
    TalentFactory(name="Bijen houden", approved=False, proposed_by=personas.verbinder)
    TalentFactory(name="Bijen tellen", approved=False, proposed_by=personas.other_verbinder)
    body = client_for(personas.verbinder).get(URL, {"talent_q": "bijen"}).content.decode()
    assert "Bijen houden" in body
    assert "Bijen tellen" not in body


def test_chosen_talents_stay_checked_while_searching(personas):
    koken = Talent.objects.get(name="Koken")
    body = (
        client_for(personas.verbinder)
        .get(URL, {"talent_q": "tuin", "talents": [koken.pk, "abc"]}, **HTMX)
        .content.decode()
    )
    assert f'value="{koken.pk}" id="talent-{koken.pk}" checked' in body
    assert "Tuinieren" in body


def test_it_offers_to_propose_a_talent_that_does_not_exist(personas):
    body = client_for(personas.verbinder).get(URL, {"talent_q": "Bijen houden"}).content.decode()
    assert 'name="new_talents" value="Bijen houden"' in body
    exact = client_for(personas.verbinder).get(URL, {"talent_q": "koken"}).content.decode()
    assert 'name="new_talents"' not in exact


def test_strange_input_never_gives_a_500(personas):
    client = client_for(personas.verbinder)
    for q in ("x" * 10_000, "<script>alert(1)</script>", "%", "_", "\x00"):
        response = client.get(URL, {"talent_q": q, "talents": ["1" * 50]})
        assert response.status_code == 200
        assert "<script>alert" not in response.content.decode()


def test_it_uses_a_flat_number_of_queries(personas):
    def add_rows(n):
        for _ in range(n):
            TalentFactory(name=f"Zoekbaar {Talent.objects.count()}")

    assert_queries_flat(client_for(personas.verbinder), URL + "?talent_q=zoekbaar", add_rows)


def test_it_proposes_nothing_new_when_an_existing_talent_contains_the_words(personas):
    body = client_for(personas.verbinder).get(URL, {"talent_q": "brei"}).content.decode()
    assert "Handwerken (breien en haken)" in body
    assert 'name="new_talents"' not in body
    assert "Nieuw talent voorstellen" not in body


def test_a_ticked_proposal_stays_ticked_when_the_picker_is_redrawn(personas):
    client = client_for(personas.verbinder)
    params = {"talent_q": "Bijen houden", "new_talents": "Bijen houden"}
    body = client.get(URL, params, **HTMX).content.decode()
    assert 'value="Bijen houden" id="talent-nieuw" checked' in body
    unticked = client.get(URL, {"talent_q": "Bijen houden"}, **HTMX).content.decode()
    assert 'id="talent-nieuw" checked' not in unticked
