"""A resident's part in the stories app, for the privacy tools (buurtinbloei/registry.py).

Stories count for no KPI, so erasure deletes every story the resident is quoted in or shown
on, with its photo: a story about someone who asked to be forgotten cannot be told without
them.
"""

from __future__ import annotations

from django.db import transaction

from .models import Story, StoryPerson


def _stories_of(resident):
    return Story.objects.filter(persons__resident=resident).distinct()


def export(resident) -> dict:
    roles = StoryPerson.objects.filter(resident=resident).select_related("story")
    return {
        "stories": [
            {
                "title": p.story.title,
                "happened_on": p.story.happened_on.isoformat(),
                "text": p.story.text,
                "quote": p.story.quote if p.quoted else "",
                "named_as": p.name,
                "quoted": p.quoted,
                "on_photo": p.shown,
                "consent_on": p.consent_on.isoformat(),
                "consent_how": p.get_channel_display(),
                "withdrawn_at": p.withdrawn_at.isoformat() if p.withdrawn_at else None,
            }
            for p in roles.order_by("story__happened_on", "pk")
        ]
    }


def erase(resident, *, by) -> None:
    for story in _stories_of(resident):
        photo = story.photo.name if story.photo else ""
        storage = story.photo.storage
        story.delete()
        if photo:
            transaction.on_commit(lambda name=photo, s=storage: s.delete(name))


def audit_subjects(resident) -> dict[str, list]:
    return {Story._meta.label_lower: list(_stories_of(resident).values_list("pk", flat=True))}
