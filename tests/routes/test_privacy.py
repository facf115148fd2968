"""Everything on a route is sensitive: every read is audited, coördinatoren see counts only, the
pages of the parties are never stored or indexed, links expire and can be revoked, and a
resident's access export and erasure include their routes."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from buurtinbloei.models import AuditEvent
from buurtinbloei.registry import erase_resident, export_resident
from routes.models import Party, PartyLink, Pathway, PathwayCheckIn, PathwayStatus
from routes.services import link_create, link_token
from tests.conftest import client_for

from .support import ALL, GOALS, NOTE, make_route

pytestmark = pytest.mark.django_db


def _last(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-pk").first()


def test_every_read_of_a_route_is_audited(personas):
    route = make_route(personas, consents=ALL)
    reads = [
        (client_for(personas.verbinder), f"/landingsroutes/{route.pk}/", "route.view"),
        (client_for(personas.verbinder), "/landingsroutes/", "route.list"),
        (client_for(personas.verbinder), "/panelen/landingsroutes/", "route.panel"),
        (
            client_for(personas.verbinder),
            f"/inwoners/{route.resident_id}/landingsroutes/",
            "route.section",
        ),
        (client_for(route.counsellor), "/landingsroutes/begeleiding/", "route.counsellor_list"),
        (
            client_for(route.counsellor),
            f"/landingsroutes/{route.pk}/begeleiding/",
            "route.party_view",
        ),
        (
            client_for(personas.other_verbinder),
            f"/landingsroutes/{route.pk}/gedeeld/",
            "route.party_view",
        ),
    ]
    for client, url, action in reads:
        before = AuditEvent.objects.filter(action=action).count()
        assert client.get(url).status_code == 200, url
        assert AuditEvent.objects.filter(action=action).count() == before + 1, url
    event = _last("route.party_view")
    assert event.actor == personas.other_verbinder
    assert (event.object_type, event.object_id) == ("routes.pathway", str(route.pk))
    assert event.details == {"party": "verbinders"}


def test_the_buddys_page_is_audited_never_stored_and_not_indexed(personas):
    route = make_route(personas, consents=ALL)
    link = link_create(route=route, party=Party.BUDDY, by=personas.verbinder)
    response = Client().get(f"/landingsroute/{link_token(link)}/")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert _last("route.party_view").details == {"party": "buddy"}


def test_a_revoked_expired_or_ended_link_is_gone_and_a_strange_one_unknown(personas):
    route = make_route(personas, consents=ALL)
    client = Client()
    old = link_create(route=route, party=Party.BUDDY, by=personas.verbinder)
    new = link_create(route=route, party=Party.BUDDY, by=personas.verbinder)
    assert client.get(f"/landingsroute/{link_token(old)}/").status_code == 410  # replaced
    assert client.get(f"/landingsroute/{link_token(new)}/").status_code == 200
    PartyLink.objects.filter(pk=new.pk).update(expires_at=timezone.now())
    assert client.get(f"/landingsroute/{link_token(new)}/").status_code == 410  # expired
    group = link_create(route=route, party=Party.GROUP, by=personas.verbinder)
    client_for(personas.verbinder).post(f"/landingsroutes/{route.pk}/link/group/intrekken/")
    assert client.get(f"/landingsroute/{link_token(group)}/").status_code == 410  # revoked
    buddy = link_create(route=route, party=Party.BUDDY, by=personas.verbinder)
    client_for(personas.verbinder).post(f"/landingsroutes/{route.pk}/afsluiten/")
    assert client.get(f"/landingsroute/{link_token(buddy)}/").status_code == 410  # ended
    assert client.get("/landingsroute/onzin:abc/").status_code == 404


def test_coordinators_see_counts_only(personas):
    make_route(personas, consents=ALL)
    ended = make_route(personas, consents=ALL)
    Pathway.objects.filter(pk=ended.pk).update(
        status=PathwayStatus.ENDED, ended_on=timezone.localdate()
    )
    client = client_for(personas.coordinator)
    body = client.get("/landingsroutes/cijfers/").content.decode()
    row = body.split(personas.own_wijkteam.name, 1)[1].split("</tr>", 1)[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[:3]] == ["1", "1", "0"]
    assert "Zwaantje" not in body and GOALS not in body
    # ... and nothing else of a route, nor the section on the resident's page.
    assert client.get("/landingsroutes/").status_code == 403
    assert client.get(f"/inwoners/{ended.resident_id}/landingsroutes/").status_code == 403
    resident_page = client.get(f"/inwoners/{ended.resident_id}/").content.decode()
    assert f"/inwoners/{ended.resident_id}/landingsroutes/" not in resident_page


def test_the_access_export_has_the_route_and_erasure_ends_it(personas):
    route = make_route(personas, consents=ALL)
    PathwayCheckIn.objects.filter(route=route, week=2).update(
        done_at=timezone.now(), result="going_well", note=NOTE
    )
    link = link_create(route=route, party=Party.BUDDY, by=personas.verbinder)
    exported = export_resident(route.resident, by=personas.verbinder)["routes"]
    assert exported["routes"][0]["goals"] == GOALS
    assert len(exported["routes"][0]["consent_history"]) == len(ALL)
    assert NOTE in [c["note"] for c in exported["routes"][0]["check_ins"]]
    buddy_export = export_resident(route.buddy, by=personas.verbinder)["routes"]
    assert buddy_export == {
        "routes": [],
        "taking_part": [
            {"route": route.pk, "as": "buddy", "start_date": route.start_date.isoformat()}
        ],
    }

    erase_resident(route.resident, by=personas.verbinder)
    route.refresh_from_db()
    assert route.status == PathwayStatus.ENDED and route.ended_on == timezone.localdate()
    assert (route.goals, route.interests, route.availability) == ("", "", "")
    assert not PathwayCheckIn.objects.filter(route=route).exclude(note="").exists()
    assert Client().get(f"/landingsroute/{link_token(link)}/").status_code == 410


def test_erasing_a_buddy_takes_them_off_the_route_and_stops_their_link(personas):
    route = make_route(personas, consents=ALL)
    link = link_create(route=route, party=Party.BUDDY, by=personas.verbinder)
    member = route.group_residents.first()
    erase_resident(route.buddy, by=personas.verbinder)
    erase_resident(member, by=personas.verbinder)
    route.refresh_from_db()
    assert route.buddy is None and route.status == PathwayStatus.ACTIVE
    assert member not in route.group_residents.all()
    assert Client().get(f"/landingsroute/{link_token(link)}/").status_code == 410


def test_a_running_route_keeps_its_resident_from_retention(personas):
    from buurtinbloei.registry import activity_conditions
    from talents.models import Resident

    route = make_route(personas, start=datetime.date(2020, 1, 6))
    later = timezone.now() + datetime.timedelta(days=1)
    kept = Resident.objects.filter(pk=route.resident_id)
    conditions = activity_conditions(later)
    assert any(kept.filter(c).exists() for c in conditions)
