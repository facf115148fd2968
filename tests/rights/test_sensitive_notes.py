"""A sensitive conversation reaches the wijkteam's verbinders and the resident's own access
export, nobody else, by no URL (issue 13): every URL pattern of the matrix is tried with every
object of the resident, as a page and as an htmx fragment, by a coördinator (re-authenticated,
so the access export would not stop at the password), a partner and another wijkteam's
verbinder; pages without an object (lists, panels, exports) by every persona."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from talents.models import ConsentRecord, Conversation
from tests.access import MATRIX
from tests.conftest import reauthenticated_client_for
from tests.factories import RequestFactory
from tests.talents.staff import HTMX

from .support import SENSITIVE, full_resident

#: The asks of the sensitive conversation, turned into a request ("requests made from it").
SENSITIVE_ASK = "Gevoelig-verzoek-Turkoois"


@pytest.fixture
def sensitive_world(personas):
    resident, request, match = full_resident(personas)
    conversation = Conversation.objects.get(resident=resident, sensitive=True)
    Conversation.objects.filter(pk=conversation.pk).update(asks=SENSITIVE_ASK)
    from_sensitive = RequestFactory(
        resident=resident, conversation=conversation, description=SENSITIVE_ASK
    )
    consent = ConsentRecord.objects.get(resident=resident)
    candidates = [
        {"pk": resident.pk},
        {"pk": conversation.pk},
        {"pk": request.pk},
        {"pk": from_sensitive.pk},
        {"pk": match.pk},
        {"pk": resident.pk, "consent_pk": consent.pk},
    ]
    return resident, candidates


def _urls(candidates) -> list[str]:
    urls = []
    for name in MATRIX:
        for kwargs in [{}, *candidates]:
            try:
                urls.append(reverse(name, kwargs=kwargs))
            except NoReverseMatch:
                continue
    return sorted(set(urls))


def _assert_clean(client, url, texts=(SENSITIVE, SENSITIVE_ASK)) -> None:
    for extra, params in (({}, {}), (HTMX, {}), ({}, {"formaat": "json"})):
        body = client.get(url, params, **extra).content.decode(errors="replace")
        for text in texts:
            assert text not in body, url


@pytest.mark.parametrize("who", ["coordinator", "partner", "other_verbinder"])
def test_no_url_shows_a_sensitive_note_to_anyone_outside_the_wijkteam(
    personas, sensitive_world, who
):
    _resident, candidates = sensitive_world
    client = reauthenticated_client_for(getattr(personas, who))
    urls = _urls(candidates)
    assert len(urls) > 100  # the walk really covers the app
    for url in urls:
        _assert_clean(client, url)


@pytest.mark.parametrize("who", ["coordinator", "beheerder"])
def test_no_page_without_an_object_carries_sensitive_notes(personas, sensitive_world, who):
    """Lists, panels and bulk exports."""
    client = reauthenticated_client_for(getattr(personas, who))
    for url in _urls([]):
        _assert_clean(client, url)


def test_no_list_or_export_carries_a_sensitive_conversation_even_for_its_verbinder(
    personas, sensitive_world
):
    """The wijkteam's verbinder reads a sensitive conversation on the resident's page only (and
    in the resident's access export). A request made from it keeps its text, which the own
    wijkteam's request list shows (matches/selectors_requests.py), so only the conversation's
    own note is checked here."""
    client = reauthenticated_client_for(personas.verbinder)
    for url in _urls([]):
        _assert_clean(client, url, texts=(SENSITIVE,))


def test_the_wijkteams_verbinder_reads_it_on_the_page_and_in_the_access_export(
    personas, sensitive_world
):
    resident, _candidates = sensitive_world
    client = reauthenticated_client_for(personas.verbinder)
    assert SENSITIVE in client.get(resident.get_absolute_url()).content.decode()
    access = reverse("talents:resident-access", kwargs={"pk": resident.pk})
    assert SENSITIVE in client.get(access).content.decode()
    assert SENSITIVE in client.get(access, {"formaat": "json"}).content.decode()
