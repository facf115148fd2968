"""Staff forms that create something do it once, however often they are sent.

A verbinder on a tablet taps "Gesprek opslaan" twice; the browser sends the form twice. Like the
public forms (public_forms.py), every creating staff form carries a one-time token
(:class:`OnceFormMixin`): :func:`submit_once` claims the token in the same transaction that
creates the object, so the second submit finds the first one (even when both arrive at the same
moment: the unique token makes the second wait for the first, then fail to claim it) and the
view answers as if it had saved, without saving again. htmx forms also send one request at a
time (``hx-sync="this:drop"``) and disable their button while it runs (``hx-disabled-elt``).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SubmittedForm

T = TypeVar("T")

#: How long a token is remembered: longer than anyone waits for a second tap to arrive.
KEEP_FOR = datetime.timedelta(days=1)


class OnceFormMixin:
    """Adds the hidden one-time ``token``; a form shown again after an error keeps its token."""

    fields: dict
    initial: dict
    is_bound: bool

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["token"] = forms.UUIDField(required=False, widget=forms.HiddenInput)
        if not self.is_bound:
            self.initial["token"] = uuid.uuid4()


@dataclass(frozen=True)
class Submitted(Generic[T]):
    """What a submit did: ``created`` is the new object, or None when the form came before."""

    created: T | None
    earlier_url: str = ""

    @property
    def again(self) -> bool:
        return self.created is None


def submit_once(
    *, token: uuid.UUID | None, user, create: Callable[[], T], url_of: Callable[[T], str]
) -> Submitted[T]:
    """Run ``create()`` unless this token was submitted before; a form without a token (an old
    page still open in a browser) is created as it always was."""
    if token is None:
        return Submitted(create())
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = SubmittedForm.objects.create(token=token, user=user)
        except IntegrityError:
            earlier = SubmittedForm.objects.filter(token=token, user=user).first()
            return Submitted(None, earlier.result_url if earlier else "")
        created = create()
        claim.result_url = url_of(created)[:300]
        claim.save(update_fields=["result_url"])
        SubmittedForm.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()
    return Submitted(created)


def submitted_before(token: uuid.UUID | None, user) -> Submitted | None:
    """The earlier submit of this form, when there was one: a view that asks a question before
    creating (are these the same person?) asks it only once."""
    if token is None:
        return None
    earlier = SubmittedForm.objects.filter(token=token, user=user).first()
    return Submitted(None, earlier.result_url) if earlier else None
