"""The core's own menu entries (it plugs in like any app: buurtinbloei/registry.py)."""

from django.utils.translation import gettext_lazy as _

from .demo import seed_users
from .permissions import Perm
from .registry import Contributions, MenuEntry


def seed(*, rng, fake, stdout, scale: str = "demo") -> None:
    seed_users(rng=rng, fake=fake)


CONTRIBUTIONS = Contributions(
    menu=(
        MenuEntry("home", _("Overzicht"), order=0),
        MenuEntry("wijkteam-list", _("Wijkteams"), Perm.VIEW_WIJKTEAMS, order=10),
        MenuEntry("audit-log", _("Logboek"), Perm.REVIEW_AUDIT_LOG, order=910),
        MenuEntry("admin:index", _("Beheer"), Perm.MANAGE_APPLICATION, order=900),
    ),
    seeder=seed,
)
