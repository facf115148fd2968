from buurtinbloei.permissions import Perm
from buurtinbloei.registry import Contributions, MenuEntry, Panel, Section

SEEDED: list[str] = []


def seed(*, rng, fake, stdout, scale: str = "demo") -> None:
    SEEDED.append("plugin_app")


CONTRIBUTIONS = Contributions(
    menu=(MenuEntry("plugin_app:panel", "Proefmenu", Perm.CHANGE_RESIDENTS, order=50),),
    panels=(Panel("plugin_app:panel", Perm.CHANGE_RESIDENTS, order=5),),
    sections=(
        Section("talents.Resident", "plugin_app:resident", "Proefsectie", Perm.CHANGE_RESIDENTS),
    ),
    seeder=seed,
)
