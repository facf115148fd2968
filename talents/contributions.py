"""How the talents app plugs into the core (buurtinbloei/registry.py)."""

from django.utils.translation import gettext_lazy as _

from buurtinbloei.permissions import Perm
from buurtinbloei.registry import Contributions, MenuEntry, Panel, ResidentData

from . import privacy
from .demo import seed

CONTRIBUTIONS = Contributions(
    menu=(
        MenuEntry("talents:resident-list", _("Inwoners"), Perm.VIEW_RESIDENTS, order=20),
        # Coordinators look along (the list) but do not log conversations themselves.
        MenuEntry("talents:street-capture", _("Straatgesprek"), Perm.CHANGE_RESIDENTS, order=30),
        MenuEntry("talents:inbox", _("Aanmeldingen"), Perm.VIEW_INBOX, order=40),
    ),
    panels=(
        # First: a verbinder back from a conversation logs it in two taps.
        Panel("talents:conversation-start", Perm.CHANGE_RESIDENTS, order=5),
        Panel("talents:inbox-panel", Perm.TRIAGE_SIGNUPS, order=10),
        Panel("talents:follow-ups-panel", Perm.CHANGE_RESIDENTS, order=20),
    ),
    seeder=seed,
    resident_data=ResidentData(
        export=privacy.export,
        erase=privacy.erase,
        audit_subjects=privacy.audit_subjects,
        activity_since=privacy.activity_since,
    ),
)
