"""Every write of the networks app: one function each, in one transaction, audited.

Organisations and ontwikkelplaatsen contain no resident's data, but who changed what is still
recorded (the audit log names objects by type and id only).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtinbloei.audit import record
from buurtinbloei.conflicts import save_if_unchanged
from buurtinbloei.models import PostcodeArea
from buurtinbloei.privacy import PRIVACY_STATEMENT_VERSION
from buurtinbloei.public_forms import RateLimited, store_once

from .models import (
    Activity,
    ActivityStatus,
    CoreTeam,
    CoreTeamChange,
    CoreTeamMember,
    Ontwikkelplaats,
    Organisation,
    OrganisationSource,
    Partner,
    PartnerContact,
)

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "buurt",
    "description",
    "address",
    "website",
    "contact_name",
    "contact_phone",
    "contact_email",
    "wants_room",
    "wants_help",
    "request_note",
)
ONTWIKKELPLAATS_FIELDS = (
    "organisation",
    "title",
    "kind",
    "description",
    "places",
    "places_taken",
    "buurt",
    "active",
)


class NetworkError(Exception):
    """A change that cannot be made now; ``message`` says why, in plain words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SignUpRateLimited(RateLimited):
    """Too many organisation sign-ups from one address in the current period."""


# --- Organisations and ontwikkelplaatsen -------------------------------------------------------


@transaction.atomic
def organisation_save(
    *, data: dict, by, request=None, organisation=None, expected_version: int | None = None
) -> Organisation:
    """Create an organisation, or change one: then only if nobody saved it since
    ``expected_version`` (:class:`~buurtinbloei.conflicts.StaleVersion` otherwise; None: the
    caller checks nothing, e.g. a review)."""
    if organisation is not None and organisation.pk:
        values = {name: data[name] for name in ORGANISATION_FIELDS if name in data}
        save_if_unchanged(
            Organisation, pk=organisation.pk, expected_version=expected_version, **values
        )
        organisation.refresh_from_db()
        record("organisation.update", organisation, request=request, actor=by)
        return organisation
    organisation = organisation or Organisation()
    for name in ORGANISATION_FIELDS:
        if name in data:
            setattr(organisation, name, data[name])
    created = organisation.pk is None
    organisation.save()
    record(
        "organisation.create" if created else "organisation.update",
        organisation,
        request=request,
        actor=by,
    )
    return organisation


@transaction.atomic
def ontwikkelplaats_save(
    *, data: dict, by, request=None, place=None, expected_version: int | None = None
) -> Ontwikkelplaats:
    """Create an ontwikkelplaats, or change one only if nobody saved it since
    ``expected_version``. Starting or ending a match there raises the version too (it moves
    ``places_taken``), so an edit opened before never writes back an old count."""
    if place is not None and place.pk:
        values = {name: data[name] for name in ONTWIKKELPLAATS_FIELDS if name in data}
        save_if_unchanged(Ontwikkelplaats, pk=place.pk, expected_version=expected_version, **values)
        if "talents" in data:
            place.talents.set(data["talents"])
        place.refresh_from_db()
        record("ontwikkelplaats.update", place, request=request, actor=by)
        return place
    place = place or Ontwikkelplaats()
    for name in ONTWIKKELPLAATS_FIELDS:
        if name in data:
            setattr(place, name, data[name])
    created = place.pk is None
    place.save()
    if "talents" in data:
        place.talents.set(data["talents"])
    record(
        "ontwikkelplaats.create" if created else "ontwikkelplaats.update",
        place,
        request=request,
        actor=by,
    )
    return place


@transaction.atomic
def organisation_review(*, organisation: Organisation, by, request=None) -> Organisation:
    """A verbinder of the wijk has looked at a sign-up: the organisation and its ontwikkelplaatsen
    become available for matching."""
    organisation.reviewed = True
    organisation.reviewed_by = by
    organisation.reviewed_at = timezone.now()
    organisation.save(update_fields=["reviewed", "reviewed_by", "reviewed_at"])
    organisation.ontwikkelplaatsen.filter(reviewed=False).update(reviewed=True)
    record("organisation.review", organisation, request=request, actor=by)
    return organisation


@transaction.atomic
def ontwikkelplaats_review(*, place: Ontwikkelplaats, by, request=None) -> Ontwikkelplaats:
    place.reviewed = True
    place.save(update_fields=["reviewed"])
    if not place.organisation.reviewed:
        organisation_review(organisation=place.organisation, by=by, request=request)
    record("ontwikkelplaats.review", place, request=request, actor=by)
    return place


def organisation_signup_submit(*, data: dict, ip: str | None) -> Organisation:
    """Store an organisation and its ontwikkelplaats from the public form, awaiting review.

    The same form sent twice finds the first submission; the rate limit counts per address.
    """
    buurt = data["buurt"] or PostcodeArea.objects.buurt_for(data["postcode"])

    def create() -> Organisation:
        organisation = Organisation.objects.create(
            name=data["name"],
            kind=data["kind"],
            buurt=buurt,
            description=data["description"],
            address=data["address"],
            website=data["web_address"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
            wants_room=data["wants_room"],
            wants_help=data["wants_help"],
            request_note=data["request_note"],
            source=OrganisationSource.SIGNUP,
            reviewed=False,
            consent_version=PRIVACY_STATEMENT_VERSION,
            consent_given_at=timezone.now(),
            submission_token=data["token"],
        )
        place = Ontwikkelplaats.objects.create(
            organisation=organisation,
            title=data["place_title"],
            kind=data["place_kind"],
            description=data["place_description"],
            places=data["places"],
            buurt=buurt,
            reviewed=False,
        )
        place.talents.set(data["talents"])
        # No request on purpose: the audit log keeps no IP address of the public.
        record("organisation.signup", organisation)
        return organisation

    try:
        return store_once(
            Organisation, data["token"], scope="networks.signup", ip=ip, create=create
        )
    except RateLimited:
        raise SignUpRateLimited from None


# --- Partners ----------------------------------------------------------------------------------


@transaction.atomic
def partner_add(*, organisation: Organisation, data: dict, by, request=None) -> Partner:
    if Partner.objects.filter(
        organisation=organisation, wijk=data["wijk"], role=data["role"]
    ).exists():
        raise NetworkError(_("Deze organisatie heeft die rol in deze wijk al."))
    partner = Partner.objects.create(
        organisation=organisation, wijk=data["wijk"], role=data["role"], note=data["note"]
    )
    record("partner.create", partner, request=request, actor=by)
    return partner


@transaction.atomic
def partner_contact_log(*, partner: Partner, data: dict, by, request=None) -> PartnerContact:
    contact = PartnerContact.objects.create(
        partner=partner,
        date=data["date"],
        summary=data["summary"],
        agreement=data["agreement"],
        by=by,
    )
    record("partner.contact", partner, request=request, actor=by)
    return contact


# --- Kernteams ---------------------------------------------------------------------------------


@transaction.atomic
def core_team_create(*, data: dict, by, request=None) -> CoreTeam:
    today = timezone.localdate()
    team = CoreTeam.objects.create(
        name=data["name"],
        buurt=data["buurt"],
        coach=data["coach"],
        description=data["description"],
        stage=data["stage"],
        stage_since=today,
        intensity=data["intensity"],
        intensity_since=today,
    )
    CoreTeamChange.objects.bulk_create(
        [
            CoreTeamChange(core_team=team, what="stage", value=team.stage, date=today, by=by),
            CoreTeamChange(
                core_team=team, what="intensity", value=team.intensity, date=today, by=by
            ),
        ]
    )
    record("coreteam.create", team, request=request, actor=by)
    return team


@transaction.atomic
def core_team_update(
    *, team: CoreTeam, data: dict, by, expected_version: int | None = None, request=None
) -> CoreTeam:
    """Change the kernteam's name, buurt, coach and description, only if nobody saved it
    since ``expected_version`` (its stage and coaching have their own form and history)."""
    values = {name: data[name] for name in CORE_TEAM_FIELDS}
    save_if_unchanged(CoreTeam, pk=team.pk, expected_version=expected_version, **values)
    team.refresh_from_db()
    record("coreteam.update", team, request=request, actor=by)
    return team


#: What the kernteam edit form changes.
CORE_TEAM_FIELDS = ("name", "buurt", "coach", "description")


@transaction.atomic
def core_team_change(
    *,
    team: CoreTeam,
    stage: str,
    intensity: str,
    date: datetime.date,
    note: str = "",
    by,
    request=None,
) -> list[CoreTeamChange]:
    """Record a new stage and/or coaching intensity, each with its date in the history."""
    changes = []
    if stage != team.stage:
        changes.append(
            CoreTeamChange(core_team=team, what="stage", value=stage, date=date, note=note, by=by)
        )
        team.stage, team.stage_since = stage, date
    if intensity != team.intensity:
        changes.append(
            CoreTeamChange(
                core_team=team, what="intensity", value=intensity, date=date, note=note, by=by
            )
        )
        team.intensity, team.intensity_since = intensity, date
    if not changes:
        raise NetworkError(_("Er is niets veranderd: kies een andere fase of begeleiding."))
    team.save(update_fields=["stage", "stage_since", "intensity", "intensity_since"])
    CoreTeamChange.objects.bulk_create(changes)
    record("coreteam.change", team, request=request, actor=by)
    return changes


@transaction.atomic
def core_team_member_add(*, team: CoreTeam, data: dict, by, request=None) -> CoreTeamMember:
    member, created = CoreTeamMember.objects.get_or_create(
        core_team=team,
        resident=data["resident"],
        defaults={"role": data["role"], "joined_on": timezone.localdate()},
    )
    if not created:
        if member.active:
            raise NetworkError(
                _("%(name)s is al lid van dit kernteam.") % {"name": member.resident.first_name}
            )
        member.active, member.role = True, data["role"]
        member.save(update_fields=["active", "role"])
    record("coreteam.member_add", team, request=request, actor=by)
    return member


@transaction.atomic
def core_team_member_set_active(
    *, member: CoreTeamMember, active: bool, by, request=None
) -> CoreTeamMember:
    member.active = active
    member.save(update_fields=["active"])
    record("coreteam.member_update", member.core_team, request=request, actor=by)
    return member


@transaction.atomic
def activity_add(*, team: CoreTeam, data: dict, by, request=None) -> Activity:
    activity = Activity.objects.create(
        core_team=team,
        title=data["title"],
        theme=data["theme"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        participants=data["participants"],
        status=data["status"],
        verbinder_present=data["verbinder_present"],
    )
    activity.partners.set(data["partners"])
    record("activity.create", activity, request=request, actor=by)
    return activity


def ready_for_next_stage(team: CoreTeam) -> bool:
    """The ladder to independence: the last two activities done since the current stage began
    both ran without the verbinder present. The verbinder confirms the step."""
    if team.next_stage is None:
        return False
    last_two = list(
        Activity.objects.filter(
            core_team=team, status=ActivityStatus.DONE, starts_on__gte=team.stage_since
        )
        .order_by("-starts_on", "-pk")
        .values_list("verbinder_present", flat=True)[:2]
    )
    return len(last_two) == 2 and not any(last_two)
