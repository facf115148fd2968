"""Writing stories and recording consent: every change in one transaction with its audit event.

Photo files are written before their row; when the transaction fails the new file is deleted
again, and a replaced or removed photo's old file goes only after the commit.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from buurtinbloei.audit import record
from buurtinbloei.conflicts import save_if_unchanged

from .models import Story, StoryPerson

TEXT_FIELDS = ("title", "happened_on", "text", "quote", "photo_description")
#: What a story is about, and so its wijkteam and buurt (about_fields sets them).
ABOUT_COLUMNS = ("match_id", "core_team_id", "activity_id", "wijkteam_id", "buurt_id")


def about_fields(about) -> dict:
    """The story's link, wijkteam and buurt, from the match, kernteam or activity it is about."""
    from matches.models import Match
    from networks.models import Activity, CoreTeam

    if isinstance(about, Match):
        buurt = None
        if about.resident_a_id:
            buurt = about.resident_a.buurt
        elif about.place_a_id:
            buurt = about.place_a.buurt
        return {"match": about, "wijkteam_id": about.wijkteam_id, "buurt": buurt}
    if isinstance(about, Activity):
        buurt = about.core_team.buurt
        return {"activity": about, "wijkteam_id": buurt.wijk.wijkteam_id, "buurt": buurt}
    if isinstance(about, CoreTeam):
        buurt = about.buurt
        return {"core_team": about, "wijkteam_id": buurt.wijk.wijkteam_id, "buurt": buurt}
    raise TypeError(f"a story is not about a {type(about).__name__}")


@contextmanager
def _new_file_kept_only_on_success(story: Story, photo):
    """Write ``photo`` to the story's field; delete the file again if the block fails."""
    if photo is None:
        yield
        return
    story.photo.save(photo.name, photo, save=False)
    written = story.photo.name
    try:
        yield
    except BaseException:
        story.photo.storage.delete(written)
        raise


def story_create(*, about, data: dict, by, request=None) -> Story:
    fields = {name: data[name] for name in TEXT_FIELDS}
    story = Story(**fields, **about_fields(data.get("activity") or about), created_by=by)
    with _new_file_kept_only_on_success(story, data.get("photo")), transaction.atomic():
        story.save()
        record("story.create", story, request=request, actor=by)
    return story


def story_update(
    *, story: Story, data: dict, by, request=None, expected_version: int | None = None
) -> Story:
    """Save the changes only if nobody saved the story since ``expected_version``
    (:class:`~buurtinbloei.conflicts.StaleVersion` otherwise: then a new photo's file is
    deleted again and nothing is written; None: saved without a check)."""
    old_photo = story.photo.name if story.photo else ""
    for name in TEXT_FIELDS:
        setattr(story, name, data[name])
    if "activity" in data:
        about = data["activity"] or story.core_team or (story.activity and story.activity.core_team)
        if about is not None:
            story.match = story.core_team = story.activity = None
            for name, value in about_fields(about).items():
                setattr(story, name, value)
    photo = data.get("photo")
    if photo is None and data.get("remove_photo"):
        story.photo = ""
        story.photo_description = ""
    with _new_file_kept_only_on_success(story, photo), transaction.atomic():
        new_photo = story.photo.name if story.photo else ""
        values = {name: getattr(story, name) for name in TEXT_FIELDS}
        values.update(
            {name: getattr(story, name) for name in ABOUT_COLUMNS},
            photo=new_photo,
        )
        save_if_unchanged(Story, pk=story.pk, expected_version=expected_version, **values)
        record("story.update", story, request=request, actor=by)
        if old_photo and old_photo != new_photo:
            storage = story.photo.storage
            transaction.on_commit(lambda: storage.delete(old_photo))
    story.refresh_from_db()
    return story


def story_delete(*, story: Story, by, request=None) -> None:
    photo = story.photo.name if story.photo else ""
    storage = story.photo.storage
    with transaction.atomic():
        record("story.delete", story, request=request, actor=by)
        story.delete()
        if photo:
            transaction.on_commit(lambda: storage.delete(photo))


def person_add(*, story: Story, data: dict, by, request=None) -> StoryPerson:
    resident = data.get("resident")
    with transaction.atomic():
        person = StoryPerson.objects.create(
            story=story,
            resident=resident,
            name=data.get("name") or (resident.first_name if resident else ""),
            quoted=data["quoted"],
            shown=data["shown"],
            consent_on=data["consent_on"],
            channel=data["channel"],
            recorded_by=by,
        )
        record(
            "story.consent_given",
            story,
            request=request,
            actor=by,
            details={"person": person.pk, "resident": resident.pk if resident else None},
        )
    return person


def person_withdraw(*, person: StoryPerson, by, request=None) -> StoryPerson:
    """Withdraw a person's consent: the story leaves every report from the next request on."""
    with transaction.atomic():
        updated = StoryPerson.objects.filter(pk=person.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by=by
        )
        if updated:
            record(
                "story.consent_withdrawn",
                person.story,
                request=request,
                actor=by,
                details={"person": person.pk},
            )
    person.refresh_from_db()
    return person
