"""Reads that several networks views share: objects for a user, the partners to contact, the
kernteams below five members, and the figures of the buurt profile ("Buurtkijker")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from buurtinbloei.models import Buurt, Wijk, Wijkteam
from buurtinbloei.permissions import Perm, may
from buurtinbloei.scoping import get_object_for_user
from talents.models import Resident, ResidentStatus, ResidentTalent

from .models import (
    ACTIVE_TEAM_SIZE,
    PARTNER_CONTACT_DAYS,
    Activity,
    BuurtFigures,
    CoreTeam,
    CoreTeamChange,
    CoreTeamMember,
    Ontwikkelplaats,
    Organisation,
    Partner,
)

#: How many activities and talents the buurt profile lists.
RECENT_ACTIVITIES = 10
TOP_TALENTS = 8


def get_organisation_for_user(user, pk: int, *, for_change: bool = False) -> Organisation:
    qs = Organisation.objects.select_related("buurt__wijk__wijkteam", "reviewed_by")
    return get_object_for_user(qs, user, pk=pk, for_change=for_change)


def get_place_for_user(user, pk: int, *, for_change: bool = False) -> Ontwikkelplaats:
    qs = Ontwikkelplaats.objects.select_related("organisation", "buurt__wijk__wijkteam")
    return get_object_for_user(qs, user, pk=pk, for_change=for_change)


def get_team_for_user(user, pk: int, *, for_change: bool = False) -> CoreTeam:
    qs = CoreTeam.objects.select_related("buurt__wijk__wijkteam", "coach").with_member_counts()
    return get_object_for_user(qs, user, pk=pk, for_change=for_change)


def may_change(obj, user) -> bool:
    """Whether the user may change this object (the same policy the change views use)."""
    return type(obj).objects.editable_by(user).filter(pk=obj.pk).exists()


def own_wijkteam_ids(user) -> set[int]:
    return set(Wijkteam.objects.visible_to(user).values_list("pk", flat=True))


# --- Partners ----------------------------------------------------------------------------------


def contact_due_before() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=PARTNER_CONTACT_DAYS)


def partners_for(user) -> QuerySet[Partner]:
    """The partners of the wijken the user works in, with the date of the last contact."""
    return (
        Partner.objects.visible_to(user)
        .filter(active=True)
        .select_related("organisation", "wijk")
        .annotate(last_contact=Max("contacts__date"))
    )


def partners_to_contact(user) -> QuerySet[Partner]:
    """Partners with no contact for three months (or never)."""
    return partners_for(user).filter(
        Q(last_contact__isnull=True) | Q(last_contact__lt=contact_due_before())
    )


# --- Kernteams ---------------------------------------------------------------------------------


def core_teams_below_size(user) -> QuerySet[CoreTeam]:
    return (
        CoreTeam.objects.visible_to(user)
        .with_member_counts()
        .filter(active_member_count__lt=ACTIVE_TEAM_SIZE)
        .select_related("buurt")
        .order_by("active_member_count", "name")
    )


def team_members(team: CoreTeam) -> QuerySet[CoreTeamMember]:
    return team.members.select_related("resident").order_by("-active", "resident__first_name", "pk")


def team_activities(team: CoreTeam) -> QuerySet[Activity]:
    return team.activities.prefetch_related(
        Prefetch("partners", queryset=Organisation.objects.order_by("name"))
    ).order_by("-starts_on", "-pk")


def team_history(team: CoreTeam) -> QuerySet[CoreTeamChange]:
    return team.changes.select_related("by").order_by("-date", "-pk")


# --- The buurt profile -------------------------------------------------------------------------


def visible_buurten(user) -> QuerySet[Buurt]:
    return Buurt.objects.filter(wijk__wijkteam__in=Wijkteam.objects.visible_to(user))


def visible_wijken(user) -> QuerySet[Wijk]:
    return Wijk.objects.filter(wijkteam__in=Wijkteam.objects.visible_to(user))


@dataclass
class Profile:
    """The figures of one buurt or one wijk (a group of buurten)."""

    buurt_ids: list[int]
    known: int = 0
    offering: int = 0
    asking: int = 0
    top_talents: list[dict] = field(default_factory=list)
    places: list[Ontwikkelplaats] = field(default_factory=list)
    free_places: int = 0
    teams: list[CoreTeam] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    inhabitants: int | None = None
    figures_buurten: int = 0
    known_in_figures: int = 0
    figures: BuurtFigures | None = None

    @property
    def active_teams(self) -> int:
        return sum(1 for t in self.teams if t.active_member_count >= ACTIVE_TEAM_SIZE)

    @property
    def reach_per_1000(self) -> float | None:
        """Residents known per 1,000 inhabitants, over the buurten with CBS figures."""
        if not self.inhabitants:
            return None
        return round(self.known_in_figures * 1000 / self.inhabitants, 1)

    @property
    def figures_complete(self) -> bool:
        return self.figures_buurten == len(self.buurt_ids)


def profile_for(buurt_ids: list[int], user, *, wijk_ids: list[int]) -> Profile:
    """Everything the Buurtkijker shows, in a fixed number of queries."""
    profile = Profile(buurt_ids=buurt_ids)
    residents = (
        Resident.objects.visible_to(user)
        .filter(buurt__in=buurt_ids)
        .exclude(status=ResidentStatus.ANONYMISED)
    )
    profile.known = residents.count()
    profile.offering = residents.offering().count()
    profile.asking = residents.asking(include_sensitive=Perm.READ_SENSITIVE in may(user)).count()
    profile.top_talents = list(
        ResidentTalent.objects.filter(resident__in=residents, offered=True)
        .values("talent__name")
        .annotate(residents=Count("resident", distinct=True))
        .order_by("-residents", "talent__name")[:TOP_TALENTS]
    )
    profile.places = list(
        Ontwikkelplaats.objects.visible_to(user)
        .available()
        .filter(buurt__in=buurt_ids)
        .select_related("organisation", "buurt")
        .order_by("title", "pk")
    )
    profile.free_places = sum(p.free_places for p in profile.places)
    profile.teams = list(
        CoreTeam.objects.visible_to(user)
        .filter(buurt__in=buurt_ids)
        .with_member_counts()
        .annotate(
            member_count=Count("members", distinct=True),
            done_activities=Count("activities", filter=Q(activities__status="done"), distinct=True),
        )
        .select_related("buurt", "coach")
        .order_by("name", "pk")
    )
    profile.activities = list(
        Activity.objects.visible_to(user)
        .filter(core_team__buurt__in=buurt_ids)
        .select_related("core_team")
        .order_by("-starts_on", "-pk")[:RECENT_ACTIVITIES]
    )
    profile.partners = list(
        partners_for(user).filter(wijk__in=wijk_ids).order_by("organisation__name", "pk")
    )
    profile.organisations = list(
        Organisation.objects.visible_to(user)
        .filter(buurt__in=buurt_ids, reviewed=True)
        .order_by("name", "pk")
    )
    figures = BuurtFigures.objects.filter(buurt__in=buurt_ids)
    totals = figures.aggregate(inhabitants=Sum("inhabitants"), buurten=Count("pk"))
    profile.inhabitants = totals["inhabitants"]
    profile.figures_buurten = totals["buurten"]
    if profile.inhabitants:
        profile.known_in_figures = residents.filter(buurt__figures__isnull=False).count()
    if len(buurt_ids) == 1:
        profile.figures = figures.first()
    return profile


def buurt_rows(wijk: Wijk, user) -> list[dict]:
    """Per buurt of a wijk: residents known, kernteams (active), free places, inhabitants."""
    buurten = list(Buurt.objects.filter(wijk=wijk).select_related("figures").order_by("name"))
    known = dict(
        Resident.objects.visible_to(user)
        .filter(buurt__wijk=wijk)
        .exclude(status=ResidentStatus.ANONYMISED)
        .values("buurt")
        .annotate(n=Count("pk"))
        .values_list("buurt", "n")
    )
    teams: dict[int, list[int]] = {}
    for buurt_id, active in (
        CoreTeam.objects.visible_to(user)
        .filter(buurt__wijk=wijk)
        .with_member_counts()
        .values_list("buurt", "active_member_count")
    ):
        teams.setdefault(buurt_id, []).append(active)
    free: dict[int, int] = {}
    for buurt_id, places, taken in (
        Ontwikkelplaats.objects.visible_to(user)
        .available()
        .filter(buurt__wijk=wijk)
        .values_list("buurt", "places", "places_taken")
    ):
        free[buurt_id] = free.get(buurt_id, 0) + places - taken
    rows = []
    for buurt in buurten:
        figures = getattr(buurt, "figures", None)
        inhabitants = figures.inhabitants if figures else None
        n = known.get(buurt.pk, 0)
        rows.append(
            {
                "buurt": buurt,
                "known": n,
                "teams": len(teams.get(buurt.pk, [])),
                "active_teams": sum(1 for a in teams.get(buurt.pk, []) if a >= ACTIVE_TEAM_SIZE),
                "free_places": free.get(buurt.pk, 0),
                "inhabitants": inhabitants,
                "reach": round(n * 1000 / inhabitants, 1) if inhabitants else None,
            }
        )
    return rows


def network_members(team_ids: list[int]) -> dict[int, list[CoreTeamMember]]:
    members: dict[int, list[CoreTeamMember]] = {}
    for member in (
        CoreTeamMember.objects.filter(core_team__in=team_ids)
        .select_related("resident")
        .order_by("-active", "resident__first_name", "pk")
    ):
        members.setdefault(member.core_team_id, []).append(member)
    return members


def network_places(organisation_ids: list[int]) -> dict[int, list[Ontwikkelplaats]]:
    places: dict[int, list[Ontwikkelplaats]] = {}
    for place in Ontwikkelplaats.objects.filter(
        organisation__in=organisation_ids, reviewed=True, active=True
    ).order_by("title", "pk"):
        places.setdefault(place.organisation_id, []).append(place)
    return places


def network_links(team_ids: list[int]) -> set[tuple[int, int]]:
    """(kernteam, organisation) pairs that worked together on an activity."""
    Through = Activity.partners.through
    return set(
        Through.objects.filter(activity__core_team__in=team_ids)
        .values_list("activity__core_team", "organisation")
        .distinct()
    )
