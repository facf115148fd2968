"""How the networks app plugs into the core (buurtinbloei/registry.py)."""

from django.utils.translation import gettext_lazy as _

from buurtinbloei.permissions import Perm
from buurtinbloei.registry import Contributions, MenuEntry, Panel, ResidentData

from . import privacy
from .demo import seed

CONTRIBUTIONS = Contributions(
    menu=(
        MenuEntry("networks:coreteam-list", _("Kernteams"), Perm.VIEW_NETWORKS, order=50),
        MenuEntry("networks:organisation-list", _("Organisaties"), Perm.VIEW_NETWORKS, order=55),
        MenuEntry("networks:place-list", _("Ontwikkelplaatsen"), Perm.VIEW_NETWORKS, order=60),
        MenuEntry("networks:house-list", _("Studentenhuizen"), Perm.VIEW_NETWORKS, order=62),
        MenuEntry("networks:buurt-index", _("Buurtkijker"), Perm.VIEW_NETWORKS, order=65),
    ),
    panels=(Panel("networks:panel", Perm.CHANGE_NETWORKS, order=30),),
    seeder=seed,
    resident_data=ResidentData(
        export=privacy.export, erase=privacy.erase, activity_since=privacy.activity_since
    ),
)
