"""How the stories app plugs into the core (buurtinbloei/registry.py)."""

from django.utils.translation import gettext_lazy as _

from buurtinbloei.permissions import Perm
from buurtinbloei.registry import Contributions, MenuEntry, ResidentData, Section

from . import privacy
from .demo import seed

CONTRIBUTIONS = Contributions(
    menu=(MenuEntry("stories:story-list", _("Verhalen"), Perm.SHARE_STORIES, order=82),),
    sections=(
        Section("matches.Match", "stories:match-stories", _("Verhalen"), Perm.SHARE_STORIES),
        Section("networks.CoreTeam", "stories:coreteam-stories", _("Verhalen"), Perm.SHARE_STORIES),
    ),
    seeder=seed,
    resident_data=ResidentData(
        export=privacy.export, erase=privacy.erase, audit_subjects=privacy.audit_subjects
    ),
)
