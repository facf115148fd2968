"""Impact stories: consent per quoted or shown person, a withdrawn consent takes the story out of
the report at once, photos without metadata outside the web root, staff only, reads audited."""

from __future__ import annotations

import io
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from buurtinbloei.models import AuditEvent
from buurtinbloei.registry import contributions
from stories.models import Story, StoryPerson
from tests.conftest import client_for
from tests.factories import (
    ActivityFactory,
    CoreTeamFactory,
    CoreTeamMemberFactory,
    ResidentFactory,
    StartedMatchFactory,
)
from tests.networks.support import own_buurt
from tests.queries import assert_queries_flat

from .factories import StoryFactory, StoryPersonFactory

pytestmark = pytest.mark.django_db


def own_match(personas):
    buurt = own_buurt()
    return StartedMatchFactory(
        resident_a=ResidentFactory(buurt=buurt, first_name="Fatima"),
        resident_b=ResidentFactory(buurt=buurt, first_name="Kees"),
        verbinder=personas.verbinder,
    )


def photo_upload(name="IMG_2041_Fatima.jpg", fmt="JPEG") -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 480), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "SpyPhone Inc"  # Make
    exif[0x0110] = "SpyPhone 12"  # Model
    exif[0x010E] = "Thuis bij Fatima, Kruisstraat 12"  # ImageDescription
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def story_data(**changes) -> dict:
    return {
        "title": "Samen naar de moestuin",
        "happened_on": "2026-11-01",
        "text": "Fatima en Kees werken nu elke dinsdag samen in de moestuin.",
        "quote": "Ik wist niet dat ik dit kon.",
        "photo_description": "",
        **changes,
    }


def report_url(personas, **params) -> str:
    query = {"wijkteam": personas.own_wijkteam.pk, "period": "jaar", "year": "2026", **params}
    return reverse("stories:story-report") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def in_report(client, personas, story) -> bool:
    response = client.get(report_url(personas))
    assert response.status_code == 200
    return story.title in response.content.decode()


def test_a_story_about_a_match_is_written_and_needs_consent_for_the_report(personas):
    match = own_match(personas)
    client = client_for(personas.verbinder)
    url = reverse("stories:story-create", args=["match", match.pk])
    response = client.post(url, story_data())
    story = Story.objects.get()
    assert response.status_code == 302
    assert response.url == story.get_absolute_url()
    assert (story.match, story.wijkteam, story.buurt) == (
        match,
        personas.own_wijkteam,
        match.resident_a.buurt,
    )
    # A quote with nobody who consented to it: not in any report.
    assert not in_report(client, personas, story)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Komt in geen rapport" in page

    response = client.post(
        reverse("stories:person-add", args=[story.pk]),
        {
            "resident": match.resident_a.pk,
            "name": "",
            "quoted": "on",
            "consent_on": "2026-11-02",
            "channel": "in_person",
            "confirmed": "on",
        },
    )
    assert response.status_code == 302
    person = StoryPerson.objects.get()
    assert (person.resident, person.name, person.recorded_by) == (
        match.resident_a,
        "Fatima",
        personas.verbinder,
    )
    assert in_report(client, personas, story)
    # The coördinator sees the report with the story too.
    assert in_report(client_for(personas.coordinator), personas, story)


def test_a_withdrawn_consent_takes_the_story_out_of_the_report_at_once(personas):
    story = StoryFactory(about=own_match(personas), quote="Het is fijn om erbij te horen.")
    person = StoryPersonFactory(story=story, name="Fatima")
    coordinator = client_for(personas.coordinator)
    assert in_report(coordinator, personas, story)

    response = client_for(personas.verbinder).post(
        reverse("stories:person-withdraw", args=[story.pk, person.pk])
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.withdrawn_at is not None and person.withdrawn_by == personas.verbinder
    assert not in_report(coordinator, personas, story)
    assert AuditEvent.objects.filter(action="story.consent_withdrawn").count() == 1
    # Consent given again by the same person does not bring the story back: the withdrawal
    # stands until someone deletes or rewrites the story.
    StoryPersonFactory(story=story, name="Fatima")
    assert not in_report(coordinator, personas, story)


def test_a_story_without_quote_or_photo_needs_no_one_to_consent(personas):
    story = StoryFactory(about=own_match(personas), quote="")
    assert in_report(client_for(personas.coordinator), personas, story)


def test_the_report_keeps_to_its_period_and_wijkteam(personas):
    story = StoryFactory(about=own_match(personas))
    client = client_for(personas.coordinator)
    assert in_report(client, personas, story)
    assert (
        story.title
        not in client.get(
            report_url(personas, wijkteam=personas.other_wijkteam.pk)
        ).content.decode()
    )
    assert story.title not in client.get(report_url(personas, year="2025")).content.decode()


def test_the_photo_loses_its_metadata_and_lives_outside_the_web_root(personas):
    match = own_match(personas)
    client = client_for(personas.verbinder)
    response = client.post(
        reverse("stories:story-create", args=["match", match.pk]),
        story_data(photo=photo_upload(), photo_description="Twee mensen in een moestuin"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    story = Story.objects.get()
    stored = Path(story.photo.path)
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not stored.is_relative_to(Path(settings.STATIC_ROOT))
    assert "Fatima" not in stored.name  # the uploaded file's name is not kept
    data = stored.read_bytes()
    assert b"SpyPhone" not in data and b"Kruisstraat" not in data
    with Image.open(stored) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert image.size == (640, 480)

    photo_url = reverse("stories:story-photo", args=[story.pk])
    response = client.get(photo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == data
    assert AuditEvent.objects.filter(action="story.photo_view", object_id=str(story.pk)).exists()


def test_a_photo_is_shown_to_staff_only_and_in_the_report_only_with_consent(personas):
    match = own_match(personas)
    client_for(personas.verbinder).post(
        reverse("stories:story-create", args=["match", match.pk]),
        story_data(quote="", photo=photo_upload(), photo_description="Een moestuin"),
    )
    story = Story.objects.get()
    url = reverse("stories:story-photo", args=[story.pk])
    answers = {
        name: (client_for(user).get(url).status_code) for name, user in personas.as_dict().items()
    }
    # Nobody on the photo has consented yet: only the wijkteam's verbinders see it.
    assert answers == {
        "anonymous": 302,
        "partner": 404,
        "other_verbinder": 404,
        "verbinder": 200,
        "coordinator": 404,
        "beheerder": 404,
    }
    StoryPersonFactory(story=story, quoted=False, shown=True)
    assert client_for(personas.coordinator).get(url).status_code == 200
    assert client_for(personas.partner).get(url).status_code == 404
    assert client_for(personas.beheerder).get(url).status_code == 404


def test_a_file_that_is_no_photo_is_refused_in_dutch_and_the_text_is_kept(personas):
    match = own_match(personas)
    fake = SimpleUploadedFile("foto.jpg", b"<?php echo 'hallo'; ?>", content_type="image/jpeg")
    response = client_for(personas.verbinder).post(
        reverse("stories:story-create", args=["match", match.pk]),
        story_data(photo=fake, photo_description="x"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dit bestand is geen foto die we kunnen lezen" in page
    assert "Samen naar de moestuin" in page and "elke dinsdag" in page
    assert not Story.objects.exists()


def test_a_photo_needs_a_description(personas):
    match = own_match(personas)
    response = client_for(personas.verbinder).post(
        reverse("stories:story-create", args=["match", match.pk]),
        story_data(photo=photo_upload()),
    )
    assert response.status_code == 200
    assert "Beschrijf in een paar woorden" in response.content.decode()
    assert not Story.objects.exists()


def test_a_person_form_with_mistakes_keeps_what_was_typed(personas):
    story = StoryFactory(about=own_match(personas), quote="Mooi!")
    response = client_for(personas.verbinder).post(
        reverse("stories:person-add", args=[story.pk]),
        {"name": "Jantine", "consent_on": "morgen", "channel": "in_person"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Jantine"' in page
    assert "Vink aan dat de persoon toestemming heeft gegeven." in page
    assert "Kies of deze persoon geciteerd wordt" in page
    assert not StoryPerson.objects.exists()


def test_a_story_about_a_kernteam_activity_picks_its_people_from_the_members(personas):
    team = CoreTeamFactory(buurt=own_buurt())
    member = CoreTeamMemberFactory(core_team=team)
    activity = ActivityFactory(core_team=team)
    client = client_for(personas.verbinder)
    url = reverse("stories:story-create", args=["kernteam", team.pk])
    page = client.get(url).content.decode()
    assert activity.title in page
    response = client.post(url, story_data(quote="", activity=activity.pk))
    assert response.status_code == 302
    story = Story.objects.get()
    assert (story.activity, story.core_team, story.wijkteam) == (
        activity,
        None,
        personas.own_wijkteam,
    )
    assert member.resident.first_name in client.get(story.get_absolute_url()).content.decode()
    section = client.get(reverse("stories:coreteam-stories", args=[team.pk])).content.decode()
    assert story.title in section


def test_editing_replaces_the_photo_and_deleting_removes_the_file(
    personas, django_capture_on_commit_callbacks
):
    match = own_match(personas)
    client = client_for(personas.verbinder)
    client.post(
        reverse("stories:story-create", args=["match", match.pk]),
        story_data(photo=photo_upload(), photo_description="Een moestuin"),
    )
    story = Story.objects.get()
    first = Path(story.photo.path)
    # The edit form shows no link to the file (it has none) and offers to take the photo off.
    form = client.get(reverse("stories:story-edit", args=[story.pk]))
    assert form.status_code == 200
    assert "Foto weghalen" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("stories:story-edit", args=[story.pk]),
            story_data(
                title="Nieuwe titel",
                photo=photo_upload(),
                photo_description="Anders",
                version=1,
            ),
        )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "Nieuwe titel"
    assert not first.exists() and Path(story.photo.path).exists()
    second = Path(story.photo.path)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("stories:story-edit", args=[story.pk]),
            story_data(remove_photo="on", photo_description="Anders", version=2),
        )
    story.refresh_from_db()
    assert not story.photo and not second.exists()
    third = client.post(
        reverse("stories:story-edit", args=[story.pk]),
        story_data(photo=photo_upload(), photo_description="Weer een", version=3),
    )
    assert third.status_code == 302
    story.refresh_from_db()
    second = Path(story.photo.path)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("stories:story-delete", args=[story.pk]))
    assert not Story.objects.exists()
    assert not second.exists()


def test_reads_are_audited(personas):
    story = StoryFactory(about=own_match(personas))
    client = client_for(personas.verbinder)
    client.get(story.get_absolute_url())
    client.get(report_url(personas))
    assert AuditEvent.objects.filter(action="story.view", object_id=str(story.pk)).exists()
    report = AuditEvent.objects.get(action="story.report")
    assert report.details["stories"] == [story.pk]


def test_a_residents_export_and_erasure_include_their_stories(personas):
    match = own_match(personas)
    story = StoryFactory(about=match, quote="Eindelijk!")
    StoryPersonFactory(story=story, resident=match.resident_a, name="Fatima")
    data = next(c.resident_data for c in contributions() if c.app_label == "stories")
    exported = data.export(match.resident_a)
    assert exported["stories"][0]["quote"] == "Eindelijk!"
    assert data.audit_subjects(match.resident_a) == {"stories.story": [story.pk]}
    data.erase(match.resident_a, by=personas.verbinder)
    assert not Story.objects.exists()


def test_pages_stay_flat_as_stories_grow(personas):
    match = own_match(personas)
    client = client_for(personas.verbinder)

    def add(n):
        for _ in range(n):
            story = StoryFactory(about=match, quote="Ja!")
            StoryPersonFactory(story=story)

    assert_queries_flat(client, reverse("stories:story-list"), add)
    assert_queries_flat(client, report_url(personas), add)
    assert_queries_flat(client, reverse("stories:match-stories", args=[match.pk]), add)
    story = StoryFactory(about=match, quote="Ja!")
    assert_queries_flat(
        client, story.get_absolute_url(), lambda n: StoryPersonFactory.create_batch(n, story=story)
    )


def test_the_demo_seeder_writes_stories_with_and_without_consent(personas):
    import random

    from faker import Faker

    from stories.demo import seed

    own_match(personas)
    member = CoreTeamMemberFactory(core_team=CoreTeamFactory(buurt=own_buurt()))
    seed(rng=random.Random(1), fake=Faker("nl_NL"), stdout=io.StringIO(), scale="demo")
    assert Story.objects.filter(match__isnull=False).exists()
    assert Story.objects.filter(core_team=member.core_team).exists()
    count = Story.objects.count()
    seed(rng=random.Random(1), fake=Faker("nl_NL"), stdout=io.StringIO(), scale="demo")
    assert Story.objects.count() == count


def _encoded(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 30)).save(out, format=fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    "name,content",
    [
        ("foto.jpg", _encoded("GIF")),
        ("foto.jpg", _encoded("BMP")),
        ("foto.jpg", _encoded("TIFF")),
        ("foto.jpg", b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n%%EOF\n"),
    ],
    ids=["gif", "bmp", "tiff", "eps"],
)
def test_only_jpeg_and_png_are_decoded(personas, name, content):
    """Pillow knows dozens of formats; an upload reaches only the JPEG and PNG decoders (EPS
    would go to Ghostscript, where that is installed)."""
    match = own_match(personas)
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    with mock.patch("PIL.EpsImagePlugin.Ghostscript", side_effect=AssertionError("Ghostscript")):
        response = client_for(personas.verbinder).post(
            reverse("stories:story-create", args=["match", match.pk]),
            story_data(photo=upload, photo_description="x"),
        )
    assert response.status_code == 200
    assert "Dit bestand is geen foto die we kunnen lezen" in response.content.decode()
    assert not Story.objects.exists()


def test_a_png_and_a_phones_multi_picture_jpeg_are_still_taken(personas):
    match = own_match(personas)
    mpo = io.BytesIO()
    frame = Image.new("RGB", (40, 30), (10, 200, 30))
    frame.save(mpo, format="MPO", save_all=True, append_images=[frame])
    client = client_for(personas.verbinder)
    for content in (_encoded("PNG"), mpo.getvalue()):
        upload = SimpleUploadedFile("foto.jpg", content, content_type="image/jpeg")
        response = client.post(
            reverse("stories:story-create", args=["match", match.pk]),
            story_data(photo=upload, photo_description="x"),
        )
        assert response.status_code == 302
    assert Story.objects.exclude(photo="").count() == 2
