"""How the matches app plugs into the core (buurtinbloei/registry.py)."""

from buurtinbloei.registry import Contributions

from .demo import seed

CONTRIBUTIONS = Contributions(
    seeder=seed,
)
