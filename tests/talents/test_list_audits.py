"""Lists that show names are audited like the resident list (issue 7, item 14): the inbox and
the follow-ups panel, each read one event, naming no one and keeping no filter or search."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from buurtinbloei.models import AuditEvent
from tests.conftest import client_for
from tests.factories import ConversationFactory, SignUpFactory

from .staff import HTMX, own_resident


def only_event(action: str) -> AuditEvent:
    return AuditEvent.objects.get(action=action)


def test_every_look_at_the_inbox_is_audited(personas):
    signup = SignUpFactory(first_name="Yara", buurt=own_resident(personas).buurt)
    response = client_for(personas.verbinder).get(reverse("talents:inbox"), {"status": "all"})
    assert response.status_code == 200 and "Yara" in response.content.decode()
    event = only_event("signup.list")
    assert event.actor == personas.verbinder
    assert (event.object_type, event.object_id) == ("", "")
    assert str(signup.pk) not in event.object_id


def test_a_coordinators_look_at_the_inbox_is_audited_too(personas):
    client_for(personas.coordinator).get(reverse("talents:inbox"))
    assert only_event("signup.list").actor == personas.coordinator


def test_every_look_at_the_follow_ups_panel_is_audited(personas):
    resident = own_resident(personas, first_name="Kees")
    ConversationFactory(
        resident=resident,
        verbinder=personas.verbinder,
        next_step="Bellen over de moestuin",
        follow_up_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = client_for(personas.verbinder).get(reverse("talents:follow-ups-panel"), **HTMX)
    assert "Bellen over de moestuin" in response.content.decode()
    event = only_event("conversation.follow_up_list")
    assert event.actor == personas.verbinder
    assert (event.object_type, event.object_id) == ("", "")
