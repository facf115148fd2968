from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, roles that see it). Apps add their entries here as they land.
NAVIGATION = [
    ("home", _("Overzicht"), {"beheerder", "coordinator", "verbinder", "partner"}),
    ("wijkteam-list", _("Wijkteams"), {"beheerder", "coordinator", "verbinder"}),
    ("talents:resident-list", _("Inwoners"), {"coordinator", "verbinder"}),
    # Coordinators look along (the list) but do not log conversations themselves.
    ("talents:street-capture", _("Straatgesprek"), {"verbinder"}),
    ("talents:inbox", _("Aanmeldingen"), {"coordinator", "verbinder"}),
    ("admin:index", _("Beheer"), {"beheerder"}),
]


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"navigation": []}
    items = [
        {"url": reverse(name), "label": label, "current": request.path == reverse(name)}
        for name, label, roles in NAVIGATION
        if user.role in roles
    ]
    return {"navigation": items}
