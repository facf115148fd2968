from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from .permissions import may
from .phone import format_phone
from .registry import menu_for


def navigation(request: HttpRequest) -> dict:
    """The menu, and ``may`` (the user's named permissions) for every template."""
    user = getattr(request, "user", None)
    granted = may(user)
    if not (user and user.is_authenticated):
        return {"navigation": [], "may": granted}
    items = [
        {"url": url, "label": label, "current": request.path == url}
        for url, label in menu_for(user)
    ]
    return {"navigation": items, "may": granted}


def contact(request: HttpRequest) -> dict:
    """What the public pages tell residents: WIJeindhoven's phone number for those who would
    rather call (``WIJ_PHONE``), and how long their data is kept (``RETENTION_MONTHS``)."""
    number = settings.WIJ_PHONE
    return {
        "wij_phone": format_phone(number) if number else "",
        "wij_phone_tel": number,
        "retention_months": settings.RETENTION_MONTHS,
    }
