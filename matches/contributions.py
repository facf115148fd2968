"""How the matches app plugs into the core (buurtinbloei/registry.py)."""

from django.utils.translation import gettext_lazy as _

from buurtinbloei.permissions import Perm
from buurtinbloei.registry import Contributions, MenuEntry

CONTRIBUTIONS = Contributions(
    menu=(MenuEntry("matches:kpi", _("Cijfers"), Perm.VIEW_KPIS, order=80),),
)
