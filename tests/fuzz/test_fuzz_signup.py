"""The public sign-up under hostile input: a bad value gets a Dutch message, the rest stays.

A valid sign-up (tests/talents/signup_support.py) with one field replaced by a hostile value:
either it is taken (the value was harmless once cleaned) or the form comes back with its Dutch
error summary, English nowhere, and everything else the resident typed still in the form.
"""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from hypothesis import strategies as st

from tests.talents.signup_support import form_data

from .run import run_examples
from .strategies import for_field
from .targets import client_as

#: The fields a resident types or picks, with the kind of input the form shows.
FIELDS = {
    "first_name": "text",
    "phone": "tel",
    "email": "email",
    "postcode": "text",
    "buurt": "select",
    "talents_other": "text",
    "help_wanted": "textarea",
    "preferred_language": "text",
    "consent": "checkbox",
}
#: Typed values that must stay on the page when another field has an error.
KEPT = {"first_name": "Fatima", "phone": "06-12345678", "preferred_language": "Nederlands"}
ENGLISH = ("This field", "Enter a valid", "Select a valid", "Ensure this value")


@pytest.mark.django_db
def test_a_bad_value_gets_a_dutch_message_and_the_rest_stays(geography):
    url = reverse("public:signup")

    def check(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(FIELDS)), label="field")
        value = data.draw(for_field(FIELDS[name], name=name), label="value")
        body = form_data(
            **{name: value if isinstance(value, str) else value.decode(errors="replace")}
        )
        response = client_as(None).post(url, body)
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            return
        page = html.unescape(response.content.decode())
        assert "Kijk nog even naar" in page, f"{name}={value!r}: no error summary"
        assert not any(english in page for english in ENGLISH), f"{name}={value!r}: English"
        for other, typed in KEPT.items():
            if other != name:
                assert f'value="{typed}"' in page, f"{name}={value!r}: {other} was lost"

    run_examples(check)
