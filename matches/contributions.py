"""How the matches app plugs into the core (buurtinbloei/registry.py)."""

from django.utils.translation import gettext_lazy as _

from buurtinbloei.permissions import Perm
from buurtinbloei.registry import Contributions, MenuEntry, Panel, ResidentData, Section

from . import privacy
from .demo import seed

CONTRIBUTIONS = Contributions(
    menu=(
        MenuEntry("matches:request-list", _("Hulpvragen"), Perm.VIEW_RESIDENTS, order=42),
        MenuEntry("matches:referral-create", _("Verwijzen"), Perm.REFER_RESIDENTS, order=44),
        MenuEntry("matches:referral-list", _("Mijn verwijzingen"), Perm.REFER_RESIDENTS, order=46),
    ),
    panels=(Panel("matches:referral-panel", Perm.REFER_RESIDENTS),),
    sections=(
        Section(
            "talents.Resident", "matches:resident-requests", _("Hulpvragen"), Perm.VIEW_RESIDENTS
        ),
        Section(
            "networks.Ontwikkelplaats",
            "matches:place-requests",
            _("Hulpvragen"),
            Perm.VIEW_RESIDENTS,
        ),
        # Suggestions on a request's page, and what fits a resident on theirs.
        Section(
            "matches.Request", "matches:request-suggestions", _("Suggesties"), Perm.VIEW_RESIDENTS
        ),
        Section(
            "talents.Resident", "matches:resident-suggestions", _("Past bij"), Perm.VIEW_RESIDENTS
        ),
    ),
    seeder=seed,
    resident_data=ResidentData(export=privacy.export, erase=privacy.erase),
)
