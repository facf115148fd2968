"""Logging a talent conversation inline on the resident page (htmx), or as a plain form."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from talents.models import Conversation, ResidentStatus, ResidentTalent, Talent
from tests.conftest import client_for
from tests.factories import ResidentTalentFactory
from tests.queries import assert_queries_flat

from .staff import HTMX, audit_actions, own_resident


def url(resident) -> str:
    return reverse("talents:conversation-create", kwargs={"pk": resident.pk})


def valid(**changes) -> dict:
    data = {
        "date": timezone.localdate().isoformat(),
        "kind": "talent",
        "summary": "Gesprek aan de keukentafel",
        "wishes": "Wil koken voor de buurt",
        "asks": "Zou graag samen wandelen",
        "next_step": "Voorstellen aan het kernteam",
        "follow_up_on": "",
    }
    data.update(changes)
    return data


def test_the_form_always_asks_what_someone_could_give_and_could_use(personas):
    body = client_for(personas.verbinder).get(url(own_resident(personas))).content.decode()
    assert "Wat zou de inwoner kunnen geven of graag doen?" in body
    assert "Waar zou de inwoner hulp of gezelschap bij kunnen gebruiken?" in body


def test_logging_with_htmx_answers_the_timeline_and_announces_the_event(personas):
    resident = own_resident(personas)
    koken, wandelen = Talent.objects.get(name="Koken"), Talent.objects.get(name="Wandelen")
    response = client_for(personas.verbinder).post(
        url(resident), valid(talents=[koken.pk, wandelen.pk]), **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "conversationLogged" in response["HX-Trigger"]
    assert "<html" not in body and 'id="timeline"' in body
    assert "Gesprek aan de keukentafel" in body
    assert 'id="resident-status" hx-swap-oob="true">in gesprek' in body
    conversation = Conversation.objects.get(resident=resident)
    assert conversation.verbinder == personas.verbinder
    assert set(conversation.talents.all()) == {koken, wandelen}
    assert set(
        ResidentTalent.objects.filter(resident=resident, offered=True).values_list(
            "talent__name", flat=True
        )
    ) == {"Koken", "Wandelen"}
    resident.refresh_from_db()
    assert resident.status == ResidentStatus.IN_CONVERSATION
    assert audit_actions(conversation) == ["conversation.create"]


def test_a_talent_the_resident_already_had_is_marked_offered_without_a_duplicate(personas):
    resident = own_resident(personas, status=ResidentStatus.ACTIVE)
    koken = Talent.objects.get(name="Koken")
    ResidentTalentFactory(resident=resident, talent=koken, offered=False, wants_to_develop=True)
    client_for(personas.verbinder).post(url(resident), valid(talents=[koken.pk]), **HTMX)
    link = ResidentTalent.objects.get(resident=resident)
    assert link.offered and link.wants_to_develop
    resident.refresh_from_db()
    assert resident.status == ResidentStatus.ACTIVE


def test_new_talents_are_created_on_the_fly_as_proposals(personas):
    resident = own_resident(personas)
    client_for(personas.verbinder).post(
        url(resident), valid(new_talents=["Bijen houden", "koken"]), **HTMX
    )
    conversation = Conversation.objects.get()
    names = set(conversation.talents.values_list("name", flat=True))
    assert names == {"Bijen houden", "Koken"}  # "koken" matched the existing talent
    proposal = Talent.objects.get(name="Bijen houden")
    assert (proposal.approved, proposal.proposed_by) == (False, personas.verbinder)


def test_without_javascript_it_saves_and_says_so_just_above_the_timeline(personas):
    resident = own_resident(personas)
    client = client_for(personas.verbinder)
    response = client.post(url(resident), valid())
    assert response.status_code == 302
    assert response["Location"].endswith("#gesprek-opgeslagen")
    assert Conversation.objects.filter(resident=resident).exists()
    body = client.get(response["Location"]).content.decode()
    saved = body.index('id="gesprek-opgeslagen"')
    assert body.index("Gesprek opgeslagen.", saved) < body.index('id="timeline"')
    # Once, next to the timeline: not again in the messages at the top of the page.
    assert body.count("Gesprek opgeslagen.") == 1


def test_errors_are_shown_in_the_form_with_everything_typed_kept(personas):
    resident = own_resident(personas)
    koken = Talent.objects.get(name="Koken")
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client_for(personas.verbinder).post(
        url(resident),
        valid(
            date=future,
            kind="",
            summary="Mijn lange verhaal",
            talents=[koken.pk],
            new_talents="Bijen houden",
            sensitive="on",
        ),
        **HTMX,
    )
    body = response.content.decode()
    assert response["HX-Retarget"] == "#conversation-form"
    assert response["HX-Reswap"] == "outerHTML"
    assert "Een gesprek kan niet in de toekomst liggen." in body
    assert "Dit veld is verplicht." in body
    assert "Mijn lange verhaal" in body
    assert f'value="{koken.pk}" id="talent-{koken.pk}" checked' in body
    assert 'value="Bijen houden"' in body
    assert 'name="sensitive"' in body and "checked" in body
    assert not Conversation.objects.exists()


def test_a_follow_up_before_the_conversation_is_refused(personas):
    resident = own_resident(personas)
    response = client_for(personas.verbinder).post(
        url(resident), valid(date="2026-01-10", follow_up_on="2026-01-01")
    )
    assert "Opvolgen kan niet vóór de datum van het gesprek." in response.content.decode()


def test_scope_and_roles(personas):
    resident = own_resident(personas)
    assert client_for(personas.other_verbinder).post(url(resident), valid()).status_code == 404
    assert client_for(personas.partner).post(url(resident), valid()).status_code == 404
    assert client_for(personas.coordinator).post(url(resident), valid()).status_code == 403
    assert not Conversation.objects.exists()


def test_oversized_and_malformed_input_never_gives_a_500(personas):
    resident = own_resident(personas)
    client = client_for(personas.verbinder)
    for data in (
        valid(summary="x" * 100_000),
        valid(date="31-02-2026"),
        valid(talents=["abc", "-1", "9" * 30]),
        valid(new_talents="x" * 5000),
        valid(new_talents=",".join(f"t{n}" for n in range(50))),
        valid(kind="<script>"),
    ):
        assert client.post(url(resident), data, **HTMX).status_code == 200
    assert not Conversation.objects.exists()
    # A NUL byte is dropped like every control character (test_plain_text_everywhere.py).
    assert client.post(url(resident), valid(summary="\x00"), **HTMX).status_code == 200
    assert Conversation.objects.get().summary == ""


def test_the_form_page_uses_a_flat_number_of_queries(personas):
    from tests.factories import TalentFactory

    resident = own_resident(personas)

    def add_rows(n):
        TalentFactory.create_batch(n, common=True)

    assert_queries_flat(client_for(personas.verbinder), url(resident), add_rows)
