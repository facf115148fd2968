"""The staff home page's panels.

Each app serves its own panel as an htmx fragment; the core only knows their URL names (the
layering in DESIGN.md), so the home page imports nothing from the apps. A panel view must check
permissions itself: it is also requested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Panel:
    url_name: str
    roles: frozenset[str]


#: In the order they appear on the home page.
PANELS: list[Panel] = [
    Panel("talents:inbox-panel", frozenset({"verbinder"})),
    Panel("talents:follow-ups-panel", frozenset({"verbinder"})),
]


def panels_for(user) -> list[str]:
    urls = []
    for panel in PANELS:
        if user.role not in panel.roles:
            continue
        try:
            urls.append(reverse(panel.url_name))
        except NoReverseMatch:  # the app that serves it is not installed
            continue
    return urls
