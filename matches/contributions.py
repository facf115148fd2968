"""How the matches app plugs into the core (buurtinbloei/registry.py)."""

from buurtinbloei.registry import Contributions, ResidentData

from . import privacy

CONTRIBUTIONS = Contributions(
    resident_data=ResidentData(export=privacy.export, erase=privacy.erase),
)
