"""How an app plugs into the core: one module, ``<app>/contributions.py``, declares it all.

An app's ``contributions.py`` defines ``CONTRIBUTIONS = Contributions(...)``: its menu entries,
its home page panels (fragments it serves itself), the sections it adds to other apps' pages
(a resident's matches on the resident's page), its demo-data seeder, and the hooks that
export or erase one resident's data. The core finds these modules in ``INSTALLED_APPS`` order
and never imports an app by name (the layering in DESIGN.md). Adding an app therefore means its
own files, one line in ``INSTALLED_APPS`` and one ``include`` in the root URLconf.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import module_has_submodule

from .permissions import Perm, may


@dataclass(frozen=True)
class MenuEntry:
    url_name: str
    label: Any  # a lazy translation
    #: Who sees the entry; None: every signed-in user.
    permission: Perm | None = None
    #: Position in the menu, low first (the core uses 0-19 and 900+).
    order: int = 100


@dataclass(frozen=True)
class Panel:
    """A home page panel: a fragment the app serves at ``url_name`` (it checks access itself)."""

    url_name: str
    permission: Perm
    order: int = 100


@dataclass(frozen=True)
class Section:
    """A section an app adds to a page of another app (a resident's page, an ontwikkelplaats'
    page): a fragment it serves at ``url_name``, reversed with the object's ``pk``. The page
    loads it with htmx; without JavaScript ``label`` links to it. The fragment checks access
    itself, like a panel."""

    #: "app_label.ModelName" of the page's object, e.g. "talents.Resident".
    model: str
    url_name: str
    label: Any  # a lazy translation
    permission: Perm
    order: int = 100


@dataclass(frozen=True)
class KpiSection:
    """A section an app adds to the KPI dashboard: aggregates only, no names. ``figures(filters)``
    (the dashboard's filters: period, wijkteam, wijk) returns the context of ``template``. It is
    computed on every request, apart from the figures the dashboard keeps in its cache, so it must
    stay a few aggregate queries, and it is never stale."""

    template: str
    figures: Callable[[Any], dict]
    permission: Perm = Perm.VIEW_KPIS
    order: int = 100


@dataclass(frozen=True)
class ResidentData:
    """One app's part of a resident's data, for the privacy tools (access and erasure).

    ``export(resident)`` returns JSON-ready data; ``erase(resident, by)`` removes or replaces
    everything that identifies the resident while keeping rows others need (KPI counts).
    """

    export: Callable[[Any], dict]
    erase: Callable[..., None]
    #: ``audit_subjects(resident)``: {"app_label.model": [pk, ...]} of the rows of this app the
    #: audit log may name for the resident (the resident, their conversations, requests...):
    #: the access export lists the audit entries about each.
    audit_subjects: Callable[[Any], dict[str, list]] | None = None
    #: ``activity_since(cutoff)``: conditions on Resident rows (``Exists`` subqueries on
    #: ``OuterRef("pk")``), each true when this app saw the resident active at or after
    #: ``cutoff`` (an aware datetime); the retention command keeps those residents.
    activity_since: Callable[[Any], list] | None = None


@dataclass(frozen=True)
class Contributions:
    menu: tuple[MenuEntry, ...] = ()
    panels: tuple[Panel, ...] = ()
    sections: tuple[Section, ...] = ()
    kpi_sections: tuple[KpiSection, ...] = ()
    #: ``seed(*, rng, fake, stdout, scale)``: the app's demo data, run by ``seed_demo``; ``scale``
    #: is "demo" or "city" (``seed_demo --scale city``, the benchmark's size).
    seeder: Callable[..., None] | None = None
    resident_data: ResidentData | None = None
    app_label: str = field(default="", compare=False)


@cache
def contributions() -> tuple[Contributions, ...]:
    """Every installed app's declaration, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "contributions"):
            continue
        module = import_module(f"{config.name}.contributions")
        declared: Contributions = module.CONTRIBUTIONS
        found.append(
            Contributions(**{**declared.__dict__, "app_label": config.label})  # type: ignore[arg-type]
        )
    return tuple(found)


def _url(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:  # declared, but the app's URLs are not included
        return None


def menu_for(user) -> list[tuple[str, Any]]:
    """(url, label) of the menu entries this user may see, in menu order."""
    granted = may(user)
    entries = sorted(
        (e for c in contributions() for e in c.menu), key=lambda e: e.order
    )  # sorted() is stable: equal orders keep INSTALLED_APPS order
    return [
        (url, entry.label)
        for entry in entries
        if (entry.permission is None or entry.permission in granted)
        and (url := _url(entry.url_name))
    ]


def panels_for(user) -> list[str]:
    """URLs of the home page panels this user may see, in order."""
    granted = may(user)
    panels = sorted((p for c in contributions() for p in c.panels), key=lambda p: p.order)
    return [url for p in panels if p.permission in granted and (url := _url(p.url_name))]


def sections_for(user, obj) -> list[tuple[str, Any]]:
    """(url, label) of the sections other apps add to ``obj``'s page that this user may see."""
    granted = may(user)
    model = obj._meta.label
    found = sorted(
        (s for c in contributions() for s in c.sections if s.model == model),
        key=lambda s: s.order,
    )
    found_urls = []
    for section in found:
        if section.permission not in granted:
            continue
        try:
            found_urls.append((reverse(section.url_name, kwargs={"pk": obj.pk}), section.label))
        except NoReverseMatch:  # declared, but the app's URLs are not included
            continue
    return found_urls


def kpi_sections_for(user, filters) -> list[tuple[str, dict]]:
    """(template, context) of the KPI sections this user may see, in order, for these filters."""
    granted = may(user)
    found = sorted((k for c in contributions() for k in c.kpi_sections), key=lambda k: k.order)
    return [
        (section.template, {"filters": filters, **section.figures(filters)})
        for section in found
        if section.permission in granted
    ]


def seeders() -> list[Callable[..., None]]:
    return [c.seeder for c in contributions() if c.seeder is not None]


def export_resident(resident, *, by, request=None) -> dict[str, dict]:
    """Everything every app stores about one resident, keyed by app label (audited)."""
    from .audit import record

    record("resident.export", resident, request=request, actor=by)
    return {
        c.app_label: c.resident_data.export(resident)
        for c in contributions()
        if c.resident_data is not None
    }


@transaction.atomic
def erase_resident(resident, *, by, request=None, details: dict | None = None) -> None:
    """Let every app erase its part, apps further right in the layering first (audited).

    ``details`` (codes only) goes to the audit entry, e.g. ``{"reason": "retention"}``."""
    from .audit import record

    for c in reversed(contributions()):
        if c.resident_data is not None:
            c.resident_data.erase(resident, by=by)
    record("resident.erase", resident, request=request, actor=by, details=details)


def audit_entries_about(resident) -> list[dict]:
    """The audit log's entries about the resident and the rows apps keep about them (the core's
    part of the access export; the log holds types and ids only, never a name)."""
    from django.db.models import Q

    from .models import AuditEvent

    condition = Q(pk__in=[])
    for c in contributions():
        if c.resident_data is None or c.resident_data.audit_subjects is None:
            continue
        for label, pks in c.resident_data.audit_subjects(resident).items():
            if pks:
                condition |= Q(object_type=label, object_id__in=[str(pk) for pk in pks])
    return [
        {
            "at": event.at.isoformat(),
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "by": str(event.actor) if event.actor_id else None,
            "ip": event.ip,
        }
        for event in AuditEvent.objects.filter(condition)
        .select_related("actor")
        .order_by("at", "pk")
    ]


def activity_conditions(cutoff) -> list:
    """Every app's conditions for "active at or after ``cutoff``" (see ResidentData)."""
    return [
        condition
        for c in contributions()
        if c.resident_data is not None and c.resident_data.activity_since is not None
        for condition in c.resident_data.activity_since(cutoff)
    ]


@receiver(setting_changed)
def _forget_contributions(*, setting: str, **kwargs) -> None:
    # Tests install a throw-away app with override_settings(INSTALLED_APPS=...).
    if setting == "INSTALLED_APPS":
        contributions.cache_clear()
