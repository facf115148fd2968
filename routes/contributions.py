"""How the routes app plugs into the core (buurtinbloei/registry.py)."""

from django.utils.translation import gettext_lazy as _

from buurtinbloei.permissions import Perm
from buurtinbloei.registry import (
    Contributions,
    KpiSection,
    MenuEntry,
    Panel,
    ResidentData,
    Section,
)

from . import privacy
from .demo import seed

CONTRIBUTIONS = Contributions(
    menu=(
        MenuEntry("routes:route-list", _("Landingsroutes"), Perm.RUN_ROUTES, order=48),
        MenuEntry("routes:counsellor-list", _("Mijn landingsroutes"), Perm.FOLLOW_ROUTES, order=48),
    ),
    # Coördinatoren see landing routes as counts only: the KPI dashboard leads there (a menu
    # entry of its own made the menu a line longer for everyone).
    kpi_sections=(
        KpiSection("routes/kpi_section.html", lambda filters: {}, Perm.COUNT_ROUTES, order=200),
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
