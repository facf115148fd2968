"""QuickSelect renders exactly what Django's Select renders, only faster."""

from __future__ import annotations

import re

import pytest
from django import forms

from buurtinbloei.models import Buurt
from buurtinbloei.widgets import QuickSelect

pytestmark = pytest.mark.django_db


def both(field_kwargs: dict, value, attrs=None) -> tuple[str, str]:
    class Slow(forms.Form):
        choice = forms.ModelChoiceField(widget=forms.Select(attrs=attrs), **field_kwargs)

    class Quick(forms.Form):
        choice = forms.ModelChoiceField(widget=QuickSelect(attrs=attrs), **field_kwargs)

    data = {"choice": value} if value is not None else None
    return tight(str(Slow(data)["choice"])), tight(str(Quick(data)["choice"]))


def tight(html: str) -> str:
    """Django's templates put line breaks between the options; a browser ignores them."""
    return re.sub(r">\s+<", "><", html)


@pytest.mark.parametrize("value", [None, "", "1", "<script>"])
def test_it_renders_the_same_html_as_djangos_select(geography, value):
    buurt = Buurt.objects.order_by("pk").first()
    buurt.name = 'Buurt "<b>&"'  # escaping, in a label
    buurt.save()
    attrs = {"class": "utrecht-select utrecht-select--html-select", "aria-describedby": "x"}
    slow, quick = both(
        {"queryset": Buurt.objects.order_by("pk"), "required": False, "empty_label": "Alle"},
        value if value != "1" else str(buurt.pk),
        attrs,
    )
    assert quick == slow


def test_grouped_choices_render_the_same():
    choices = [("Groep <1>", [("a", "A & B"), ("b", "B")]), ("c", "C")]

    class Slow(forms.Form):
        choice = forms.ChoiceField(choices=choices, widget=forms.Select)

    class Quick(forms.Form):
        choice = forms.ChoiceField(choices=choices, widget=QuickSelect)

    slow = tight(str(Slow({"choice": "b"})["choice"]))
    quick = tight(str(Quick({"choice": "b"})["choice"]))
    assert quick.replace(' class="utrecht-select utrecht-select--html-select"', "") == slow
