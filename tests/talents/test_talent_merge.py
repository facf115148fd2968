"""Merging talents moves every link to the talent that stays, without duplicates."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from talents.models import Conversation, ResidentTalent, SignUp, Talent
from talents.services import talent_merge
from tests.conftest import client_for
from tests.factories import (
    ConversationFactory,
    ResidentTalentFactory,
    SignUpFactory,
    TalentFactory,
)

from .staff import audit_actions, own_resident


@pytest.fixture
def talents(personas):
    return (
        TalentFactory(name="Kokkerellen", approved=False, proposed_by=personas.verbinder),
        Talent.objects.get(name="Koken"),
    )


def test_it_moves_resident_conversation_and_signup_links(personas, talents):
    source, target = talents
    only_source = own_resident(personas)
    both = own_resident(personas)
    ResidentTalentFactory(resident=only_source, talent=source, note="taart")
    ResidentTalentFactory(
        resident=both, talent=source, offered=False, wants_to_develop=True, note="wil leren"
    )
    ResidentTalentFactory(resident=both, talent=target, note="al goed")
    conversation = ConversationFactory(resident=both, talents=[source, target])
    signup = SignUpFactory(talents=[source])

    talent_merge(source=source, target=target, by=personas.beheerder)

    assert not Talent.objects.filter(pk=source.pk).exists()
    assert ResidentTalent.objects.get(resident=only_source).talent == target
    kept = ResidentTalent.objects.get(resident=both)
    assert (kept.offered, kept.wants_to_develop, kept.note) == (True, True, "al goed; wil leren")
    assert list(Conversation.objects.get(pk=conversation.pk).talents.all()) == [target]
    assert list(SignUp.objects.get(pk=signup.pk).talents.all()) == [target]
    assert audit_actions(target) == ["talent.merge"]


def test_a_talent_cannot_be_merged_into_itself(personas, talents):
    with pytest.raises(ValueError):
        talent_merge(source=talents[1], target=talents[1], by=personas.beheerder)


def test_the_admin_action_asks_which_talent_stays_and_then_merges(personas, talents):
    source, target = talents
    ResidentTalentFactory(resident=own_resident(personas), talent=source)
    client = client_for(personas.beheerder)
    url = reverse("admin:talents_talent_changelist")
    selected = {"action": "merge", ACTION_CHECKBOX_NAME: [source.pk, target.pk]}
    ask = client.post(url, selected)
    assert ask.status_code == 200
    assert "Kies welk talent blijft" in ask.content.decode()
    done = client.post(url, {**selected, "apply": "1", "target": target.pk})
    assert done.status_code == 302
    assert not Talent.objects.filter(pk=source.pk).exists()
    assert ResidentTalent.objects.get().talent == target


def test_the_admin_approves_proposals(personas, talents):
    source, _ = talents
    client_for(personas.beheerder).post(
        reverse("admin:talents_talent_changelist"),
        {"action": "approve", ACTION_CHECKBOX_NAME: [source.pk]},
    )
    source.refresh_from_db()
    assert source.approved


def test_a_beheerder_renames_a_talent_in_the_admin(personas, talents):
    source, _ = talents
    response = client_for(personas.beheerder).post(
        reverse("admin:talents_talent_change", args=[source.pk]),
        {"name": "Koken met kinderen", "category": "cooking", "approved": "on"},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.name, source.approved) == ("Koken met kinderen", True)
