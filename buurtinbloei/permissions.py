"""What each role may do, by name: the one place where roles are spelled out.

Views, menus, home page panels, templates and the scoping policies ask for a named permission
(``user.may.change_residents``, ``@requires(Perm.CHANGE_RESIDENTS)``, ``{% if may.read_notes %}``),
never for a role; a test refuses role literals anywhere else. Which *rows* a permission applies to
is the scoping policy's business (:mod:`buurtinbloei.scoping`): "may change residents" means "the
residents of your own wijkteams".
"""

from __future__ import annotations

from enum import StrEnum
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    BEHEERDER = "beheerder", _("beheerder")
    COORDINATOR = "coordinator", _("coördinator")
    VERBINDER = "verbinder", _("verbinder")
    PARTNER = "partner", _("partner")


class Perm(StrEnum):
    #: Reads span every wijkteam (coördinatoren, beheerders); otherwise the own wijkteams.
    SEE_WHOLE_CITY = "see_whole_city"
    #: Works inside wijkteams: reads and changes what belongs to the own wijkteams.
    WORK_IN_WIJKTEAMS = "work_in_wijkteams"
    VIEW_WIJKTEAMS = "view_wijkteams"
    #: Residents' names, contact details and talents (lists and pages).
    VIEW_RESIDENTS = "view_residents"
    #: Create and edit residents, their talents and conversations; street capture.
    CHANGE_RESIDENTS = "change_residents"
    #: What was said: conversation notes and a resident's talent notes.
    READ_NOTES = "read_notes"
    #: Conversations marked sensitive (health, GGZ), only ever of the own wijkteams.
    READ_SENSITIVE = "read_sensitive"
    #: The list and count of public sign-ups (first names only for those who triage).
    VIEW_INBOX = "view_inbox"
    #: Open a sign-up, take it, link it to a resident; e-mail about new sign-ups.
    TRIAGE_SIGNUPS = "triage_signups"
    #: Residents of other wijkteams, reduced to first name, wijk, talent and contact verbinder.
    DISCOVER_ACROSS_WIJKTEAMS = "discover_across_wijkteams"
    #: Users, wijkteams, the talent list and the audit log, in the Django admin.
    MANAGE_APPLICATION = "manage_application"
    #: Refer a resident (with their consent) and follow one's own referrals: partners.
    REFER_RESIDENTS = "refer_residents"
    #: Organisations, ontwikkelplaatsen, kernteams, partners and the buurt profile (networks).
    VIEW_NETWORKS = "view_networks"
    #: Create and change them (organisations and ontwikkelplaatsen of the own wijkteams' buurten,
    #: kernteams and their members and activities, partner contacts) and review sign-ups.
    CHANGE_NETWORKS = "change_networks"
    #: The phone number and e-mail address of an organisation's contact person.
    READ_CONTACT_PERSONS = "read_contact_persons"
    #: Who is in a kernteam, by name (coördinatoren see the figures without names).
    SEE_TEAM_MEMBERS = "see_team_members"
    #: The KPI dashboard and its exports (aggregates only: no names, no notes); verbinders
    #: open it on their own wijkteam and may look at the city's totals.
    VIEW_KPIS = "view_kpis"
    #: The audit log viewer, its CSV export and the periodic review report (privacy officer).
    REVIEW_AUDIT_LOG = "review_audit_log"
    #: Impact stories of the own wijkteams in full (unpublished ones too, and who is in them):
    #: write them and record each quoted or shown person's consent.
    SHARE_STORIES = "share_stories"
    #: Landing routes after GGZ care (routes app): set one up for a resident of the own
    #: wijkteams, record its consent matrix, log its check-ins; see what other wijkteams' routes
    #: share with verbinders (only what their consent matrix allows).
    RUN_ROUTES = "run_routes"
    #: A GGZ counsellor (partner) follows the routes they are counsellor of: progress, and what
    #: the consent matrix allows the GGZ partner; never conversation notes.
    FOLLOW_ROUTES = "follow_routes"
    #: Landing routes as counts only (per wijkteam): no names, no notes.
    COUNT_ROUTES = "count_routes"


ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.VERBINDER: frozenset(
        {
            Perm.WORK_IN_WIJKTEAMS,
            Perm.VIEW_WIJKTEAMS,
            Perm.VIEW_RESIDENTS,
            Perm.CHANGE_RESIDENTS,
            Perm.READ_NOTES,
            Perm.READ_SENSITIVE,
            Perm.VIEW_INBOX,
            Perm.TRIAGE_SIGNUPS,
            Perm.DISCOVER_ACROSS_WIJKTEAMS,
            Perm.VIEW_NETWORKS,
            Perm.CHANGE_NETWORKS,
            Perm.READ_CONTACT_PERSONS,
            Perm.SEE_TEAM_MEMBERS,
            Perm.VIEW_KPIS,
            Perm.SHARE_STORIES,
            Perm.RUN_ROUTES,
            Perm.COUNT_ROUTES,
        }
    ),
    # Coördinatoren look along city-wide: lists without notes, never sensitive ones (DESIGN.md).
    Role.COORDINATOR: frozenset(
        {
            Perm.SEE_WHOLE_CITY,
            Perm.VIEW_WIJKTEAMS,
            Perm.VIEW_RESIDENTS,
            Perm.VIEW_INBOX,
            Perm.VIEW_NETWORKS,
            Perm.VIEW_KPIS,
            Perm.COUNT_ROUTES,
        }
    ),
    # Beheerders manage the application, not residents (DESIGN.md); steering on the figures is
    # the coördinatoren's and verbinders' work, so no KPI dashboard either.
    Role.BEHEERDER: frozenset(
        {
            Perm.SEE_WHOLE_CITY,
            Perm.VIEW_WIJKTEAMS,
            Perm.MANAGE_APPLICATION,
            Perm.REVIEW_AUDIT_LOG,
        }
    ),
    # Partners see only what a model's policy gives them explicitly (their own referrals).
    Role.PARTNER: frozenset({Perm.REFER_RESIDENTS, Perm.FOLLOW_ROUTES}),
}


def permissions_of(role: str | None) -> frozenset[Perm]:
    return ROLE_PERMISSIONS.get(role or "", frozenset())


class May:
    """``user.may.read_notes`` reads as a sentence; an unknown name is an error in Python code
    (and, as templates do, a quiet "no" in a template)."""

    __slots__ = ("_perms",)

    def __init__(self, perms: frozenset[Perm]) -> None:
        self._perms = perms

    def __getattr__(self, name: str) -> bool:
        try:
            return Perm(name) in self._perms
        except ValueError:
            raise AttributeError(f"no permission named {name!r}") from None

    def __contains__(self, perm: Perm) -> bool:
        return perm in self._perms

    def __bool__(self) -> bool:
        return bool(self._perms)


NOBODY = May(frozenset())


def may(user) -> May:
    """The permissions of a signed-in, active user; nothing for anyone else."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return NOBODY
    return May(permissions_of(user.role))


def roles_with(perm: Perm) -> list[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]


def users_with(perm: Perm):
    """Users whose role carries ``perm`` (active or not: callers filter further)."""
    from .models import User

    return User.objects.filter(role__in=roles_with(perm))


def is_admin_role(role: str | None) -> bool:
    """Whether Django's admin flags (``is_staff``, ``is_superuser``) follow from this role."""
    return Perm.MANAGE_APPLICATION in permissions_of(role)


def requires(*perms: Perm):
    """Answer 403 to a signed-in user who lacks one of ``perms`` (put it after login_required).

    Objects outside someone's scope still answer 404: that is the scoping policy's job.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            granted = may(request.user)
            if not all(perm in granted for perm in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def ensure(user, perm: Perm) -> None:
    """For checks after a scope check (404 first, then 403 for a read-only role)."""
    if perm not in may(user):
        raise PermissionDenied
