"""Apps plug into the core through their own contributions.py (buurtinbloei/registry.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from buurtinbloei.registry import contributions, erase_resident, export_resident, seeders
from tests.conftest import client_for

PLUGGED_IN = override_settings(
    INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.plugin_app"],
    ROOT_URLCONF="tests.plugin_app.root_urls",
)


def test_the_core_and_talents_declare_their_contributions():
    labels = [c.app_label for c in contributions()]
    assert labels[:2] == ["buurtinbloei", "talents"]


@PLUGGED_IN
def test_a_new_app_adds_a_menu_entry_and_a_home_panel_without_core_edits(personas):
    body = client_for(personas.verbinder).get("/").content.decode()
    assert 'href="/proef/paneel/"' in body  # the menu entry and the panel's fallback link
    assert 'hx-get="/proef/paneel/"' in body
    # The panel comes first (order 5), before the talents app's panels.
    assert body.index('hx-get="/proef/paneel/"') < body.index('hx-get="/panelen/aanmeldingen/"')


@PLUGGED_IN
def test_its_entries_follow_the_named_permissions(personas):
    body = client_for(personas.coordinator).get("/").content.decode()
    assert "/proef/paneel/" not in body
    assert client_for(personas.coordinator).get("/proef/paneel/").status_code == 403


@PLUGGED_IN
def test_its_seeder_runs_with_seed_demo(db):
    from tests.plugin_app.contributions import seed

    assert seed in seeders()
    assert seeders()[0].__module__ == "buurtinbloei.contributions"  # the logins come first


@PLUGGED_IN
def test_a_new_app_adds_a_section_to_a_residents_page(personas):
    from buurtinbloei.models import Buurt
    from tests.factories import ResidentFactory

    buurt = Buurt.objects.filter(wijk__wijkteam=personas.own_wijkteam).first()
    resident = ResidentFactory(buurt=buurt)
    url = resident.get_absolute_url()
    body = client_for(personas.verbinder).get(url).content.decode()
    assert f'hx-get="/proef/inwoner/{resident.pk}/"' in body
    assert f'href="/proef/inwoner/{resident.pk}/">Proefsectie</a>' in body
    # A coördinator may read the page, but not this section (its permission).
    assert "/proef/inwoner/" not in client_for(personas.coordinator).get(url).content.decode()


def test_without_the_app_nothing_of_it_remains(personas):
    assert "plugin_app" not in [c.app_label for c in contributions()]
    assert "/proef/" not in client_for(personas.verbinder).get("/").content.decode()


@pytest.fixture
def resident_with_everything(personas):
    from buurtinbloei.models import Buurt
    from talents.models import ConsentRecord
    from tests.factories import (
        ConversationFactory,
        ResidentFactory,
        ResidentTalentFactory,
        SignUpFactory,
    )

    buurt = Buurt.objects.filter(wijk__wijkteam=personas.own_wijkteam).first()
    resident = ResidentFactory(
        buurt=buurt, first_name="Fenna", last_name="Kuipers", phone="+31612345678"
    )
    ResidentTalentFactory(resident=resident, note="kookt graag Surinaams")
    ConversationFactory(resident=resident, sensitive=True, summary="over haar behandeling")
    signup = SignUpFactory(buurt=buurt, resident=resident, status="done", help_wanted="vervoer")
    ConsentRecord.objects.create(
        resident=resident,
        signup=signup,
        purpose="contact",
        text_version="1",
        given_at=signup.created_at,
    )
    return resident


def test_a_residents_export_walks_every_app_including_sensitive_conversations(
    personas, resident_with_everything
):
    from buurtinbloei.models import AuditEvent

    data = export_resident(resident_with_everything, by=personas.verbinder)
    talents = data["talents"]
    assert talents["resident"]["last_name"] == "Kuipers"
    assert talents["talents"][0]["note"] == "kookt graag Surinaams"
    assert talents["conversations"][0]["summary"] == "over haar behandeling"
    assert talents["signups"][0]["help_wanted"] == "vervoer"
    assert talents["consents"][0]["text_version"] == "1"
    assert AuditEvent.objects.filter(action="resident.export", actor=personas.verbinder).exists()


def test_erasure_removes_what_identifies_and_keeps_the_rows(personas, resident_with_everything):
    from buurtinbloei.models import AuditEvent
    from talents.models import Conversation, ResidentStatus, SignUp

    resident = resident_with_everything
    erase_resident(resident, by=personas.verbinder)
    resident.refresh_from_db()
    assert resident.status == ResidentStatus.ANONYMISED
    assert (resident.last_name, resident.phone, resident.email) == ("", "", "")
    assert resident.buurt is not None  # counts per buurt stay the same
    assert Conversation.objects.get(resident=resident).summary == ""
    assert resident.talent_links.get().note == ""
    signup = SignUp.objects.get(resident=resident)
    assert (signup.phone, signup.email, signup.help_wanted) == ("", "", "")
    exported = export_resident(resident, by=personas.verbinder)["talents"]
    assert "Kuipers" not in str(exported) and "Fenna" not in str(exported)
    assert AuditEvent.objects.filter(action="resident.erase", object_id=str(resident.pk)).exists()
