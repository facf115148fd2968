"""Every edit form works the same way when two people save at once (buurtinbloei/conflicts.py):
the second gets status 409 with what they typed next to what is saved now (and by whom), the
form keeps what they typed with the new version, saving again on purpose works, and nothing
is ever overwritten silently. The resident and conversation edits have their own tests."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone

from matches.services.matches import match_start
from tests.conftest import client_for
from tests.factories import (
    CoreTeamFactory,
    MatchFactory,
    OntwikkelplaatsFactory,
    OrganisationFactory,
    RequestFactory,
    ResidentFactory,
    StartedMatchFactory,
    StudentHouseFactory,
    UserFactory,
)
from tests.networks.support import own_buurt
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Edit:
    make: Callable[[], object]
    url: str
    data: Callable[[object], dict]
    #: the field a person changes, what the colleague saves, what this person types
    field: str
    theirs: str
    mine: str


def _place_data(place) -> dict:
    return {
        "organisation": place.organisation_id,
        "title": place.title,
        "kind": place.kind,
        "places": place.places,
        "places_taken": place.places_taken,
        "buurt": place.buurt_id,
        "active": "on",
    }


def _house_data(house) -> dict:
    return {
        "name": house.name,
        "buurt": house.buurt_id,
        "availability": "najaar 2026: ma avond",
        "contact_name": house.contact_name,
        "contact_email": house.contact_email,
        "active": "on",
    }


def _own_story():
    buurt = own_buurt()
    match = StartedMatchFactory(
        resident_a=ResidentFactory(buurt=buurt), resident_b=ResidentFactory(buurt=buurt)
    )
    return StoryFactory(about=match)


def _story_data(story) -> dict:
    return {
        "title": story.title,
        "happened_on": story.happened_on.isoformat(),
        "text": story.text,
        "quote": "",
        "photo_description": "",
    }


EDITS = {
    "organisation": Edit(
        make=lambda: OrganisationFactory(buurt=own_buurt(), kind="school"),
        url="/organisaties/{pk}/bewerken/",
        data=lambda o: {"name": o.name, "kind": o.kind, "buurt": o.buurt_id},
        field="name",
        theirs="Speeltuin De Vlinder",
        mine="Speeltuin Vlinder",
    ),
    "ontwikkelplaats": Edit(
        make=lambda: OntwikkelplaatsFactory(organisation__buurt=own_buurt()),
        url="/ontwikkelplaatsen/{pk}/bewerken/",
        data=_place_data,
        field="title",
        theirs="Gastvrouw op dinsdag",
        mine="Gastheer op woensdag",
    ),
    "kernteam": Edit(
        make=lambda: CoreTeamFactory(buurt=own_buurt()),
        url="/kernteams/{pk}/bewerken/",
        data=lambda t: {"name": t.name, "buurt": t.buurt_id, "coach": "", "description": ""},
        field="description",
        theirs="Samen de speeltuin opknappen",
        mine="Een taalcafé op vrijdag",
    ),
    "hulpvraag": Edit(
        make=lambda: RequestFactory(resident=ResidentFactory(buurt=own_buurt())),
        url="/hulpvragen/{pk}/bewerken/",
        data=lambda r: {"talent": r.talent_id, "help_theme": "", "description": r.description},
        field="description",
        theirs="Samen boodschappen doen op maandag",
        mine="Hulp bij het invullen van formulieren",
    ),
    "studentenhuis": Edit(
        make=lambda: StudentHouseFactory(buurt=own_buurt()),
        url="/studentenhuizen/{pk}/bewerken/",
        data=_house_data,
        field="name",
        theirs="Huize Kraakpand",
        mine="Huize De Zolder",
    ),
    "verhaal": Edit(
        make=_own_story,
        url="/verhalen/{pk}/bewerken/",
        data=_story_data,
        field="title",
        theirs="Samen naar de moestuin",
        mine="Elke dinsdag in de moestuin",
    ),
}


@pytest.fixture
def colleague(personas):
    return UserFactory(wijkteams=[personas.own_wijkteam], first_name="Fatima", last_name="Bakker")


def _url(edit: Edit, obj) -> str:
    return edit.url.format(pk=obj.pk)


@pytest.mark.parametrize("name", list(EDITS))
def test_the_form_carries_the_version(personas, name):
    edit = EDITS[name]
    obj = edit.make()
    body = client_for(personas.verbinder).get(_url(edit, obj)).content.decode()
    assert 'name="version" value="1"' in body


@pytest.mark.parametrize("name", list(EDITS))
def test_the_second_to_save_gets_both_versions_and_keeps_what_they_typed(personas, colleague, name):
    edit = EDITS[name]
    obj = edit.make()
    stale = {**edit.data(obj), "version": 1}
    first = client_for(colleague).post(_url(edit, obj), {**stale, edit.field: edit.theirs})
    assert first.status_code == 302

    response = client_for(personas.verbinder).post(
        _url(edit, obj), {**stale, edit.field: edit.mine}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Wat u invulde" in body
    assert "Nu opgeslagen (door Fatima Bakker" in body
    assert edit.theirs in body  # what is saved now
    assert body.count(edit.mine) >= 2  # in the comparison and, still, in the form
    assert 'name="version" value="2"' in body
    assert "Mijn wijzigingen weggooien" in body
    obj.refresh_from_db()
    assert (getattr(obj, edit.field), obj.version) == (edit.theirs, 2)  # no silent overwrite


@pytest.mark.parametrize("name", list(EDITS))
def test_saving_again_on_purpose_saves_the_typed_version(personas, colleague, name):
    edit = EDITS[name]
    obj = edit.make()
    stale = {**edit.data(obj), "version": 1}
    client_for(colleague).post(_url(edit, obj), {**stale, edit.field: edit.theirs})
    client = client_for(personas.verbinder)
    assert client.post(_url(edit, obj), {**stale, edit.field: edit.mine}).status_code == 409
    again = client.post(_url(edit, obj), {**stale, edit.field: edit.mine, "version": 2})
    assert again.status_code == 302
    obj.refresh_from_db()
    assert (getattr(obj, edit.field), obj.version) == (edit.mine, 3)


@pytest.mark.parametrize("name", list(EDITS))
def test_a_missing_or_malformed_version_never_overwrites_nor_errors(personas, name):
    edit = EDITS[name]
    obj = edit.make()
    before = getattr(obj, edit.field)
    client = client_for(personas.verbinder)
    data = {**edit.data(obj), edit.field: edit.mine}
    assert client.post(_url(edit, obj), data).status_code == 409
    malformed = client.post(_url(edit, obj), {**data, "version": "abc"})
    assert malformed.status_code == 200
    assert "Dit formulier is verouderd" in malformed.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, edit.field) == before


def test_a_match_starting_at_the_place_while_it_is_edited_is_never_written_back(personas):
    place = OntwikkelplaatsFactory(organisation__buurt=own_buurt(), places=2)
    stale = {**_place_data(place), "version": place.version}
    match = MatchFactory(
        kind="resident_place",
        resident_a=ResidentFactory(buurt=own_buurt()),
        resident_b=None,
        place_b=place,
        verbinder=personas.verbinder,
        both_agreed_at=timezone.now(),
    )
    match_start(match=match, on=timezone.localdate(), by=personas.verbinder)
    response = client_for(personas.verbinder).post(
        f"/ontwikkelplaatsen/{place.pk}/bewerken/", {**stale, "title": "Nieuw"}
    )
    assert response.status_code == 409
    assert f"Nu opgeslagen (door {personas.verbinder.get_full_name()}" in response.content.decode()
    place.refresh_from_db()
    assert place.places_taken == 1


def test_a_change_the_audit_log_does_not_name_is_not_put_on_someone_else(personas, colleague):
    from buurtinbloei.conflicts import last_change
    from talents.models import Resident

    resident = ResidentFactory(buurt=own_buurt())
    client_for(colleague).post(
        f"/inwoners/{resident.pk}/bewerken/",
        {"first_name": "Anouk", "buurt": resident.buurt_id, "status": "new", "version": 1},
    )
    assert last_change(resident, ["resident.update"]).by == "Fatima Bakker"
    # Saved later by something that writes no resident.update (a conversation moving the status)
    later = timezone.now() + datetime.timedelta(minutes=5)
    Resident.objects.filter(pk=resident.pk).update(updated_at=later)
    resident.refresh_from_db()
    assert last_change(resident, ["resident.update"]) is None


def test_a_house_conflict_shows_the_availability_as_lines(personas, colleague):
    house = StudentHouseFactory(buurt=own_buurt())
    stale = {**_house_data(house), "version": 1}
    url = f"/studentenhuizen/{house.pk}/bewerken/"
    client_for(colleague).post(url, {**stale, "availability": "voorjaar 2027: zaterdag"})
    response = client_for(personas.verbinder).post(
        url, {**stale, "availability": "najaar 2026: wo avond"}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "voorjaar 2027: zaterdag" in body and "najaar 2026: wo avond" in body
    assert "'semester'" not in body  # lines as typed, never the stored rows
    house.refresh_from_db()
    assert house.availability == [{"semester": "voorjaar 2027", "when": "zaterdag"}]


def test_a_photo_sent_with_a_conflicting_story_edit_is_not_kept_and_the_page_says_so(
    personas, colleague, settings, tmp_path
):
    from stories.models import Story

    # A folder of its own: other tests' photos live in the shared test folder.
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    from tests.stories.test_stories import photo_upload

    story = _own_story()
    stale = {**_story_data(story), "version": 1}
    url = f"/verhalen/{story.pk}/bewerken/"
    client_for(colleague).post(url, {**stale, "title": "Samen naar de moestuin"})
    response = client_for(personas.verbinder).post(
        url,
        {**stale, "photo": photo_upload(), "photo_description": "Twee mensen in een moestuin"},
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "De foto die u koos, is niet opgeslagen" in body
    assert 'value="Twee mensen in een moestuin"' in body  # the typed description stays
    story = Story.objects.get(pk=story.pk)
    assert not story.photo and story.version == 2
    assert not _stored_photos()  # the file written before the refused save is gone again
    # Without a file, the conflict page does not talk about one.
    again = client_for(personas.verbinder).post(url, {**stale, "title": "Iets anders"})
    assert again.status_code == 409
    assert "De foto die u koos" not in again.content.decode()


def _stored_photos() -> list[str]:
    from stories.photos import private_storage

    if not private_storage.exists("stories"):
        return []
    return private_storage.listdir("stories")[1]
