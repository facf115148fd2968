"""How the matches app plugs into the core (buurtinbloei/registry.py)."""

from django.utils.translation import gettext_lazy as _

from buurtinbloei.permissions import Perm
from buurtinbloei.registry import Contributions, Section

CONTRIBUTIONS = Contributions(
    sections=(
        # Suggestions on a request's page, and what fits a resident on theirs.
        Section(
            "matches.Request", "matches:request-suggestions", _("Suggesties"), Perm.VIEW_RESIDENTS
        ),
        Section(
            "talents.Resident", "matches:resident-suggestions", _("Past bij"), Perm.VIEW_RESIDENTS
        ),
    ),
)
