"""Ranked match suggestions that say why (issue 11).

For a request: residents who offer its talent and ontwikkelplaatsen that can help. For a resident
who offers talents: the open requests and ontwikkelplaatsen that fit. Nearest first (same buurt,
same wijk, same wijkteam, the rest of the city); then fewer active matches, the asker's language,
the freshest offer, and the pk, so the order never wobbles between two looks.

Ranking, filters and the LIMIT run in the database: the distance is a CASE over the candidate's
buurt (the buurt ids of the wijk and the wijkteam are looked up first, so it is a condition on
the row's own column), the active matches are counted by correlated subqueries on the match
indexes, and an offer is found through the ``talent_offers`` index. Candidates near the request
(its wijkteam) come in one query; the rest of the city is asked only when those do not fill the
list, so a common talent ("Koken": 22,000 offers at city scale) never makes the database rank
the whole city. How many queries run therefore depends on how far the list has to look, never
on how many candidates there are.

Across wijkteams the access policy decides: residents (and requests) outside the user's own
wijkteams come only through ``discoverable_by(user)``, as dictionaries of the reduced fields
(first name, wijk, whom to contact). Their suggestion's reasons say only what those fields
allow; the ranking may use more (an ``alias`` orders, it is never fetched).
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buurtinbloei.models import Buurt
from buurtinbloei.permissions import Perm, may
from networks.models import HouseMember, Ontwikkelplaats, StudentHouse
from talents.models import Resident, ResidentStatus, ResidentTalent, Talent

from ..models import ACTIVE_STATUSES, Match, Request, RequestStatus

BUURT, WIJK, WIJKTEAM, CITY = range(4)

#: Statuses of residents who are never put forward (the policy's discoverable_rows agrees).
NOT_SUGGESTED = (ResidentStatus.RESTING, ResidentStatus.ANONYMISED)

#: What counts as Dutch in the free-text languages field ("Nederlands, Arabisch").
DUTCH = {"nederlands", "dutch", "nl", "nederlandse taal"}


# --- helpers --------------------------------------------------------------------------------------


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months earlier (the last day of a shorter month)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def stale_before(today: datetime.date | None = None) -> datetime.date:
    """An offer last confirmed before this day is stale (``OFFER_STALE_MONTHS``)."""
    return months_before(today or datetime.date.today(), settings.OFFER_STALE_MONTHS)


def languages_of(text: str) -> list[str]:
    """The languages in a free-text field other than Dutch, as written ("Arabisch")."""
    found: list[str] = []
    for part in re.split(r"[,;/+&]|\ben\b|\band\b", text or "", flags=re.IGNORECASE):
        name = part.strip(" .")
        if (
            name
            and name.casefold() not in DUTCH
            and name.casefold() not in map(str.casefold, found)
        ):
            found.append(name[:1].upper() + name[1:])
    return found


def asker_languages(request: Request) -> list[str]:
    """The asker's language besides Dutch: the sign-up's preferred language, else the
    resident's languages."""
    if request.signup_id and request.signup.preferred_language:
        found = languages_of(request.signup.preferred_language)
        if found:
            return found
    if request.resident_id:
        return languages_of(request.resident.languages)
    return []


def _speaks(languages: list[str]) -> Case | Value:
    """0 for a resident who speaks one of ``languages``, 1 otherwise (ordering: speakers first)."""
    if not languages:
        return Value(1, output_field=IntegerField())
    q = Q()
    for language in languages:
        q |= Q(languages__icontains=language)
    return Case(When(q, then=Value(0)), default=Value(1), output_field=IntegerField())


def _active_matches(outer: str = "pk") -> Coalesce:
    """How many active matches (proposed, introduction, started) a resident is in, either side;
    each count is one probe of the (resident_a, status) or (resident_b, status) index."""
    active = Match.objects.filter(status__in=ACTIVE_STATUSES).order_by()

    def count(side: str) -> Coalesce:
        rows = active.filter(**{side: OuterRef(outer)}).values(side).annotate(n=Count("pk"))
        return Coalesce(Subquery(rows.values("n")[:1]), 0)

    return count("resident_a") + count("resident_b")


@dataclass(frozen=True)
class Area:
    """Where the distance is measured from: a buurt (if known), its wijk's buurten and the
    wijkteam's buurten, looked up once so that every distance is a condition on a buurt id."""

    buurt_id: int | None
    wijk_buurt_ids: tuple[int, ...]
    wijkteam_id: int | None
    wijkteam_buurt_ids: tuple[int, ...]

    @classmethod
    def around(cls, buurt_id: int | None, wijkteam_id: int | None) -> Area:
        q = Q(wijk__wijkteam_id=wijkteam_id) if wijkteam_id else Q(pk__in=[])
        if buurt_id:
            q |= Q(wijk_id=Subquery(Buurt.objects.filter(pk=buurt_id).values("wijk_id")[:1]))
        rows = list(Buurt.objects.filter(q).values_list("pk", "wijk_id", "wijk__wijkteam_id"))
        wijk_id = next((wijk for pk, wijk, _team in rows if pk == buurt_id), None)
        return cls(
            buurt_id=buurt_id,
            wijk_buurt_ids=tuple(
                sorted(pk for pk, wijk, _t in rows if wijk_id and wijk == wijk_id)
            ),
            wijkteam_id=wijkteam_id,
            wijkteam_buurt_ids=tuple(sorted(pk for pk, _w, team in rows if team == wijkteam_id)),
        )

    def _all_buurt_ids(self) -> list[int]:
        ids = set(self.wijk_buurt_ids) | set(self.wijkteam_buurt_ids)
        if self.buurt_id:
            ids.add(self.buurt_id)
        return sorted(ids)

    def near(self, fallback: str | None = None) -> Q:
        """Rows in the wijkteam's area (or the wijk or buurt); ``fallback`` names the column
        that places a row without a buurt in a wijkteam."""
        q = Q(buurt_id__in=self._all_buurt_ids())
        if fallback and self.wijkteam_id:
            q |= Q(buurt_id__isnull=True, **{fallback: self.wijkteam_id})
        return q

    def rings(self, fallback: str | None = None) -> list[tuple[Q, Case]]:
        """The near area as rings, nearest first (buurt, the rest of its wijk, the rest of the
        wijkteam), each with its distance; empty rings are left out."""
        buurt = {self.buurt_id} if self.buurt_id else set()
        wijk = set(self.wijk_buurt_ids) - buurt
        team = set(self.wijkteam_buurt_ids) - wijk - buurt
        found = []
        if buurt:
            found.append((Q(buurt_id=self.buurt_id), BUURT))
        if wijk:
            found.append((Q(buurt_id__in=sorted(wijk)), WIJK))
        team_q = Q(buurt_id__in=sorted(team)) if team else None
        if fallback and self.wijkteam_id:
            own = Q(buurt_id__isnull=True, **{fallback: self.wijkteam_id})
            team_q = own if team_q is None else team_q | own
        if team_q is not None:
            found.append((team_q, WIJKTEAM))
        # The CASE gives every row of a ring the same distance; it stays the one definition.
        return [(q, self.distance(fallback)) for q, _d in found]

    def distance(self, fallback: str | None = None) -> Case:
        whens = []
        if self.buurt_id:
            whens.append(When(buurt_id=self.buurt_id, then=Value(BUURT)))
        if self.wijk_buurt_ids:
            whens.append(When(buurt_id__in=list(self.wijk_buurt_ids), then=Value(WIJK)))
        team = Q(buurt_id__in=list(self.wijkteam_buurt_ids)) if self.wijkteam_buurt_ids else None
        if fallback and self.wijkteam_id:
            own = Q(buurt_id__isnull=True, **{fallback: self.wijkteam_id})
            team = own if team is None else team | own
        if team is not None:
            whens.append(When(team, then=Value(WIJKTEAM)))
        if not whens:
            return Value(CITY, output_field=IntegerField())
        return Case(*whens, default=Value(CITY), output_field=IntegerField())


def distance_reason(distance: int) -> str:
    return {
        BUURT: _("zelfde buurt"),
        WIJK: _("zelfde wijk"),
        WIJKTEAM: _("zelfde wijkteam"),
    }.get(distance, _("elders in de stad"))


def active_reason(count: int) -> str:
    if not count:
        return _("nog geen actieve match")
    return ngettext("%(n)s actieve match", "%(n)s actieve matches", count) % {"n": count}


def free_places_reason(free: int) -> str:
    return ngettext("heeft %(n)s vrije plaats", "heeft %(n)s vrije plaatsen", free) % {"n": free}


# --- the result -----------------------------------------------------------------------------------


@dataclass
class Suggestion:
    """One candidate and why.

    ``kind`` is "resident", "place" or "request"; ``obj`` the model instance, or, when
    ``is_elsewhere``, the policy's reduced dictionary (first name, wijk, whom to contact) and
    nothing more. ``request`` and ``talent`` are what a match made from it would record."""

    kind: str
    obj: Any
    reasons: list[str]
    is_elsewhere: bool = False
    distance: int = CITY
    talent: Talent | None = None
    request: Request | None = None
    #: The offer's note (the template shows it only to those who may read notes).
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def pk(self) -> int:
        return self.obj["pk"] if self.is_elsewhere else self.obj.pk

    @property
    def contact_name(self) -> str:
        if not self.is_elsewhere:
            return ""
        first = self.obj.get("contact_first_name") or ""
        return f"{first} {self.obj.get('contact_last_name') or ''}".strip()

    @property
    def contact_team(self) -> str:
        """The reduced row's wijkteam, to ask when nobody is named."""
        if not self.is_elsewhere:
            return ""
        return self.obj.get("wijkteam") or self.obj.get("wijkteam_name") or ""

    @property
    def contact_email(self) -> str:
        return (self.obj.get("contact_email") or "") if self.is_elsewhere else ""


def _in_order(items: list[Suggestion], limit: int) -> list[Suggestion]:
    # Each list came ranked from the database; a stable sort by distance interleaves them
    # (people before places at the same distance) without touching their own order.
    kinds = {"resident": 0, "request": 0, "place": 1, "house": 1}
    return sorted(items, key=lambda s: (s.distance, kinds[s.kind]))[:limit]


# --- for a request --------------------------------------------------------------------------------


def _offering(qs: QuerySet, talent: Talent, since: datetime.date) -> QuerySet:
    """Residents with a fresh offer of ``talent``, joined once through ``talent_offers``."""
    offer = FilteredRelation(
        "talent_links",
        condition=Q(
            talent_links__talent=talent,
            talent_links__offered=True,
            talent_links__confirmed_on__gte=since,
        ),
    )
    return qs.alias(offer=offer).filter(offer__isnull=False)


def _previously_matched(request: Request) -> tuple[set[int], set[int]]:
    """Residents and places matched for this request before (in any status: a stopped match
    must not bring the same person back), or with its asker for its talent."""
    q = Q(request=request)
    if request.talent_id:
        asker = (
            Q(resident_a=request.resident_id) | Q(resident_b=request.resident_id)
            if request.resident_id
            else Q(place_a=request.ontwikkelplaats_id) | Q(place_b=request.ontwikkelplaats_id)
        )
        q |= asker & Q(talent=request.talent_id)
    residents: set[int] = set()
    places: set[int] = set()
    for a, b, pa, pb in Match.objects.filter(q).values_list(
        "resident_a", "resident_b", "place_a", "place_b"
    ):
        residents.update(x for x in (a, b) if x)
        places.update(x for x in (pa, pb) if x)
    return residents, places


def suggestions_for_request(user, request: Request, *, limit: int = 10) -> list[Suggestion]:
    """Ranked candidates for ``request`` that ``user`` may see (see the module's docstring)."""
    if not request.talent_id:
        return []
    talent = request.talent
    since = stale_before()
    area = Area.around(request.buurt_id, request.wijkteam_id)
    matched_residents, matched_places = _previously_matched(request)
    if request.resident_id:
        matched_residents.add(request.resident_id)
    if request.ontwikkelplaats_id:
        matched_places.add(request.ontwikkelplaats_id)
    languages = asker_languages(request)
    maximum = settings.MATCH_MAX_ACTIVE_PER_RESIDENT
    order = ("distance", "active_count", "speaks", "-offer_confirmed_on", "pk")

    def candidates(qs: QuerySet) -> QuerySet:
        return (
            _offering(qs, talent, since)
            .exclude(status__in=NOT_SUGGESTED)
            .exclude(pk__in=sorted(matched_residents))
            # Counted for the offer's resident: the condition then belongs to the offer row, so
            # the database counts only for residents who offer, not for a whole buurt.
            .alias(active_count=_active_matches("offer__resident_id"))
            .filter(active_count__lt=maximum)
        )

    def full(qs: QuerySet, distance, n: int) -> list[Resident]:
        return list(
            candidates(qs)
            .annotate(
                distance=distance,
                active_matches=F("active_count"),
                speaks=_speaks(languages),
                offer_confirmed_on=F("offer__confirmed_on"),
                offer_note=F("offer__note"),
            )
            .select_related("buurt__wijk")
            .order_by(*order)[:n]
        )

    # Nearest first, one ring at a time: a ring further out is asked only while the list is
    # not full, so the database ranks a buurt's offers, not the city's.
    visible = Resident.objects.visible_to(user)
    residents: list[Resident] = []
    for ring, distance in area.rings("fallback_wijkteam_id"):
        if len(residents) >= limit:
            break
        residents += full(visible.filter(ring), distance, limit - len(residents))
    near_q = area.near("fallback_wijkteam_id")
    reduced: list[dict] = []
    if len(residents) < limit:
        residents += full(visible.exclude(near_q), Value(CITY), limit - len(residents))
    if len(residents) < limit and Perm.DISCOVER_ACROSS_WIJKTEAMS in may(user):
        rows = (
            candidates(Resident.objects.exclude(near_q))
            .alias(speaks=_speaks(languages), offer_confirmed_on=F("offer__confirmed_on"))
            .discoverable_by(user)
            .order_by("active_count", "speaks", "-offer_confirmed_on", "pk")
        )
        reduced = list(rows[: limit - len(residents)])

    items = [_resident_suggestion(r, talent, request, languages) for r in residents]
    items += [
        Suggestion(
            kind="resident",
            obj=row,
            reasons=[
                distance_reason(CITY),
                _("biedt %(talent)s aan") % {"talent": talent.display_name},
            ],
            is_elsewhere=True,
            distance=CITY,
            talent=talent,
            request=request,
        )
        for row in reduced
    ]
    items += _places_for_request(user, request, talent, area, matched_places, limit)
    if request.resident_id:
        items += _houses_for_request(user, request, talent, area, limit)
    return _in_order(items, limit)


def _resident_suggestion(
    resident: Resident, talent: Talent, request: Request, languages: list[str]
) -> Suggestion:
    reasons = [
        distance_reason(resident.distance),
        _("biedt %(talent)s aan") % {"talent": talent.display_name},
    ]
    spoken = resident.languages.casefold()
    for language in languages:
        if language.casefold() in spoken:
            reasons.append(_("spreekt %(language)s") % {"language": language})
            break
    reasons.append(active_reason(resident.active_matches))
    return Suggestion(
        kind="resident",
        obj=resident,
        reasons=reasons,
        distance=resident.distance,
        talent=talent,
        request=request,
        note=resident.offer_note,
    )


def _places_for_request(
    user, request: Request, talent: Talent, area: Area, exclude: set[int], limit: int
) -> list[Suggestion]:
    wanted = Ontwikkelplaats.talents.through.objects.filter(
        ontwikkelplaats=OuterRef("pk"), talent=talent
    )
    places = (
        Ontwikkelplaats.objects.visible_to(user)
        .available()
        .filter(Exists(wanted))
        .exclude(pk__in=sorted(exclude))
        .annotate(distance=area.distance(), free=F("places") - F("places_taken"))
        .select_related("organisation", "buurt__wijk")
        .order_by("distance", "-free", "pk")[:limit]
    )
    return [
        Suggestion(
            kind="place",
            obj=place,
            reasons=[
                distance_reason(place.distance),
                _("zoekt %(talent)s") % {"talent": talent.display_name},
                free_places_reason(place.free),
            ],
            distance=place.distance,
            talent=talent,
            request=request,
        )
        for place in places
    ]


def current_semester(day: datetime.date) -> str:
    """The semester a day falls in, as the availability lines name it ("najaar 2026")."""
    if day.month >= 8:
        return f"najaar {day.year}"
    if day.month == 1:
        return f"najaar {day.year - 1}"
    return f"voorjaar {day.year}"


def _houses_for_request(
    user, request: Request, talent: Talent, area: Area, limit: int
) -> list[Suggestion]:
    """Student houses that offer the talent as a house, with at least one active member and
    not matched for this request (or with this asker for this talent) before: nearest first,
    then fewer active matches. A house counts as one helper."""
    before = Match.objects.filter(
        Q(request=request) | Q(resident_a=request.resident_id, talent=talent), house_b__isnull=False
    ).values("house_b")
    offers = StudentHouse.talents.through.objects.filter(studenthouse=OuterRef("pk"), talent=talent)
    members = HouseMember.objects.filter(house=OuterRef("pk"), active=True)
    active = (
        Match.objects.filter(house_b=OuterRef("pk"), status__in=ACTIVE_STATUSES)
        .order_by()
        .values("house_b")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    houses = (
        StudentHouse.objects.visible_to(user)
        .matchable()
        .filter(Exists(offers), Exists(members))
        .exclude(pk__in=before)
        .annotate(distance=area.distance(), active_count=Coalesce(Subquery(active), 0))
        .select_related("buurt__wijk")
        .order_by("distance", "active_count", "pk")[:limit]
    )
    semester = current_semester(datetime.date.today())
    items = []
    for house in houses:
        reasons = [
            distance_reason(house.distance),
            _("biedt als huis %(talent)s aan") % {"talent": talent.display_name},
        ]
        when = next(
            (row["when"] for row in house.availability or [] if row["semester"] == semester), ""
        )
        if when:
            available = _("beschikbaar %(semester)s: %(when)s")
            reasons.append(available % {"semester": semester, "when": when})
        reasons.append(active_reason(house.active_count))
        items.append(
            Suggestion(
                kind="house",
                obj=house,
                reasons=reasons,
                distance=house.distance,
                talent=talent,
                request=request,
            )
        )
    return items


# --- for a resident who offers --------------------------------------------------------------------


def why_not_suggested(resident: Resident) -> str:
    """Why a resident gets no suggestions at all (resting, or at the maximum of active
    matches); empty when they do."""
    if resident.status in NOT_SUGGESTED:
        return _("Deze inwoner staat niet open voor een match (in rust of geanonimiseerd).")
    maximum = settings.MATCH_MAX_ACTIVE_PER_RESIDENT
    active = Match.objects.active().involving_resident(resident).count()
    if active >= maximum:
        return ngettext(
            "Deze inwoner heeft al %(n)s actieve match, het maximum.",
            "Deze inwoner heeft al %(n)s actieve matches, het maximum.",
            active,
        ) % {"n": active}
    return ""


def stale_offers(resident: Resident) -> QuerySet[ResidentTalent]:
    """The resident's offers that are left out of suggestions until someone confirms them."""
    return (
        resident.talent_links.filter(offered=True, confirmed_on__lt=stale_before())
        .select_related("talent")
        .order_by("talent__name", "pk")
    )


def suggestions_for_resident(user, resident: Resident, *, limit: int = 10) -> list[Suggestion]:
    """Open requests for talents ``resident`` offers (fresh offers only) and ontwikkelplaatsen
    that want a talent they offer or want to develop, nearest first."""
    if why_not_suggested(resident):
        return []
    since = stale_before()
    links = list(
        resident.talent_links.filter(
            Q(offered=True, confirmed_on__gte=since) | Q(wants_to_develop=True)
        ).select_related("talent")
    )
    talents = {link.talent_id: link.talent for link in links}
    offered = sorted(
        {link.talent_id for link in links if link.offered and link.confirmed_on >= since}
    )
    develop = sorted({link.talent_id for link in links if link.wants_to_develop})
    if not talents:
        return []
    area = Area.around(resident.buurt_id, resident.wijkteam_id)
    done = Match.objects.filter(Q(resident_a=resident) | Q(resident_b=resident))
    matched_requests = sorted(
        pk for pk in done.values_list("request_id", flat=True).distinct() if pk
    )
    busy_places = sorted(
        pk
        for pk in done.filter(status__in=ACTIVE_STATUSES)
        .values_list("place_b_id", flat=True)
        .distinct()
        if pk
    )
    items: list[Suggestion] = []
    if offered:
        wanted = (
            Request.objects.filter(status=RequestStatus.OPEN, talent_id__in=offered)
            .exclude(resident=resident)
            .exclude(pk__in=matched_requests)
        )
        distance = area.distance("wijkteam_id")
        requests = list(
            wanted.visible_to(user)
            .annotate(distance=distance)
            .select_related("resident", "ontwikkelplaats", "talent", "buurt__wijk")
            .order_by("distance", "created_on", "pk")[:limit]
        )
        items += [_request_suggestion(r) for r in requests]
        if Perm.DISCOVER_ACROSS_WIJKTEAMS in may(user):
            rows = (
                wanted.alias(distance=distance)
                .discoverable_by(user)
                .order_by("distance", "created_on", "pk")[:limit]
            )
            items += [
                Suggestion(
                    kind="request",
                    obj=row,
                    reasons=[
                        distance_reason(CITY),
                        _("vraagt om %(talent)s")
                        % {"talent": talents[row["talent_id"]].display_name},
                    ],
                    is_elsewhere=True,
                    distance=CITY,
                    talent=talents[row["talent_id"]],
                )
                for row in rows
            ]
    through = Ontwikkelplaats.talents.through.objects.filter(ontwikkelplaats=OuterRef("pk"))
    fitting = through.filter(talent_id__in=offered + develop)
    places = (
        Ontwikkelplaats.objects.visible_to(user)
        .available()
        .filter(Exists(fitting))
        .exclude(pk__in=busy_places)
        .annotate(
            distance=area.distance(),
            free=F("places") - F("places_taken"),
            # An offered talent first: giving is what the resident came with.
            fits_offer=Subquery(
                through.filter(talent_id__in=offered).values("talent_id").order_by("talent_id")[:1]
            ),
            fits_wish=Subquery(
                through.filter(talent_id__in=develop).values("talent_id").order_by("talent_id")[:1]
            ),
        )
        .select_related("organisation", "buurt__wijk")
        .order_by("distance", "-free", "pk")[:limit]
    )
    for place in places:
        reasons = [distance_reason(place.distance)]
        if place.fits_offer:
            reasons.append(
                _("zoekt %(talent)s") % {"talent": talents[place.fits_offer].display_name}
            )
        if place.fits_wish:
            reasons.append(
                _("hier kan %(talent)s ontwikkeld worden") % {"talent": talents[place.fits_wish]}
            )
        reasons.append(free_places_reason(place.free))
        items.append(
            Suggestion(
                kind="place",
                obj=place,
                reasons=reasons,
                distance=place.distance,
                talent=talents[place.fits_offer or place.fits_wish],
            )
        )
    return _in_order(items, limit)


def _request_suggestion(request: Request) -> Suggestion:
    return Suggestion(
        kind="request",
        obj=request,
        reasons=[
            distance_reason(request.distance),
            _("vraagt om %(talent)s") % {"talent": request.talent.display_name},
            _("open sinds %(date)s") % {"date": date_format(request.created_on, "j F Y")},
        ],
        distance=request.distance,
        talent=request.talent,
        request=request,
    )
