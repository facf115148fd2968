"""Who may do what is changed by another beheerder only, after a fresh password, and audited."""

from __future__ import annotations

import pytest

from buurtinbloei.models import AuditEvent, Role, User
from tests.conftest import client_for
from tests.conftest import reauthenticated_client_for as reauthenticated
from tests.factories import PASSWORD


def change_form(user: User, **changes) -> dict:
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "organisation_name": user.organisation_name,
        "role": user.role,
        "wijkteams": [w.pk for w in user.wijkteams.all()],
        "is_active": "on" if user.is_active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def change_url(user: User) -> str:
    return f"/beheer/buurtinbloei/user/{user.pk}/change/"


def role_changes() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="role_change").order_by("pk"))


def test_a_role_and_wijkteam_change_is_audited_with_who_whom_before_and_after(personas):
    verbinder = personas.verbinder
    response = reauthenticated(personas.beheerder).post(
        change_url(verbinder),
        change_form(
            verbinder,
            role=Role.COORDINATOR,
            wijkteams=[personas.own_wijkteam.pk, personas.other_wijkteam.pk],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    verbinder.refresh_from_db()
    assert verbinder.role == Role.COORDINATOR

    [event] = role_changes()
    assert event.actor == personas.beheerder
    assert (event.object_type, event.object_id) == ("buurtinbloei.user", str(verbinder.pk))
    assert event.details == {
        "before": {"role": "verbinder", "wijkteams": [personas.own_wijkteam.pk]},
        "after": {
            "role": "coordinator",
            "wijkteams": sorted([personas.own_wijkteam.pk, personas.other_wijkteam.pk]),
        },
    }


def test_deactivating_an_account_is_audited(personas):
    reauthenticated(personas.beheerder).post(
        change_url(personas.partner), change_form(personas.partner, is_active="")
    )
    personas.partner.refresh_from_db()
    assert not personas.partner.is_active
    [event] = role_changes()
    assert event.details == {"before": {"is_active": True}, "after": {"is_active": False}}


def test_changing_only_a_name_writes_no_role_change(personas):
    reauthenticated(personas.beheerder).post(
        change_url(personas.verbinder), change_form(personas.verbinder, first_name="Anders")
    )
    personas.verbinder.refresh_from_db()
    assert personas.verbinder.first_name == "Anders"
    assert role_changes() == []


def test_creating_an_account_is_audited_with_its_role_and_wijkteams(personas):
    response = reauthenticated(personas.beheerder).post(
        "/beheer/buurtinbloei/user/add/",
        {
            "email": "nieuw@example.org",
            "role": Role.VERBINDER,
            "wijkteams": [personas.own_wijkteam.pk],
            "usable_password": "false",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(email="nieuw@example.org")
    [event] = role_changes()
    assert event.object_id == str(created.pk)
    assert event.details == {
        "before": {},
        "after": {"role": "verbinder", "wijkteams": [personas.own_wijkteam.pk], "is_active": True},
    }


def test_a_beheerder_cannot_change_their_own_role_wijkteams_or_active_flag(personas):
    beheerder = personas.beheerder
    client = reauthenticated(beheerder)
    page = client.get(change_url(beheerder)).content.decode()
    assert 'name="role"' not in page and 'name="wijkteams"' not in page
    assert 'name="is_active"' not in page
    assert "Je eigen rol" in page

    client.post(
        change_url(beheerder),
        change_form(
            beheerder, role=Role.VERBINDER, wijkteams=[personas.own_wijkteam.pk], is_active=""
        ),
    )
    beheerder.refresh_from_db()
    assert beheerder.role == Role.BEHEERDER and beheerder.is_active
    assert not beheerder.wijkteams.exists()
    assert role_changes() == []


def test_another_beheerder_may_change_a_beheerders_role(personas):
    colleague = User.objects.create_user("beheerder2@example.org", PASSWORD, role=Role.BEHEERDER)
    reauthenticated(colleague).post(
        change_url(personas.beheerder), change_form(personas.beheerder, role=Role.COORDINATOR)
    )
    personas.beheerder.refresh_from_db()
    assert personas.beheerder.role == Role.COORDINATOR
    assert role_changes()[0].actor == colleague


def test_a_role_change_asks_for_the_password_again_and_then_goes_through(personas):
    client = client_for(personas.beheerder)  # logged in long ago: no recent password
    url = change_url(personas.verbinder)
    response = client.post(url, change_form(personas.verbinder, role=Role.COORDINATOR))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")
    personas.verbinder.refresh_from_db()
    assert personas.verbinder.role == Role.VERBINDER
    assert role_changes() == []

    response = client.post(response.url, {"password": PASSWORD})
    personas.verbinder.refresh_from_db()
    assert personas.verbinder.role == Role.COORDINATOR  # the suspended change is carried out
    assert len(role_changes()) == 1


@pytest.mark.parametrize("path", ["/beheer/buurtinbloei/user/add/"])
def test_creating_an_account_asks_for_the_password_again(personas, path):
    response = client_for(personas.beheerder).post(
        path, {"email": "nieuw@example.org", "role": Role.BEHEERDER, "usable_password": "false"}
    )
    assert response.url.startswith("/accounts/reauthenticate/")
    assert not User.objects.filter(email="nieuw@example.org").exists()


def test_the_audit_log_filters_role_changes(personas):
    reauthenticated(personas.beheerder).post(
        change_url(personas.verbinder), change_form(personas.verbinder, role=Role.COORDINATOR)
    )
    client = client_for(personas.beheerder)
    client.get("/beheer/")  # an ordinary event besides the role change
    AuditEvent.objects.create(action="resident.view", object_type="talents.resident")
    response = client.get("/beheer/buurtinbloei/auditevent/?soort=rollen")
    assert [event.action for event in response.context["cl"].result_list] == ["role_change"]
    assert "Rolwijzigingen" in client.get("/beheer/buurtinbloei/auditevent/").content.decode()
