"""How the matches app plugs into the core (buurtinbloei/registry.py)."""

from buurtinbloei.registry import Contributions

CONTRIBUTIONS = Contributions()
