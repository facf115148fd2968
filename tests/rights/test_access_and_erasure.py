"""A resident's access export ("inzage") and erasure, on the resident page (issue 13)."""

from __future__ import annotations

import json
import re
import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.urls import reverse

from buurtinbloei.models import AuditEvent
from buurtinbloei.registry import contributions
from matches.models import Match, Request
from networks.models import CoreTeamMember
from talents.models import Conversation, Resident, ResidentStatus, SignUpStatus
from tests.conftest import client_for, reauthenticated_client_for
from tests.factories import PASSWORD, SignUpFactory
from tests.talents.staff import audit_actions

from .support import MATCH_NOTE, NOTE, REQUEST_TEXT, SENSITIVE, full_resident


def access_url(resident) -> str:
    return reverse("talents:resident-access", kwargs={"pk": resident.pk})


def erase_url(resident) -> str:
    return reverse("talents:resident-erase", kwargs={"pk": resident.pk})


def test_the_access_page_shows_everything_stored(personas):
    resident, _request, _match = full_resident(personas)
    client = reauthenticated_client_for(personas.verbinder)
    client.get(resident.get_absolute_url())  # an audit entry about the resident to show

    response = client.get(access_url(resident))

    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Wilhelmina", "Verhoeven-Zwanikkema", "w.verhoeven@example.org", NOTE, SENSITIVE):
        assert text in body, text
    for text in (REQUEST_TEXT, MATCH_NOTE, "Gewoon gesprek", "2026-01", "resident.view"):
        assert text in body, text
    assert team_name(resident) in body
    assert re.search(r'<link rel="stylesheet" href="[^"]*print\.css" media="print">', body)
    assert "no-store" in response["Cache-Control"]
    assert "resident.export" in audit_actions(resident)


def team_name(resident) -> str:
    return CoreTeamMember.objects.get(resident=resident).core_team.name


def test_the_json_download_holds_every_apps_part_and_the_audit_entries(personas):
    resident, _request, _match = full_resident(personas)
    client = reauthenticated_client_for(personas.verbinder)

    response = client.get(access_url(resident), {"formaat": "json"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    data = json.loads(response.content)["data"]
    with_hooks = {c.app_label for c in contributions() if c.resident_data is not None}
    assert set(data) == with_hooks  # every app with a hook: one added later is in it too
    assert {"buurtinbloei", "talents", "networks", "matches"} <= set(data)
    sensitive = [c for c in data["talents"]["conversations"] if c["sensitive"]]
    assert sensitive[0]["summary"] == SENSITIVE
    assert data["matches"]["requests"][0]["description"] == REQUEST_TEXT
    assert data["networks"]["core_teams"][0]["core_team"] == team_name(resident)
    assert data["talents"]["consents"][0]["text_version"] == "2026-01"
    logged = {(e["action"], e["object_type"]) for e in data["buurtinbloei"]["audit_log"]}
    assert ("resident.export", "talents.resident") in logged
    assert audit_actions(resident).count("resident.export") == 1


def test_the_audit_entries_in_the_export_include_the_residents_requests_and_matches(personas):
    resident, request, match = full_resident(personas)
    AuditEvent.objects.create(
        action="request.change", object_type="matches.request", object_id=str(request.pk)
    )
    AuditEvent.objects.create(
        action="match.agree", object_type="matches.match", object_id=str(match.pk)
    )
    AuditEvent.objects.create(
        action="match.agree", object_type="matches.match", object_id=str(match.pk + 1000)
    )  # someone else's

    response = reauthenticated_client_for(personas.verbinder).get(
        access_url(resident), {"formaat": "json"}
    )

    entries = json.loads(response.content)["data"]["buurtinbloei"]["audit_log"]
    about = {(e["action"], e["object_id"]) for e in entries}
    assert ("request.change", str(request.pk)) in about
    assert ("match.agree", str(match.pk)) in about
    assert ("match.agree", str(match.pk + 1000)) not in about


@pytest.mark.parametrize("who", ["coordinator", "partner", "beheerder"])
def test_only_the_wijkteams_verbinders_get_the_export_or_erasure(personas, who):
    resident, _request, _match = full_resident(personas)
    client = reauthenticated_client_for(getattr(personas, who))
    for response in (
        client.get(access_url(resident)),
        client.get(access_url(resident), {"formaat": "json"}),
        client.get(erase_url(resident)),
        client.post(erase_url(resident), {"first_name": "Wilhelmina"}),
    ):
        assert response.status_code == 403
        assert SENSITIVE not in response.content.decode()
    assert Resident.objects.get(pk=resident.pk).first_name == "Wilhelmina"


def test_a_verbinder_of_another_wijkteam_gets_404(personas):
    resident, _request, _match = full_resident(personas)
    client = reauthenticated_client_for(personas.other_verbinder)
    assert client.get(access_url(resident)).status_code == 404
    assert client.post(erase_url(resident), {"first_name": "Wilhelmina"}).status_code == 404
    assert Resident.objects.get(pk=resident.pk).status != ResidentStatus.ANONYMISED


# --- Re-authentication -----------------------------------------------------------------------


def _age_authentication(client, seconds: int) -> None:
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for entry in records:
        entry["at"] = time.time() - seconds
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()


def test_export_without_a_recent_authentication_asks_for_the_password(personas):
    resident, _request, _match = full_resident(personas)
    client = client_for(personas.verbinder)  # a session without any authentication record

    response = client.get(access_url(resident), {"formaat": "json"})

    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")
    assert "resident.export" not in audit_actions(resident)


def test_an_authentication_older_than_ten_minutes_asks_again(personas):
    resident, _request, _match = full_resident(personas)
    client = reauthenticated_client_for(personas.verbinder)
    _age_authentication(client, 9 * 60)
    assert client.get(access_url(resident)).status_code == 200  # 9 minutes: still fine
    _age_authentication(client, 11 * 60)

    response = client.get(access_url(resident))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")


def test_erasure_after_the_password_is_given_again_is_carried_out(personas):
    resident, _request, _match = full_resident(personas)
    client = client_for(personas.verbinder)

    response = client.post(erase_url(resident), {"first_name": "Wilhelmina"})

    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")
    assert Resident.objects.get(pk=resident.pk).status != ResidentStatus.ANONYMISED
    # allauth kept the POST; giving the password carries it out.
    response = client.post(response.url, {"password": PASSWORD}, follow=True)
    assert Resident.objects.get(pk=resident.pk).status == ResidentStatus.ANONYMISED
    assert "geanonimiseerd" in response.content.decode()


# --- Erasure ---------------------------------------------------------------------------------


def test_the_erase_page_warns_and_asks_for_the_first_name(personas):
    resident, _request, _match = full_resident(personas)
    response = reauthenticated_client_for(personas.verbinder).get(erase_url(resident))
    body = response.content.decode()
    assert response.status_code == 200
    assert "kan niet ongedaan worden gemaakt" in body
    assert 'name="first_name"' in body


@pytest.mark.parametrize("typed", ["", "Wilma", "Verhoeven"])
def test_a_wrong_first_name_erases_nothing(personas, typed):
    resident, _request, _match = full_resident(personas)

    response = reauthenticated_client_for(personas.verbinder).post(
        erase_url(resident), {"first_name": typed}
    )

    assert response.status_code == 200
    assert "Er is niets gewist" in response.content.decode()
    if typed:
        assert f'value="{typed}"' in response.content.decode()  # what was typed is kept
    assert Resident.objects.get(pk=resident.pk).first_name == "Wilhelmina"
    assert "resident.erase" not in audit_actions(resident)


def test_erasure_anonymises_and_keeps_the_links_others_need(personas):
    resident, request, match = full_resident(personas)
    client = reauthenticated_client_for(personas.verbinder)

    response = client.post(erase_url(resident), {"first_name": " wilhelmina "})

    assert response.status_code == 302
    page = client.get(resident.get_absolute_url()).content.decode()
    assert "geanonimiseerd" in page
    for text in ("Wilhelmina", "Verhoeven-Zwanikkema", "w.verhoeven@example.org", NOTE, SENSITIVE):
        assert text not in page, text
    resident.refresh_from_db()
    assert (resident.status, resident.last_name, resident.email, resident.phone) == (
        ResidentStatus.ANONYMISED,
        "",
        "",
        "",
    )
    assert not Conversation.objects.filter(resident=resident).exclude(summary="").exists()
    assert Conversation.objects.filter(resident=resident).count() == 2  # the rows stay
    assert Request.objects.get(pk=request.pk).description == ""
    assert Match.objects.get(pk=match.pk).resident_a_id == resident.pk
    assert CoreTeamMember.objects.filter(resident=resident).exists()
    assert "resident.erase" in audit_actions(resident)
    # The JSON export after erasure holds nothing that identifies the person.
    data = client.get(access_url(resident), {"formaat": "json"}).content.decode()
    for text in (
        "Wilhelmina",
        "Verhoeven-Zwanikkema",
        "example.org",
        NOTE,
        SENSITIVE,
        REQUEST_TEXT,
    ):
        assert text not in data, text


def test_a_second_erasure_changes_nothing_and_says_so(personas):
    resident, _request, _match = full_resident(personas)
    client = reauthenticated_client_for(personas.verbinder)
    client.post(erase_url(resident), {"first_name": "Wilhelmina"})

    response = client.post(erase_url(resident), {"first_name": "Geanonimiseerd"}, follow=True)

    assert "al geanonimiseerd" in response.content.decode()
    assert audit_actions(resident).count("resident.erase") == 1


def test_a_resident_whose_sign_up_is_still_open_can_be_erased(personas):
    resident, _request, _match = full_resident(personas)
    signup = SignUpFactory(resident=resident, buurt=resident.buurt, status=SignUpStatus.TAKEN)

    reauthenticated_client_for(personas.verbinder).post(
        erase_url(resident), {"first_name": "Wilhelmina"}
    )

    signup.refresh_from_db()
    assert (signup.status, signup.email, signup.phone) == (SignUpStatus.DONE, "", "")
    assert Resident.objects.get(pk=resident.pk).status == ResidentStatus.ANONYMISED


def test_the_page_shows_any_shape_an_app_exports():
    from talents.views.rights import readable

    sections = readable(
        {"later_app": {"count": 3, "tags": ["a", "b"], "row": {"kleur": "blauw"}, "rows": []}}
    )

    groups = {g["key"]: g["items"] for g in sections[0]["groups"]}
    assert groups["count"] == [[("count", "3")]]
    assert groups["tags"] == [[("", "a")], [("", "b")]]
    assert groups["row"] == [[("kleur", "blauw")]]
    assert groups["rows"] == []
