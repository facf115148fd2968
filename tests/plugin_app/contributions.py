from buurtinbloei.permissions import Perm
from buurtinbloei.registry import Contributions, MenuEntry, Panel

SEEDED: list[str] = []


def seed(*, rng, fake, stdout, scale: str = "demo") -> None:
    SEEDED.append("plugin_app")


CONTRIBUTIONS = Contributions(
    menu=(MenuEntry("plugin_app:panel", "Proefmenu", Perm.CHANGE_RESIDENTS, order=50),),
    panels=(Panel("plugin_app:panel", Perm.CHANGE_RESIDENTS, order=5),),
    seeder=seed,
)
