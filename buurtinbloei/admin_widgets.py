"""The admin's autocomplete widgets, safe with a value that is not a key.

Django's ``AutocompleteSelect`` shows the chosen option again when a form comes back with an
error, by looking the posted value up in the database. A value that is no key at all (" ",
"abc", a number beyond the column's range) then raises instead of showing nothing, and the
beheerder gets a server error where the form should say "Selecteer een geldige keuze". These
widgets look up only the values that can be keys; the form's own error still shows.
"""

from __future__ import annotations

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import connections

from .forms import keys_in_range


def can_be_key(widget: AutocompleteSelect, value) -> bool:
    target = widget.field.target_field
    try:
        key = target.to_python(value)
    except ValidationError:
        return False
    low, high = connections[widget.db or "default"].ops.integer_field_range(
        target.get_internal_type()
    )
    return not isinstance(key, int) or (
        (low is None or key >= low) and (high is None or key <= high)
    )


class _OnlyKeys:
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if can_be_key(self, v)], attr)


class SafeAutocompleteSelect(_OnlyKeys, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_OnlyKeys, AutocompleteSelectMultiple):
    pass


SAFE = {
    AutocompleteSelect: SafeAutocompleteSelect,
    AutocompleteSelectMultiple: SafeAutocompleteSelectMultiple,
}


class SafeAutocompleteMixin:
    """For a ModelAdmin or inline with ``autocomplete_fields``: the safe widgets above, and a
    many-to-many choice that refuses keys beyond 64 bits (buurtinbloei.forms.keys_in_range)."""

    def _safe(self, formfield):
        widget = getattr(formfield, "widget", None)
        inner = getattr(widget, "widget", widget)  # inside the "add another" wrapper
        if type(inner) in SAFE:
            inner.__class__ = SAFE[type(inner)]
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return self._safe(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._safe(keys_in_range(formfield) if formfield is not None else None)
