"""The admin's autocomplete fields take a value that is no key without a server error.

Found by the fuzz tests (tests/fuzz): posting ``buurt=" "`` to an admin add form raised
ValueError while Django's AutocompleteSelect showed the form again (it looks the posted value
up). buurtinbloei.admin_widgets looks up only values that can be keys.
"""

from __future__ import annotations

import pytest
from django.contrib import admin

from buurtinbloei.admin_widgets import SafeAutocompleteMixin
from networks.models import Ontwikkelplaats
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("buurt", [" ", "abc", str(2**70), "-1"])
def test_a_bad_buurt_comes_back_as_a_form_error(personas, buurt):
    response = client_for(personas.beheerder).post(
        "/beheer/networks/ontwikkelplaats/add/", {"title": "Moestuin", "buurt": buurt}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Ontwikkelplaats.objects.filter(title="Moestuin").exists()


def test_every_admin_with_autocomplete_fields_uses_the_safe_widgets():
    admins = list(admin.site._registry.values())
    admins += [inline for model_admin in admins for inline in model_admin.inlines]
    with_autocomplete = [a for a in admins if getattr(a, "autocomplete_fields", ())]
    assert with_autocomplete  # the check below looks at something
    unsafe = [a for a in with_autocomplete if not issubclass(_class(a), SafeAutocompleteMixin)]
    assert not unsafe, unsafe


def _class(a) -> type:
    return a if isinstance(a, type) else type(a)
