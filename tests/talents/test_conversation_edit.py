"""Correcting a conversation: the wijkteam's verbinders, audited, with the conflict page when
two verbinders correct the same conversation at once (buurtinbloei/conflicts.py)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from talents.models import Conversation, ConversationKind, ResidentTalent
from tests.conftest import client_for
from tests.factories import ConversationFactory, ResidentTalentFactory, TalentFactory, UserFactory
from tests.queries import assert_queries_flat

from .staff import audit_actions, own_resident

pytestmark = pytest.mark.django_db


def url(conversation) -> str:
    return reverse(
        "talents:conversation-edit",
        kwargs={"pk": conversation.resident_id, "conversation_pk": conversation.pk},
    )


def form_data(conversation, **changes) -> dict:
    data = {
        "date": conversation.date.isoformat(),
        "kind": conversation.kind,
        "summary": conversation.summary,
        "talents": [t.pk for t in conversation.talents.all()],
        "wishes": conversation.wishes,
        "asks": conversation.asks,
        "next_step": conversation.next_step,
        "follow_up_on": conversation.follow_up_on.isoformat() if conversation.follow_up_on else "",
        "version": conversation.version,
    }
    if conversation.sensitive:
        data["sensitive"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def colleague(personas):
    return UserFactory(wijkteams=[personas.own_wijkteam], first_name="Fatima", last_name="Bakker")


def test_the_timeline_links_to_the_correction(personas):
    conversation = ConversationFactory(resident=own_resident(personas))
    body = client_for(personas.verbinder).get(conversation.resident.get_absolute_url())
    assert url(conversation) in body.content.decode()
    coordinator_page = client_for(personas.coordinator).get(
        conversation.resident.get_absolute_url()
    )
    assert url(conversation) not in coordinator_page.content.decode()


def test_the_form_shows_what_was_said_with_its_version_and_the_read_is_audited(personas):
    conversation = ConversationFactory(
        resident=own_resident(personas), summary="Houdt van tuinieren", sensitive=True
    )
    response = client_for(personas.verbinder).get(url(conversation))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Houdt van tuinieren" in body
    assert 'name="version" value="1"' in body
    assert audit_actions(conversation.resident) == ["resident.view"]


def test_a_correction_is_saved_raises_the_version_and_is_audited(personas):
    conversation = ConversationFactory(resident=own_resident(personas), date=days_ago(3))
    response = client_for(personas.verbinder).post(
        url(conversation),
        form_data(
            conversation, kind=ConversationKind.HOME_VISIT, summary="Gecorrigeerd", sensitive="on"
        ),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#gesprek-{conversation.pk}")
    conversation.refresh_from_db()
    assert (conversation.kind, conversation.summary, conversation.sensitive) == (
        ConversationKind.HOME_VISIT,
        "Gecorrigeerd",
        True,
    )
    assert conversation.version == 2
    assert audit_actions(conversation) == ["conversation.update"]


def test_marking_it_sensitive_hides_it_from_coordinators_and_sets_the_asks_flag_apart(personas):
    conversation = ConversationFactory(resident=own_resident(personas), summary="Zorg en GGZ")
    client_for(personas.verbinder).post(
        url(conversation), form_data(conversation, sensitive="on", asks="Hulp bij de post")
    )
    resident = conversation.resident
    resident.refresh_from_db()
    assert (resident.asks_for_help, resident.asks_for_help_sensitive) == (False, True)
    assert not Conversation.objects.visible_to(personas.coordinator).filter(pk=conversation.pk)
    page = client_for(personas.coordinator).get(resident.get_absolute_url()).content.decode()
    assert "Zorg en GGZ" not in page


def test_a_sensitive_conversation_cannot_be_opened_by_anyone_outside_the_wijkteam(personas):
    conversation = ConversationFactory(resident=own_resident(personas), sensitive=True)
    assert client_for(personas.other_verbinder).get(url(conversation)).status_code == 404
    assert client_for(personas.coordinator).get(url(conversation)).status_code == 403
    data = form_data(conversation, summary="Overschreven")
    assert client_for(personas.other_verbinder).post(url(conversation), data).status_code == 404
    conversation.refresh_from_db()
    assert conversation.summary != "Overschreven"


def test_a_conversation_of_another_resident_is_not_found_under_this_one(personas):
    conversation = ConversationFactory(resident=own_resident(personas))
    elsewhere = own_resident(personas)
    wrong = reverse(
        "talents:conversation-edit", kwargs={"pk": elsewhere.pk, "conversation_pk": conversation.pk}
    )
    assert client_for(personas.verbinder).get(wrong).status_code == 404


def test_talents_added_become_offered_and_talents_taken_off_stay_on_the_resident(personas):
    resident = own_resident(personas)
    cooking, sewing = TalentFactory(name="Koken"), TalentFactory(name="Naaien")
    conversation = ConversationFactory(resident=resident, talents=[cooking], date=days_ago(10))
    ResidentTalentFactory(resident=resident, talent=cooking)
    client_for(personas.verbinder).post(
        url(conversation), form_data(conversation, talents=[sewing.pk])
    )
    assert list(conversation.talents.all()) == [sewing]
    offered = set(
        ResidentTalent.objects.filter(resident=resident, offered=True).values_list(
            "talent__name", flat=True
        )
    )
    assert offered == {"Koken", "Naaien"}


def test_a_later_date_confirms_the_offers_then_an_earlier_one_never_moves_them_back(personas):
    resident = own_resident(personas)
    link = ResidentTalentFactory(resident=resident, confirmed_on=days_ago(30))
    conversation = ConversationFactory(resident=resident, date=days_ago(20))
    link.refresh_from_db()
    assert link.confirmed_on == days_ago(20)
    client = client_for(personas.verbinder)
    client.post(url(conversation), form_data(conversation, date=days_ago(5).isoformat()))
    link.refresh_from_db()
    assert link.confirmed_on == days_ago(5)
    conversation.refresh_from_db()
    client.post(url(conversation), form_data(conversation, date=days_ago(25).isoformat()))
    conversation.refresh_from_db()
    link.refresh_from_db()
    assert (conversation.date, link.confirmed_on) == (days_ago(25), days_ago(5))


def test_a_new_follow_up_date_opens_the_follow_up_again(personas):
    conversation = ConversationFactory(
        resident=own_resident(personas), follow_up_on=days_ago(1), follow_up_done=True
    )
    client = client_for(personas.verbinder)
    client.post(url(conversation), form_data(conversation, summary="Zelfde datum"))
    conversation.refresh_from_db()
    assert conversation.follow_up_done is True
    client.post(
        url(conversation), form_data(conversation, follow_up_on=timezone.localdate().isoformat())
    )
    conversation.refresh_from_db()
    assert conversation.follow_up_done is False


def test_the_second_verbinder_gets_the_conflict_page_with_both_versions(personas):
    conversation = ConversationFactory(
        resident=own_resident(personas), summary="Eerste versie", kind=ConversationKind.TALENT
    )
    stale = form_data(conversation)
    client_for(colleague(personas)).post(
        url(conversation), form_data(conversation, summary="Versie van Fatima")
    )

    response = client_for(personas.verbinder).post(
        url(conversation), {**stale, "summary": "Mijn typwerk", "kind": ConversationKind.PHONE}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Wat u invulde" in body
    assert "Nu opgeslagen (door Fatima Bakker" in body
    assert "Versie van Fatima" in body  # what is saved now
    assert "Mijn typwerk</textarea>" in body  # what they typed, still in the form
    assert "telefoongesprek" in body  # the typed kind, shown by its label
    assert 'name="version" value="2"' in body
    conversation.refresh_from_db()
    assert (conversation.summary, conversation.version) == ("Versie van Fatima", 2)
    assert audit_actions(conversation) == ["conversation.update"]


def test_saving_again_on_purpose_after_the_conflict_works(personas):
    conversation = ConversationFactory(resident=own_resident(personas))
    stale = form_data(conversation)
    client_for(colleague(personas)).post(url(conversation), form_data(conversation, summary="A"))
    client = client_for(personas.verbinder)
    assert client.post(url(conversation), {**stale, "summary": "B"}).status_code == 409
    response = client.post(url(conversation), {**stale, "summary": "B", "version": 2})
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert (conversation.summary, conversation.version) == ("B", 3)


def test_a_missing_or_malformed_version_is_never_an_overwrite_nor_a_500(personas):
    conversation = ConversationFactory(resident=own_resident(personas), summary="Blijft")
    client = client_for(personas.verbinder)
    assert (
        client.post(url(conversation), form_data(conversation, summary="X", version="")).status_code
        == 409
    )
    response = client.post(url(conversation), form_data(conversation, summary="X", version="abc"))
    assert response.status_code == 200
    assert "Dit formulier is verouderd" in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.summary == "Blijft"


def test_bad_input_keeps_what_was_typed(personas):
    conversation = ConversationFactory(resident=own_resident(personas))
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client_for(personas.verbinder).post(
        url(conversation), form_data(conversation, date=tomorrow, summary="Getypt")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "niet in de toekomst" in body
    assert "Getypt</textarea>" in body


def test_the_correction_page_uses_a_flat_number_of_queries(personas):
    resident = own_resident(personas)
    conversation = ConversationFactory(resident=resident)

    def add_rows(n):
        talents = [TalentFactory() for _ in range(n)]
        conversation.talents.add(*talents)
        for _ in range(n):
            ConversationFactory(resident=resident)

    assert_queries_flat(client_for(personas.verbinder), url(conversation), add_rows)


def test_an_erased_resident_s_conversation_cannot_be_corrected_nor_written_back(personas):
    from talents.privacy import erase

    conversation = ConversationFactory(resident=own_resident(personas), summary="Geheim")
    stale = form_data(conversation)
    erase(conversation.resident, by=personas.verbinder)
    client = client_for(personas.verbinder)
    response = client.post(url(conversation), {**stale, "summary": "Geheim"}, follow=True)
    assert "een gesprek corrigeren kan niet meer" in response.content.decode()
    conversation.refresh_from_db()
    assert (conversation.summary, conversation.version) == ("", 2)
    page = client.get(conversation.resident.get_absolute_url()).content.decode()
    assert url(conversation) not in page
