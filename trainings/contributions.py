"""How the trainings app plugs into the core (buurtinbloei/registry.py)."""

from django.utils.translation import gettext_lazy as _

from buurtinbloei.permissions import Perm
from buurtinbloei.registry import Contributions, KpiSection, MenuEntry, ResidentData, Section

from . import kpi, privacy
from .demo import seed

CONTRIBUTIONS = Contributions(
    menu=(MenuEntry("trainings:training-list", _("Trainingen"), Perm.VIEW_RESIDENTS, order=35),),
    sections=(
        Section(
            "talents.Resident",
            "trainings:resident-trainings",
            _("Kom tot Bloei"),
            Perm.VIEW_RESIDENTS,
            order=40,
        ),
    ),
    kpi_sections=(KpiSection("trainings/kpi_section.html", kpi.figures),),
    seeder=seed,
    resident_data=ResidentData(
        export=privacy.export,
        erase=privacy.erase,
        audit_subjects=privacy.audit_subjects,
        activity_since=privacy.activity_since,
    ),
)
