from __future__ import annotations

from django.http import HttpRequest

from .permissions import may
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
