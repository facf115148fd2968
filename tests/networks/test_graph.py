"""The layout of the network picture (networks/graph.py): readable at a glance, also when the
buurt is busy."""

from __future__ import annotations

import itertools
import math
from types import SimpleNamespace

from networks.graph import HEIGHT, MAX_ORGANISATIONS, MAX_TEAMS, WIDTH, build_network


def team(pk: int, active: int):
    return SimpleNamespace(
        pk=pk, name=f"Kernteam {pk}", active_member_count=active, get_absolute_url=lambda: "/"
    )


def organisation(pk: int):
    return SimpleNamespace(pk=pk, name=f"Organisatie {pk}", get_absolute_url=lambda: "/")


def member(active=True, lead=False):
    return SimpleNamespace(
        active=active,
        is_project_lead=lead,
        resident="Naam",
        get_role_display=lambda: "vrijwilliger",
    )


def busy_network(teams: int, organisations: int):
    return build_network(
        buurt=SimpleNamespace(name="Bokt"),
        teams=[team(i, 5) for i in range(teams)],
        members={i: [member(lead=True), *[member() for _ in range(7)]] for i in range(teams)},
        organisations=[organisation(i) for i in range(organisations)],
        partner_roles={0: ["wijkagent"]},
        places={},
        links={(0, 0), (1, 3)},
        show_names=False,
    )


def test_the_big_nodes_of_a_busy_buurt_do_not_overlap_and_stay_in_the_picture():
    network = busy_network(MAX_TEAMS, MAX_ORGANISATIONS)

    big = [n for n in network.nodes if n.kind not in {"member", "member-inactive", "place"}]
    assert len(big) == MAX_TEAMS + MAX_ORGANISATIONS + 1
    for a, b in itertools.combinations(big, 2):
        assert math.dist((a.x, a.y), (b.x, b.y)) > a.r + b.r + 8, (a.label, b.label)
    for node in network.nodes:
        assert node.r <= node.x <= WIDTH - node.r and node.r <= node.y <= HEIGHT - node.r


def test_what_does_not_fit_is_counted_for_the_table():
    network = busy_network(MAX_TEAMS + 2, MAX_ORGANISATIONS + 3)
    assert (network.hidden_teams, network.hidden_organisations) == (2, 3)


def test_partners_active_teams_and_shared_activities_are_drawn_differently():
    network = busy_network(2, 4)
    kinds = {n.kind for n in network.nodes}
    assert {"buurt", "team-active", "partner", "organisation", "member"} <= kinds
    assert sum(1 for e in network.edges if e.kind == "activity") == 2
