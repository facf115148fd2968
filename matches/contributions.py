"""How the matches app plugs into the core (buurtinbloei/registry.py)."""

from django.utils.translation import gettext_lazy as _

from buurtinbloei.permissions import Perm
from buurtinbloei.registry import Contributions, MenuEntry, Panel, ResidentData, Section

from . import privacy
from .demo import seed

CONTRIBUTIONS = Contributions(
    menu=(
        MenuEntry("matches:match-list", _("Matches"), Perm.VIEW_RESIDENTS, order=45),
        MenuEntry("matches:request-list", _("Hulpvragen"), Perm.VIEW_RESIDENTS, order=42),
        MenuEntry("matches:referral-create", _("Verwijzen"), Perm.REFER_RESIDENTS, order=44),
        MenuEntry("matches:referral-list", _("Mijn verwijzingen"), Perm.REFER_RESIDENTS, order=46),
        MenuEntry("matches:kpi", _("Cijfers"), Perm.VIEW_KPIS, order=80),
    ),
    panels=(
        Panel("matches:panel", Perm.CHANGE_RESIDENTS, order=25),
        Panel("matches:referral-panel", Perm.REFER_RESIDENTS),
    ),
    sections=(
        # On a resident's page: their matches, their requests, then what fits them.
        Section(
            "talents.Resident",
            "matches:resident-matches",
            _("Matches"),
            Perm.VIEW_RESIDENTS,
            order=10,
        ),
        Section(
            "networks.Ontwikkelplaats",
            "matches:place-matches",
            _("Matches"),
            Perm.VIEW_RESIDENTS,
            order=10,
        ),
        Section(
            "networks.StudentHouse",
            "matches:house-matches",
            _("Matches"),
            Perm.VIEW_RESIDENTS,
            order=10,
        ),
        Section(
            "networks.Organisation",
            "matches:organisation-matches",
            _("Matches"),
            Perm.VIEW_RESIDENTS,
        ),
        Section(
            "talents.Resident",
            "matches:resident-requests",
            _("Hulpvragen"),
            Perm.VIEW_RESIDENTS,
            order=20,
        ),
        Section(
            "networks.Ontwikkelplaats",
            "matches:place-requests",
            _("Hulpvragen"),
            Perm.VIEW_RESIDENTS,
            order=20,
        ),
        # Suggestions on a request's page, and what fits a resident on theirs.
        Section(
            "matches.Request", "matches:request-suggestions", _("Suggesties"), Perm.VIEW_RESIDENTS
        ),
        Section(
            "talents.Resident",
            "matches:resident-suggestions",
            _("Past bij"),
            Perm.VIEW_RESIDENTS,
            order=30,
        ),
    ),
    seeder=seed,
    resident_data=ResidentData(
        export=privacy.export,
        erase=privacy.erase,
        audit_subjects=privacy.audit_subjects,
        activity_since=privacy.activity_since,
    ),
)
