"""The rights pages make the same number of queries however much a resident has stored."""

from __future__ import annotations

import itertools

from django.urls import reverse
from django.utils import timezone

from buurtinbloei.models import AuditEvent
from talents.models import ConsentRecord, Talent
from tests.conftest import client_for, reauthenticated_client_for
from tests.factories import (
    ConversationFactory,
    RequestFactory,
    ResidentTalentFactory,
    StartedMatchFactory,
    TalentFactory,
)
from tests.queries import assert_queries_flat

from .support import full_resident

_serial = itertools.count()


def _grow(personas, resident):
    def add(n: int) -> None:
        cooking = Talent.objects.get(name="Koken")
        for _ in range(n):
            i = next(_serial)
            ConversationFactory(resident=resident, verbinder=personas.verbinder, sensitive=i % 2)
            ResidentTalentFactory(resident=resident, talent=TalentFactory(name=f"Talent {i}"))
            request = RequestFactory(resident=resident, talent=cooking)
            StartedMatchFactory(resident_a=resident, request=request, talent=cooking)
            ConsentRecord.objects.create(
                resident=resident, purpose="contact", text_version="1", given_at=timezone.now()
            )
            AuditEvent.objects.create(
                action="resident.view", object_type="talents.resident", object_id=str(resident.pk)
            )

    return add


def test_the_access_page_and_json_stay_flat(personas):
    resident, _request, _match = full_resident(personas)
    client = reauthenticated_client_for(personas.verbinder)
    url = reverse("talents:resident-access", kwargs={"pk": resident.pk})
    assert_queries_flat(client, url, _grow(personas, resident), large=8)
    assert_queries_flat(client, url + "?formaat=json", _grow(personas, resident), large=8)


def test_the_resident_page_with_consents_stays_flat(personas):
    resident, _request, _match = full_resident(personas)
    assert_queries_flat(
        client_for(personas.verbinder),
        resident.get_absolute_url(),
        _grow(personas, resident),
        large=8,
    )


def test_the_erase_and_consent_pages_stay_flat(personas):
    resident, _request, _match = full_resident(personas)
    consent = ConsentRecord.objects.get(resident=resident)
    client = reauthenticated_client_for(personas.verbinder)
    for url in (
        reverse("talents:resident-erase", kwargs={"pk": resident.pk}),
        reverse("talents:consent-create", kwargs={"pk": resident.pk}),
        reverse("talents:consent-withdraw", kwargs={"pk": resident.pk, "consent_pk": consent.pk}),
    ):
        assert_queries_flat(client, url, _grow(personas, resident), large=5)
