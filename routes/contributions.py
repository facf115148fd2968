"""How the routes app plugs into the core (buurtinbloei/registry.py)."""

from django.utils.translation import gettext_lazy as _

from buurtinbloei.permissions import Perm
from buurtinbloei.registry import Contributions, MenuEntry, Panel, ResidentData, Section

from . import privacy
from .demo import seed

CONTRIBUTIONS = Contributions(
    menu=(
        MenuEntry("routes:route-list", _("Landingsroutes"), Perm.RUN_ROUTES, order=48),
        MenuEntry("routes:counsellor-list", _("Mijn landingsroutes"), Perm.FOLLOW_ROUTES, order=48),
        # Coördinatoren see landing routes as counts only.
        MenuEntry("routes:counts", _("Landingsroutes in cijfers"), Perm.COUNT_ROUTES, order=82),
    ),
    panels=(Panel("routes:panel", Perm.RUN_ROUTES, order=27),),
    sections=(
        Section(
            "talents.Resident",
            "routes:resident-routes",
            _("Landingsroute"),
            Perm.RUN_ROUTES,
            order=40,
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
