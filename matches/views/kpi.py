"""The KPI dashboard ``/kpi/`` and its exports (issue 12): aggregates only, no names, no notes.

Coördinatoren see the city; a verbinder's page opens on the own wijkteam and may switch to the
city's totals or another team (the same aggregates the city page shows per wijkteam). Links to
the lists behind the figures appear only where the viewer may read that list in full: everywhere
for those who see the whole city, the own wijkteams for a verbinder.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.permissions import Perm, requires
from buurtinbloei.registry import kpi_sections_for

from .. import kpi, kpi_charts, kpi_export
from ..kpi_forms import KpiFilterForm

TEMPLATE = "matches/kpi.html"


def _links_for(user):
    granted = user.may
    if not granted.view_residents:
        return None
    own = user.wijkteam_ids

    def allowed(which, *, wijkteam_id=None, buurt_id=None) -> bool:
        if granted.see_whole_city:
            return True
        return wijkteam_id is not None and wijkteam_id in own

    return allowed


def _figures(request: HttpRequest) -> tuple[KpiFilterForm, kpi.Figures]:
    form = KpiFilterForm(request.GET, user=request.user)
    figures = kpi.attach_links(kpi.cached(form.filters()), _links_for(request.user))
    return form, figures


def _kept(key: str | None, make):
    """``make()``, kept under ``key`` as long as the figures are (no key: always made)."""
    if key is None:
        return make()
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, kpi.cache_seconds())
    return value


def _link_scope(user) -> str:
    """Which links a viewer gets: the same for everyone who sees the city, per set of own
    wijkteams otherwise (the key of the kept HTML)."""
    if not user.may.view_residents:
        return "none"
    if user.may.see_whole_city:
        return "city"
    return "teams:" + ",".join(str(pk) for pk in sorted(user.wijkteam_ids))


def _html_key(request: HttpRequest, form: KpiFilterForm) -> str | None:
    if kpi.cache_seconds() <= 0 or form.errors:
        return None
    return kpi.cache_key(
        form.filters(),
        timezone.localdate(),
        "html",
        request.GET.urlencode(),
        _link_scope(request.user),
        form.default_wijkteam,
    )


def _draw(request: HttpRequest, form: KpiFilterForm, figures: kpi.Figures) -> str:
    """The figures part of the page (tables and charts)."""
    query = request.GET.urlencode()
    suffix = f"?{query}" if query else ""
    balance_rows = sorted(figures.balance, key=lambda r: -abs(r.value - r.extra["requests"]))[
        : kpi.BALANCE_CHART_ROWS
    ]
    context = {
        "form": form,
        "f": figures,
        "filters": figures.filters,
        "charts": {
            "months": kpi_charts.column_chart(figures.by_month),
            "wijkteams": kpi_charts.bar_chart(figures.by_wijkteam),
            "funnel": kpi_charts.bar_chart(figures.funnel),
            "balance": kpi_charts.bar_chart(balance_rows, second=lambda r: r.extra["requests"]),
        },
        "balance_chart_rows": len(balance_rows),
        "export_csv": reverse("matches:kpi-export-csv") + suffix,
        "export_xlsx": reverse("matches:kpi-export-xlsx") + suffix,
        "small_cell": kpi.SMALL_CELL,
        "waiting_days": kpi.WAITING_DAYS,
        "active_size": kpi.ACTIVE_TEAM_SIZE,
    }
    return render_to_string(TEMPLATE + "#figures", context, request=request)


def _sections(request: HttpRequest, form: KpiFilterForm) -> str:
    """What other apps add to the dashboard (registry KpiSection), drawn fresh every time."""
    filters = form.filters()
    return mark_safe(  # noqa: S308  (our own templates)
        "".join(
            render_to_string(template, context, request=request)
            for template, context in kpi_sections_for(request.user, filters)
        )
    )


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_KPIS)
@vary_on_headers("HX-Request")
def dashboard(request: HttpRequest) -> HttpResponse:
    """The figures are drawn once per query string, viewer scope and day, and kept as long as
    the figures themselves (drawing the tables and charts costs more than reading the cache);
    the figures are read only when they must be drawn (``f`` in the context is lazy)."""
    form = KpiFilterForm(request.GET, user=request.user)
    figures = SimpleLazyObject(
        lambda: kpi.attach_links(kpi.cached(form.filters()), _links_for(request.user))
    )
    key = _html_key(request, form)
    html = _kept(key, lambda: _draw(request, form, figures))
    figures_html = mark_safe(html)  # noqa: S308  (our own template, kept as drawn)
    sections_html = _sections(request, form)
    if request.htmx and not request.htmx.history_restore_request:
        context = {"figures_html": figures_html, "sections_html": sections_html}
        return render(request, TEMPLATE + "#figures-kept", context)
    # The filter form too: Django draws every <option> through a template.
    form_html = _kept(
        key and key + ":form",
        lambda: render_to_string(TEMPLATE + "#filters-form", {"form": form}, request=request),
    )
    context = {
        "form": form,
        "f": figures,
        "figures_html": figures_html,
        "sections_html": sections_html,
        "form_html": mark_safe(form_html),  # noqa: S308  (our own template, kept as drawn)
    }
    return render(request, TEMPLATE, context)


def _export_key(figures: kpi.Figures, extension: str) -> str | None:
    """Exports hold no links, so one file per filters and day serves every viewer."""
    if kpi.cache_seconds() <= 0:
        return None
    return kpi.cache_key(figures.filters, figures.today, extension, figures.computed_at)


def _filename(figures: kpi.Figures, extension: str) -> str:
    period = figures.filters.period
    team = figures.filters.wijkteam.slug if figures.filters.wijkteam else "eindhoven"
    return f"buurtinbloei-cijfers-{team}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{extension}"


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_KPIS)
def export_csv(request: HttpRequest) -> HttpResponse:
    _form, figures = _figures(request)
    content = _kept(_export_key(figures, "csv"), lambda: kpi_export.to_csv(figures))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(figures, "csv")}"'
    return response


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_KPIS)
def export_xlsx(request: HttpRequest) -> HttpResponse:
    _form, figures = _figures(request)
    response = HttpResponse(
        _kept(_export_key(figures, "xlsx"), lambda: kpi_export.to_xlsx(figures)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(figures, "xlsx")}"'
    return response
