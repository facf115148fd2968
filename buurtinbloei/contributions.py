"""The core's own menu entries (it plugs in like any app: buurtinbloei/registry.py)."""

from django.utils.translation import gettext_lazy as _

from .demo import seed_users
from .permissions import Perm
from .registry import Contributions, MenuEntry, ResidentData, audit_entries_about


def seed(*, rng, fake, stdout, scale: str = "demo") -> None:
    seed_users(rng=rng, fake=fake)


def export_audit(resident) -> dict:
    """The core's part of a resident's access export: the audit entries about them."""
    return {"audit_log": audit_entries_about(resident)}


def erase_nothing(resident, *, by) -> None:
    """The audit log is append-only and names objects by type and id only: nothing to erase."""


CONTRIBUTIONS = Contributions(
    menu=(
        MenuEntry("home", _("Overzicht"), order=0),
        MenuEntry("wijkteam-list", _("Wijkteams"), Perm.VIEW_WIJKTEAMS, order=10),
        MenuEntry("audit-log", _("Logboek"), Perm.REVIEW_AUDIT_LOG, order=910),
        MenuEntry("admin:index", _("Beheer"), Perm.MANAGE_APPLICATION, order=900),
    ),
    seeder=seed,
    resident_data=ResidentData(export=export_audit, erase=erase_nothing),
)
