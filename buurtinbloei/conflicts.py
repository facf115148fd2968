"""Concurrent edits, one way for every edit form: optimistic locking with a version number.

A form carries the version it was opened on (:class:`VersionField`, hidden). The service saves
with :func:`save_if_unchanged` (``UPDATE ... WHERE version = expected``, ``version + 1``), which
raises :class:`StaleVersion` when someone saved in between. The view then answers
:func:`conflict_response`: status 409, the form again with what the person typed and the *new*
version (so "Opslaan" once more saves on purpose), and above it, per field that differs, "Wat u
invulde" next to "Nu opgeslagen" with who saved it and when (from the audit log). Nothing is
ever overwritten silently; a stale version never reaches the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: How long before ``updated_at`` the audit event of the same save may be written.
NAMED_CHANGE_SLACK = datetime.timedelta(seconds=5)

#: Fields of a form that are machinery, not content: never compared, never shown.
MACHINERY = frozenset({"version", "token"})

STALE_FORM = gettext_lazy("Dit formulier is verouderd. Open de pagina opnieuw.")


class StaleVersion(Exception):
    """Someone else saved this object after the form was opened (its version moved on)."""


class VersionField(forms.IntegerField):
    """The hidden version a form was opened on. Not required, so that a missing or wrong one
    is a clear Dutch message or a conflict page (edit views expect ``version or 0``, which
    never matches), never a bare "field required"."""

    def __init__(self, **kwargs) -> None:
        message = STALE_FORM
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        kwargs.setdefault(
            "error_messages", {"invalid": message, "min_value": message, "max_value": message}
        )
        super().__init__(**kwargs)


def save_if_unchanged(
    queryset: models.QuerySet | type[models.Model],
    *,
    pk: Any,
    expected_version: int | None,
    **values: Any,
) -> None:
    """Write ``values`` to row ``pk`` only if its version is still ``expected_version``, and
    raise the version by one; :class:`StaleVersion` otherwise. One statement, so two
    transactions racing on the same row cannot both pass: the second waits for the first's
    row lock, then finds the version moved on. ``updated_at`` is set when the model has it
    (``update()`` skips ``auto_now``). ``expected_version`` None: saved without a check."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    model = queryset.model
    names = {f.name for f in model._meta.concrete_fields}
    if "updated_at" in names and "updated_at" not in values:
        values["updated_at"] = timezone.now()
    rows = queryset.filter(pk=pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(**values, version=F("version") + 1):
        raise StaleVersion


@dataclass(frozen=True)
class Difference:
    label: str
    typed: str
    saved: str


@dataclass(frozen=True)
class LastChange:
    by: str
    at: Any


def last_change(obj: models.Model, actions: Iterable[str]) -> LastChange | None:
    """Who saved ``obj`` last and when, from the audit log (None when it does not say)."""
    from .models import AuditEvent  # the audit log lives in the core's models

    event = (
        AuditEvent.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk), action__in=list(actions)
        )
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    if event is None:
        return None
    # A change the audit log does not name (a status moved by a conversation, say) came after
    # the last named one: then who saved it is not known, and the page says so by not guessing.
    updated_at = getattr(obj, "updated_at", None)
    if updated_at is not None and event.at < updated_at - NAMED_CHANGE_SLACK:
        return None
    by = event.actor.get_full_name() or event.actor.email if event.actor else _("onbekend")
    return LastChange(by=by, at=event.at)


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


def display(field: forms.Field, value: Any) -> str:
    """A cleaned value as a person reads it: labels for choices, names for rows, Ja/Nee. A
    field whose cleaned value is structured says how it reads (``display_value``)."""
    if hasattr(field, "display_value"):
        return field.display_value(value) or "—"
    if isinstance(field, forms.BooleanField):
        return _("Ja") if value else _("Nee")
    if isinstance(value, models.QuerySet):
        value = list(value)
    if _empty(value):
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(display(field, v) for v in value)
    if hasattr(value, "strftime"):
        return date_format(value, "j F Y")
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


def _saved_value(field: forms.Field, initial: Any) -> Any:
    try:
        return field.clean(field.prepare_value(initial))
    except ValidationError:  # saved by someone with more choices than this person has
        return initial


def differences(form: forms.BaseForm, *, hidden: Iterable[str] = ()) -> list[Difference]:
    """Per field where what was typed (the form's data) differs from what is saved now (the
    form's initial values: an unbound copy of the object as it is)."""
    skip = MACHINERY | set(hidden)
    rows = []
    cleaned = getattr(form, "cleaned_data", {})
    for name in form.changed_data:
        if name in skip:
            continue
        bound = form[name]
        if bound.is_hidden:
            continue
        field = form.fields[name]
        typed = cleaned.get(name, bound.data)
        saved = _saved_value(field, form.get_initial_for_field(field, name))
        row = Difference(str(bound.label), display(field, typed), display(field, saved))
        if row.typed != row.saved:  # "changed" by form machinery only ("" against None)
            rows.append(row)
    return rows


def conflict_response(
    request: HttpRequest,
    template: str,
    context: dict,
    *,
    rebind: Callable[[Any], forms.BaseForm],
    current: models.Model,
    actions: Iterable[str],
    discard_url: str,
    hidden: Iterable[str] = (),
    form_name: str = "form",
) -> HttpResponse:
    """The edit page again, status 409: what the person typed is kept, with the version saved
    now, so "Opslaan" saves it on purpose; above the form, what differs and who saved it.

    ``rebind(data)`` builds the page's form from posted data for the object as it is now
    (``current``, fetched again by the view). ``hidden``: fields this person may not read
    (never shown in the comparison)."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = rebind(data)
    form.is_valid()
    context = {
        **context,
        form_name: form,
        "conflict": {
            "differences": differences(form, hidden=hidden),
            "last_change": last_change(current, actions),
            "discard_url": discard_url,
        },
    }
    return render(request, template, context, status=409)
