"""Kernteams: create with a dated history, members and activities inline (htmx and without
JavaScript), "active" at five members, and the ladder to independence."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from networks.models import Activity, CoreTeam, CoreTeamChange, CoreTeamMember
from tests.conftest import client_for
from tests.factories import (
    ActivityFactory,
    CoreTeamFactory,
    CoreTeamMemberFactory,
    OrganisationFactory,
    ResidentFactory,
)
from tests.queries import assert_queries_flat

from .support import other_buurt, own_buurt

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def team(personas) -> CoreTeam:
    return CoreTeamFactory(name="Samen Bokt", buurt=own_buurt(), coach=personas.verbinder)


def test_creating_a_team_records_its_first_stage_and_coaching(personas):
    response = client_for(personas.verbinder).post(
        "/kernteams/nieuw/",
        {
            "name": "Buurtkracht",
            "buurt": own_buurt().pk,
            "coach": personas.verbinder.pk,
            "stage": "starting",
            "intensity": "intensive",
        },
    )

    team = CoreTeam.objects.get(name="Buurtkracht")
    assert response.status_code == 302
    assert sorted(team.changes.values_list("what", "value")) == [
        ("intensity", "intensive"),
        ("stage", "starting"),
    ]


def test_a_team_with_four_active_members_gets_a_warning(personas, team):
    CoreTeamMemberFactory.create_batch(4, core_team=team)
    CoreTeamMemberFactory(core_team=team, active=False)

    html = client_for(personas.verbinder).get(team.get_absolute_url()).content.decode()

    assert "nog niet actief" in html
    assert "Een kernteam is actief met minstens 5 actieve leden." in html


def test_adding_the_fifth_member_inline_makes_the_team_active(personas, team):
    CoreTeamMemberFactory.create_batch(4, core_team=team)
    resident = ResidentFactory(first_name="Noor", buurt=own_buurt())

    response = client_for(personas.verbinder).post(
        f"/kernteams/{team.pk}/leden/", {"resident": resident.pk, "role": "project_lead"}, **HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="members"' in html and "Noor" in html
    # The team's status is swapped out of band: five active members, so active.
    assert 'id="team-status"' in html and 'hx-swap-oob="true"' in html
    assert "5 actieve leden" in html and "nog niet actief" not in html
    assert CoreTeamMember.objects.get(resident=resident).role == "project_lead"


def test_adding_a_member_works_without_javascript(personas, team):
    resident = ResidentFactory(first_name="Daan", buurt=own_buurt())

    response = client_for(personas.verbinder).post(
        f"/kernteams/{team.pk}/leden/", {"resident": resident.pk, "role": "volunteer"}
    )

    assert response.status_code == 302 and response["Location"] == team.get_absolute_url()
    assert team.members.filter(resident=resident, active=True).exists()


def test_a_resident_of_another_wijkteam_cannot_be_added(personas, team):
    stranger = ResidentFactory(buurt=other_buurt())

    response = client_for(personas.verbinder).post(
        f"/kernteams/{team.pk}/leden/", {"resident": stranger.pk, "role": "volunteer"}
    )

    assert response.status_code == 200
    assert "Kies er een uit de lijst." in response.content.decode()
    assert not team.members.exists()


def test_an_inactive_member_can_be_made_active_again(personas, team):
    member = CoreTeamMemberFactory(core_team=team, active=False)

    response = client_for(personas.verbinder).post(
        f"/kernteams/{team.pk}/leden/", {"resident": member.resident_id, "role": "volunteer"}
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.active


def test_dropping_below_five_shows_the_warning_again(personas, team):
    members = CoreTeamMemberFactory.create_batch(5, core_team=team)

    response = client_for(personas.verbinder).post(
        f"/kernteams/{team.pk}/leden/{members[0].pk}/actief/", **HTMX
    )

    members[0].refresh_from_db()
    assert not members[0].active
    assert "nog niet actief" in response.content.decode()


def test_adding_an_activity_inline(personas, team):
    partner = OrganisationFactory(name="Parochie Bokt", buurt=own_buurt())

    response = client_for(personas.verbinder).post(
        f"/kernteams/{team.pk}/activiteiten/",
        {
            "title": "Sinterklaasintocht",
            "theme": "youth",
            "starts_on": days_ago(3).isoformat(),
            "participants": "140",
            "partners": [partner.pk],
            "status": "done",
            "verbinder_present": "on",
        },
        **HTMX,
    )

    html = response.content.decode()
    assert 'id="activities"' in html and "Sinterklaasintocht" in html and "Parochie Bokt" in html
    activity = Activity.objects.get()
    assert activity.participants == 140 and list(activity.partners.all()) == [partner]


def test_an_activity_ending_before_it_starts_gets_a_clear_message(personas, team):
    response = client_for(personas.verbinder).post(
        f"/kernteams/{team.pk}/activiteiten/",
        {
            "title": "Zomerprogramma",
            "theme": "youth",
            "starts_on": "2026-07-10",
            "ends_on": "2026-07-01",
            "status": "planned",
        },
        **HTMX,
    )

    assert "De einddatum ligt voor de begindatum." in response.content.decode()
    assert not Activity.objects.exists()


def test_two_activities_in_a_row_without_the_verbinder_suggest_the_next_stage(personas, team):
    ActivityFactory(core_team=team, starts_on=days_ago(40), verbinder_present=True)
    ActivityFactory(core_team=team, starts_on=days_ago(20), verbinder_present=False)
    client = client_for(personas.verbinder)
    before = client.get(team.get_absolute_url()).content.decode()

    ActivityFactory(core_team=team, starts_on=days_ago(5), verbinder_present=False)
    after = client.get(team.get_absolute_url()).content.decode()

    assert "klaar voor de volgende fase" not in before
    assert "klaar voor de volgende fase" in after
    assert f"/kernteams/{team.pk}/fase/?fase=co_led" in after


def test_activities_before_the_current_stage_do_not_count_for_the_ladder(personas, team):
    ActivityFactory(core_team=team, starts_on=days_ago(200), verbinder_present=False)
    ActivityFactory(core_team=team, starts_on=days_ago(150), verbinder_present=False)
    html = client_for(personas.verbinder).get(team.get_absolute_url()).content.decode()
    assert "klaar voor de volgende fase" not in html


def test_the_verbinder_confirms_a_stage_change_and_it_is_kept_with_its_date(personas, team):
    client = client_for(personas.verbinder)
    form = client.get(f"/kernteams/{team.pk}/fase/?fase=co_led")
    assert form.context["form"].initial["stage"] == "co_led"

    response = client.post(
        f"/kernteams/{team.pk}/fase/",
        {"stage": "co_led", "intensity": "regular", "date": days_ago(1).isoformat(), "note": ""},
    )

    assert response.status_code == 302
    team.refresh_from_db()
    assert team.stage == "co_led" and team.stage_since == days_ago(1)
    assert CoreTeamChange.objects.filter(core_team=team, what="stage", value="co_led").exists()
    assert CoreTeamChange.objects.filter(core_team=team, what="intensity", value="regular").exists()
    page = client.get(team.get_absolute_url()).content.decode()
    assert "Weg naar zelfstandigheid" in page and "samen: bewoners en verbinder" in page


def test_a_change_that_changes_nothing_is_explained(personas, team):
    response = client_for(personas.verbinder).post(
        f"/kernteams/{team.pk}/fase/",
        {"stage": team.stage, "intensity": team.intensity, "date": days_ago(1).isoformat()},
    )
    assert "Er is niets veranderd" in response.content.decode()


def test_coordinators_see_the_team_without_member_names(personas, team):
    CoreTeamMemberFactory(core_team=team, resident__first_name="Yasmina")

    html = client_for(personas.coordinator).get(team.get_absolute_url()).content.decode()

    assert "Yasmina" not in html and "Lid 1" in html
    assert "Lid toevoegen" not in html


def test_the_team_page_queries_stay_flat(personas, team):
    partner = OrganisationFactory(buurt=own_buurt())

    def add(n):
        CoreTeamMemberFactory.create_batch(n, core_team=team)
        for _ in range(n):
            ActivityFactory(core_team=team, partners=[partner])

    assert_queries_flat(client_for(personas.verbinder), team.get_absolute_url(), add)


def test_the_list_queries_stay_flat(personas):
    assert_queries_flat(
        client_for(personas.verbinder),
        "/kernteams/",
        lambda n: [CoreTeamMemberFactory(core_team__buurt=own_buurt()) for _ in range(n)],
    )


def test_reading_a_core_team_page_is_audited(personas):
    from buurtinbloei.models import AuditEvent, Buurt
    from tests.conftest import client_for
    from tests.factories import CoreTeamFactory

    buurt = Buurt.objects.filter(wijk__wijkteam=personas.own_wijkteam).first()
    team = CoreTeamFactory(buurt=buurt)
    client_for(personas.verbinder).get(f"/kernteams/{team.pk}/")
    event = AuditEvent.objects.get(action="coreteam.view")
    assert (event.actor, event.object_id) == (personas.verbinder, str(team.pk))
