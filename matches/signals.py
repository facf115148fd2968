"""A sign-up that asks for help becomes a request the moment it gets a resident.

The inbox (talents) links a sign-up to a resident or makes a new one; talents knows nothing of
requests (the layering in DESIGN.md), so this app listens for the sign-up being saved with a
resident. Before this, the help text of such a sign-up was lost once it became a resident."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from talents.models import SignUp

from .services.requests import request_from_signup


@receiver(post_save, sender=SignUp, dispatch_uid="matches.request_from_signup")
def signup_saved(sender, instance: SignUp, raw: bool = False, update_fields=None, **kwargs):
    if raw or instance.resident_id is None:
        return
    if update_fields is not None and "resident" not in update_fields:
        return
    request_from_signup(signup=instance, by=instance.taken_by)
