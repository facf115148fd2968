"""What the other parties of a route see: the GGZ counsellor (a partner user), verbinders of
other wijkteams, and the buddy and group through their link (no account). Each page shows
exactly what the consent matrix allows that party *now* (routes/sharing.py), is never stored
by a browser or proxy, asks search engines to stay away, and is audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from buurtinbloei.audit import record
from buurtinbloei.paging import CappedPaginator
from buurtinbloei.permissions import Perm, requires

from .. import services
from ..models import Item, Party, Pathway, PathwayConsent
from ..sharing import party_view


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _party_page(request: HttpRequest, route: Pathway, party: str, **extra) -> HttpResponse:
    view = party_view(route, party, today=services._today())
    context = {"route": route, "view": view, "party": Party(party), **extra}
    return _private(render(request, "routes/party_page.html", context))


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.FOLLOW_ROUTES)
def counsellor_list(request: HttpRequest) -> HttpResponse:
    """The counsellor's own routes: the resident's first name only where the matrix allows."""
    routes = Pathway.objects.followed_by(request.user).order_by("status", "-start_date", "-pk")
    page = CappedPaginator(routes.only("pk", "start_date", "review_date", "status"), 25).get_page(
        request.GET.get("page")
    )
    names = dict(
        PathwayConsent.objects.filter(
            route__in=[r.pk for r in page],
            party=Party.GGZ,
            item=Item.FIRST_NAME,
            granted=True,
        ).values_list("route_id", "route__resident__first_name")
    )
    record("route.counsellor_list", request=request)
    rows = [(route, names.get(route.pk)) for route in page]
    return _private(render(request, "routes/counsellor_list.html", {"page": page, "rows": rows}))


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.FOLLOW_ROUTES)
def counsellor_route(request: HttpRequest, pk: int) -> HttpResponse:
    route = (
        Pathway.objects.followed_by(request.user)
        .select_related("resident__buurt", "partner_organisation")
        .filter(pk=pk)
        .first()
    )
    if route is None:
        raise Http404
    record("route.party_view", route, request=request, details={"party": Party.GGZ.value})
    return _party_page(request, route, Party.GGZ)


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.RUN_ROUTES)
def shared_route(request: HttpRequest, pk: int) -> HttpResponse:
    """A verbinder of another wijkteam: only what the resident shares with other verbinders."""
    route = (
        Pathway.objects.shared_with_verbinders(request.user)
        .select_related("resident__buurt")
        .filter(pk=pk)
        .first()
    )
    if route is None:
        raise Http404
    record("route.party_view", route, request=request, details={"party": Party.VERBINDERS.value})
    return _party_page(request, route, Party.VERBINDERS)


@require_http_methods(["GET", "HEAD"])
def party_link(request: HttpRequest, token: str) -> HttpResponse:
    """The buddy's or the group's page, without an account: the signed token is the secret."""
    try:
        link = services.link_for_token(token)
    except services.LinkGone:
        return _private(render(request, "routes/link_gone.html", {"status": 410}, status=410))
    except services.LinkUnknown:
        return _private(render(request, "routes/link_gone.html", {"status": 404}, status=404))
    record("route.party_view", link.route, request=request, details={"party": link.party})
    return _party_page(request, link.route, link.party, via_link=True)
