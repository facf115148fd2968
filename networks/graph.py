"""The picture of a buurt's network: a server-rendered SVG, no JavaScript graph library.

A fixed radial layout is enough for the size of a buurt and reads the same every time: the buurt
in the middle, its kernteams on the left with their members around them, organisations and
partners on the right with their ontwikkelplaatsen around them, and a dashed line where a
kernteam and an organisation worked together on an activity. The template draws it; the same
data feeds the table that screen readers (and anyone who prefers a table) get.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.text import Truncator
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 960, 660
CENTRE = (WIDTH / 2, HEIGHT / 2)
#: Teams and organisations sit on two alternating rings (an ellipse, stretched to the picture's
#: width), so that neighbours and their labels do not overlap.
RINGS = (175, 255)
STRETCH = 1.35
#: At most this many kernteams and organisations are drawn; the table lists them all.
MAX_TEAMS, MAX_ORGANISATIONS = 8, 14
MAX_SATELLITES = 8


@dataclass
class Node:
    x: float
    y: float
    r: float
    kind: str  # buurt, team, team-active, member, member-inactive, organisation, partner, place
    label: str = ""
    title: str = ""
    href: str = ""
    label_y: float = 0.0

    @property
    def shape(self) -> str:
        if self.kind in {"organisation", "partner"}:
            return "rect"
        return "diamond" if self.kind == "place" else "circle"

    @property
    def corner(self) -> tuple[float, float]:
        return round(self.x - self.r, 1), round(self.y - self.r, 1)

    @property
    def size(self) -> float:
        return self.r * 2

    @property
    def points(self) -> str:
        x, y, r = self.x, self.y, self.r
        return f"{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}"


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str  # spoke, member, place, activity


@dataclass
class Network:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    hidden_teams: int = 0
    hidden_organisations: int = 0
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def _polar(angle_deg: float, radius: float, origin=CENTRE, stretch: float = 1.0):
    a = math.radians(angle_deg)
    x = origin[0] + radius * stretch * math.cos(a)
    return round(x, 1), round(origin[1] + radius * math.sin(a), 1)


def _spread(count: int, start: float, end: float) -> list[float]:
    if count == 1:
        return [(start + end) / 2]
    step = (end - start) / (count - 1)
    return [start + i * step for i in range(count)]


def _short(text: str, length: int = 22) -> str:
    return Truncator(text).chars(length)


def _satellites(network: Network, parent: Node, items, make) -> None:
    """Small nodes beside ``parent``, fanned out sideways away from the centre (left on the
    left half, right on the right half) and downwards; the label sits above the node."""
    # From just above the horizontal down to straight below (SVG's y axis points down).
    start, end = (200, 90) if parent.x < CENTRE[0] else (-20, 90)
    shown = items[:MAX_SATELLITES]
    for item_angle, item in zip(_spread(len(shown), start, end), shown, strict=True):
        x, y = _polar(item_angle, 56, origin=(parent.x, parent.y))
        node = make(item, x, y)
        network.edges.append(Edge(parent.x, parent.y, x, y, node.kind.split("-")[0]))
        network.nodes.append(node)


def build_network(
    *,
    buurt,
    teams,
    members: dict,
    organisations,
    partner_roles: dict,
    places: dict,
    links: set,
    show_names: bool,
) -> Network:
    """Lay out the network of one buurt. ``teams`` carry ``active_member_count``;
    ``partner_roles`` maps an organisation id to its role labels in the wijk.

    Every kernteam and organisation gets an equal slice of the circle: kernteams together on
    the left, organisations clockwise from there over the top, the right and the bottom.
    """
    from .models import ACTIVE_TEAM_SIZE

    network = Network()
    cx, cy = CENTRE
    positions: dict[tuple[str, int], Node] = {}

    shown_teams = list(teams)[:MAX_TEAMS]
    network.hidden_teams = max(len(teams) - MAX_TEAMS, 0)
    shown_orgs = list(organisations)[:MAX_ORGANISATIONS]
    network.hidden_organisations = max(len(organisations) - MAX_ORGANISATIONS, 0)
    # Every node gets a slice of the circle, a kernteam (with its members) twice as wide:
    # kernteams together on the left, organisations clockwise from there over the top, the
    # right and the bottom. Kernteams sit on the inner ring, organisations alternate between
    # the outer and the inner one, so that neighbours and their labels do not overlap.
    weights = [2.0] * len(shown_teams) + [1.0] * len(shown_orgs)
    slot = 360 / sum(weights) if weights else 0
    team_span = 2 * slot * len(shown_teams)
    start = 180 - team_span / 2 if shown_teams else 180 - slot / 2
    angles, at = [], start
    for weight in weights:
        angles.append(at + weight * slot / 2)
        at += weight * slot
    two_rings = len(shown_orgs) > 6

    def place_on_circle(k: int) -> tuple[float, float]:
        org_index = k - len(shown_teams)
        inner = org_index < 0 or (two_rings and org_index % 2 == 1)
        radius = RINGS[0] if inner else RINGS[1]
        return _polar(angles[k], radius, stretch=STRETCH)

    for k, team in enumerate(shown_teams):
        x, y = place_on_circle(k)
        active = team.active_member_count >= ACTIVE_TEAM_SIZE
        node = Node(
            x,
            y,
            22,
            "team-active" if active else "team",
            label=_short(team.name),
            title=_("%(name)s: %(count)s actieve leden")
            % {"name": team.name, "count": team.active_member_count},
            href=team.get_absolute_url(),
            label_y=y - 22 - 7,
        )
        network.edges.append(Edge(cx, cy, x, y, "spoke"))
        positions[("team", team.pk)] = node

        def member_node(member, mx, my):
            title = str(member.resident) if show_names else member.get_role_display()
            kind = "member" if member.active else "member-inactive"
            return Node(mx, my, 9 if member.is_project_lead else 7, kind, title=title)

        _satellites(network, node, members.get(team.pk, []), member_node)

    for k, organisation in enumerate(shown_orgs, start=len(shown_teams)):
        x, y = place_on_circle(k)
        roles = partner_roles.get(organisation.pk, [])
        node = Node(
            x,
            y,
            16,
            "partner" if roles else "organisation",
            label=_short(organisation.name),
            title=", ".join([organisation.name, *roles]),
            href=organisation.get_absolute_url(),
            label_y=y - 16 - 7,
        )
        network.edges.append(Edge(cx, cy, x, y, "spoke"))
        positions[("organisation", organisation.pk)] = node

        def place_node(place, px, py):
            return Node(
                px,
                py,
                8,
                "place",
                title=_("%(title)s: %(free)s van %(places)s plaatsen vrij")
                % {"title": place.title, "free": place.free_places, "places": place.places},
            )

        _satellites(network, node, places.get(organisation.pk, []), place_node)

    for team_id, organisation_id in sorted(links):
        a, b = positions.get(("team", team_id)), positions.get(("organisation", organisation_id))
        if a and b:
            network.edges.append(Edge(a.x, a.y, b.x, b.y, "activity"))

    # The big nodes go last, so they are drawn over the lines.
    network.nodes += positions.values()
    network.nodes.append(
        Node(cx, cy, 34, "buurt", label=_short(buurt.name, 28), title=buurt.name, label_y=cy + 54)
    )
    return network
