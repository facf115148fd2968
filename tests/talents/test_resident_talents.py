"""A resident's talents: add and remove with small htmx forms; proposals for new talents."""

from __future__ import annotations

from django.urls import reverse

from talents.models import ResidentTalent, Talent
from tests.conftest import client_for
from tests.factories import ResidentTalentFactory
from tests.queries import assert_queries_flat

from .staff import HTMX, audit_actions, own_resident


def url(resident) -> str:
    return reverse("talents:resident-talents", kwargs={"pk": resident.pk})


def test_adding_a_talent_with_htmx_answers_the_talents_fragment(personas):
    resident = own_resident(personas)
    koken = Talent.objects.get(name="Koken")
    response = client_for(personas.verbinder).post(
        url(resident),
        {"talent": koken.pk, "offered": "on", "wants_to_develop": "on", "note": "Taart"},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="talents"' in body and "Koken" in body
    link = ResidentTalent.objects.get(resident=resident)
    assert (link.talent, link.offered, link.wants_to_develop, link.note) == (
        koken,
        True,
        True,
        "Taart",
    )
    assert audit_actions(resident) == ["resident.talent_set"]


def test_without_javascript_it_redirects_back_to_the_resident(personas):
    resident = own_resident(personas)
    response = client_for(personas.verbinder).post(
        url(resident), {"talent": Talent.objects.get(name="Koken").pk, "offered": "on"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/inwoners/{resident.pk}/#talents")


def test_a_new_talent_becomes_a_proposal_the_proposer_can_use_at_once(personas):
    resident = own_resident(personas)
    client = client_for(personas.verbinder)
    client.post(url(resident), {"new_talent": "Bijen houden", "offered": "on"}, **HTMX)
    talent = Talent.objects.get(name="Bijen houden")
    assert not talent.approved
    assert talent.proposed_by == personas.verbinder
    assert ResidentTalent.objects.filter(resident=resident, talent=talent).exists()
    assert talent in Talent.objects.usable_by(personas.verbinder)
    colleague = own_resident(personas)
    assert talent not in Talent.objects.usable_by(personas.other_verbinder)
    assert colleague


def test_it_asks_for_a_talent_and_for_how_in_dutch(personas):
    resident = own_resident(personas)
    response = client_for(personas.verbinder).post(url(resident), {"note": "x"}, **HTMX)
    body = response.content.decode()
    assert "Kies een talent of typ een nieuw talent." in body
    assert "wil dit ontwikkelen" in body
    assert not ResidentTalent.objects.exists()


def test_removing_a_talent(personas):
    resident = own_resident(personas)
    link = ResidentTalentFactory(resident=resident, talent=Talent.objects.get(name="Koken"))
    remove = reverse(
        "talents:resident-talent-remove", kwargs={"pk": resident.pk, "link_pk": link.pk}
    )
    response = client_for(personas.verbinder).post(remove, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert not ResidentTalent.objects.exists()
    assert audit_actions(resident) == ["resident.talent_remove"]


def test_a_link_of_another_resident_or_wijkteam_is_not_found(personas):
    resident = own_resident(personas)
    stranger = own_resident(personas)
    link = ResidentTalentFactory(resident=stranger)
    wrong = reverse(
        "talents:resident-talent-remove", kwargs={"pk": resident.pk, "link_pk": link.pk}
    )
    assert client_for(personas.verbinder).post(wrong).status_code == 404
    right = reverse(
        "talents:resident-talent-remove", kwargs={"pk": stranger.pk, "link_pk": link.pk}
    )
    assert client_for(personas.other_verbinder).post(right).status_code == 404
    assert ResidentTalent.objects.filter(pk=link.pk).exists()


def test_malformed_input_never_gives_a_500(personas):
    resident = own_resident(personas)
    client = client_for(personas.verbinder)
    for data in (
        {"talent": "abc"},
        {"talent": "9" * 40},
        {"new_talent": "x" * 5000},
        {"note": "\x00"},
    ):
        assert client.post(url(resident), {**data, "offered": "on"}, **HTMX).status_code == 200
    assert not ResidentTalent.objects.exists()


def test_the_talents_page_uses_a_flat_number_of_queries(personas):
    resident = own_resident(personas)
    talents = list(Talent.objects.order_by("pk")[:40])

    def add_rows(n):
        for _ in range(n):
            ResidentTalentFactory(resident=resident, talent=talents.pop())

    assert_queries_flat(client_for(personas.verbinder), url(resident), add_rows)
