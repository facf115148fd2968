"""Every page that shows a resident's personal data writes an audit entry: who, what, which
resident, when and from where (the client address behind the proxy, ``audit.client_ip``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone

from buurtinbloei.models import AuditEvent
from tests.conftest import client_for
from tests.factories import (
    ConversationFactory,
    MatchFactory,
    RequestFactory,
    ResidentFactory,
    SignUpFactory,
)
from tests.networks.support import own_buurt

pytestmark = pytest.mark.django_db

CLIENT = "203.0.113.50"
PROXY = "10.0.0.2"


@dataclass(frozen=True)
class Page:
    #: Makes what the page shows; gives (url, expected action, object type, object id, details).
    make: Callable[[object], tuple[str, str, str, int, dict]]
    persona: str = "verbinder"


def _resident(personas, suffix: str, action: str = "resident.view"):
    resident = ResidentFactory(buurt=own_buurt())
    ConversationFactory(resident=resident)
    return (f"/inwoners/{resident.pk}/{suffix}", action, "talents.resident", resident.pk, {})


def _conversation_edit(personas):
    resident = ResidentFactory(buurt=own_buurt())
    conversation = ConversationFactory(resident=resident)
    url = f"/inwoners/{resident.pk}/gesprekken/{conversation.pk}/corrigeren/"
    return (url, "resident.view", "talents.resident", resident.pk, {})


def _request(personas):
    obj = RequestFactory(resident=ResidentFactory(buurt=own_buurt()))
    return (
        f"/hulpvragen/{obj.pk}/",
        "request.view",
        "matches.request",
        obj.pk,
        {"resident": obj.resident_id},
    )


def _match(personas):
    match = MatchFactory(
        resident_a=ResidentFactory(buurt=own_buurt()),
        resident_b=ResidentFactory(buurt=own_buurt()),
        verbinder=personas.verbinder,
    )
    return (
        f"/matches/{match.pk}/",
        "match.view",
        "matches.match",
        match.pk,
        {"resident_a": match.resident_a_id, "resident_b": match.resident_b_id},
    )


def _signup(personas):
    signup = SignUpFactory(buurt=own_buurt())
    return (f"/aanmeldingen/{signup.pk}/", "signup.view", "talents.signup", signup.pk, {})


def _training(personas):
    from tests.trainings.factories import TrainingParticipantFactory

    participant = TrainingParticipantFactory(training__wijkteam=personas.own_wijkteam)
    training = participant.training
    return (f"/trainingen/{training.pk}/", "training.view", "trainings.training", training.pk, {})


def _participant(personas):
    from tests.trainings.factories import TrainingParticipantFactory

    p = TrainingParticipantFactory(training__wijkteam=personas.own_wijkteam)
    return (
        f"/trainingen/{p.training_id}/deelnemers/{p.pk}/",
        "training.participant_view",
        "trainings.trainingparticipant",
        p.pk,
        {"resident": p.resident_id},
    )


PAGES = {
    "resident page": Page(lambda p: _resident(p, "")),
    "resident page, coördinator": Page(lambda p: _resident(p, ""), persona="coordinator"),
    "conversations": Page(lambda p: _resident(p, "gesprekken/")),
    "edit form": Page(lambda p: _resident(p, "bewerken/")),
    "conversation correction": Page(_conversation_edit),
    "talents section": Page(lambda p: _resident(p, "talenten/")),
    "requests section": Page(lambda p: _resident(p, "hulpvragen/")),
    "suggestions for a resident": Page(
        lambda p: _resident(p, "past-bij/", action="resident.suggestions")
    ),
    "talent card": Page(lambda p: _resident(p, "talentkaart/", action="resident.talent_card")),
    "trainings section": Page(lambda p: _resident(p, "trainingen/")),
    "training": Page(_training),
    "training participant": Page(_participant),
    "request": Page(_request),
    "match": Page(_match),
    "sign-up": Page(_signup),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_reading_a_page_with_personal_data_is_audited(personas, settings, name):
    settings.BEHIND_TLS_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    page = PAGES[name]
    user = getattr(personas, page.persona)
    url, action, object_type, object_id, details = page.make(personas)
    before = timezone.now()
    response = client_for(user).get(
        url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"198.51.100.1, {CLIENT}"
    )
    assert response.status_code == 200, (url, response.status_code)
    event = AuditEvent.objects.filter(action=action).order_by("-pk").first()
    assert event is not None, f"{url} wrote no {action}"
    assert event.actor == user  # who
    assert (event.object_type, event.object_id) == (object_type, str(object_id))  # what, whom
    assert event.at >= before  # when
    assert event.ip == CLIENT  # from where: the client, not the proxy or what it claimed
    for key, value in details.items():
        assert event.details.get(key) == value


def test_a_partners_list_of_referrals_is_audited(personas):
    response = client_for(personas.partner).get("/verwijzen/mijn/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="referral.list", actor=personas.partner).exists()


def test_a_page_refused_writes_no_view_entry(personas):
    resident = ResidentFactory(buurt=own_buurt())
    response = client_for(personas.other_verbinder).get(f"/inwoners/{resident.pk}/")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="resident.view").exists()
