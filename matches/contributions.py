"""How the matches app plugs into the core (buurtinbloei/registry.py)."""

from django.utils.translation import gettext_lazy as _

from buurtinbloei.permissions import Perm
from buurtinbloei.registry import Contributions, MenuEntry, Panel, Section

CONTRIBUTIONS = Contributions(
    menu=(MenuEntry("matches:match-list", _("Matches"), Perm.VIEW_RESIDENTS, order=45),),
    panels=(Panel("matches:panel", Perm.CHANGE_RESIDENTS, order=25),),
    sections=(
        Section("talents.Resident", "matches:resident-matches", _("Matches"), Perm.VIEW_RESIDENTS),
        Section(
            "networks.Ontwikkelplaats", "matches:place-matches", _("Matches"), Perm.VIEW_RESIDENTS
        ),
        Section(
            "networks.Organisation",
            "matches:organisation-matches",
            _("Matches"),
            Perm.VIEW_RESIDENTS,
        ),
    ),
)
