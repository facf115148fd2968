"""Requests (hulpvragen): the list, a new one, its page with close and reopen, and the sections
on a resident's page (their requests, "maak hier een hulpvraag van", the reciprocity question)
and on an ontwikkelplaats' page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.audit import record
from buurtinbloei.conflicts import StaleVersion, conflict_response
from buurtinbloei.once import submit_once
from buurtinbloei.paging import CappedPaginator
from buurtinbloei.permissions import Perm, ensure, requires
from buurtinbloei.scoping import get_object_for_user
from networks.models import Ontwikkelplaats
from networks.selectors import get_place_for_user
from talents.models import Conversation, Resident, ResidentTalent
from talents.selectors import get_resident_for_user

from ..forms.requests import (
    AskerSearchForm,
    CloseForm,
    ReciprocityForm,
    RequestEditForm,
    RequestFilterForm,
    RequestForm,
)
from ..models import Request, RequestSource
from ..selectors_requests import (
    get_request_for_user,
    may_read_description,
    page_of,
    requests_for,
    with_descriptions,
    with_sensitivity,
)
from ..services import requests as services
from ..services.requests import RequestError

#: Requests a section on someone's page shows; the full list is one click away.
SECTION_ROWS = 20
#: Conversations with an unmade request the resident section offers at most.
OPEN_ASKS = 5
#: Residents and places the "for whom?" search shows.
ASKER_RESULTS = 10


# --- The list -------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_RESIDENTS)
@vary_on_headers("HX-Request")
def request_list(request: HttpRequest) -> HttpResponse:
    form = RequestFilterForm(request.GET)
    filters = form.filters()
    rows = requests_for(request.user)
    if "status" in filters:
        rows = rows.filter(status=filters["status"])
    if "talent" in filters:
        rows = rows.filter(talent=filters["talent"])
    if "wijkteam" in filters:  # the wijkteam the request belongs to (stored when it was made)
        rows = rows.filter(wijkteam=filters["wijkteam"])
    if "wijk" in filters:
        rows = rows.filter(buurt__wijk=filters["wijk"])
    if "buurt" in filters:
        rows = rows.filter(buurt=filters["buurt"])
    if "source" in filters:
        rows = rows.filter(source=filters["source"])
    # Page through ids alone; only the page's 25 rows are fetched with what they show.
    ids = rows.order_by("-created_on", "-pk").values_list("pk", flat=True)
    page = CappedPaginator(ids, 25).get_page(request.GET.get("page"))
    page.object_list = with_descriptions(page_of(rows, page.object_list), request.user)
    # The list names people: its reads are audited (without the filters), as the resident list.
    record("request.list", request=request)
    template = "matches/request_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#request-table"
    return render(request, template, {"form": form, "page": page})


# --- A new request --------------------------------------------------------------------------------


def _pk(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def _asker(request: HttpRequest) -> Resident | Ontwikkelplaats | None:
    """``?inwoner=<pk>`` or ``?ontwikkelplaats=<pk>``: someone the user may make a request for."""
    if pk := _pk(request.GET.get("inwoner")):
        return get_resident_for_user(request.user, pk, for_change=True)
    if pk := _pk(request.GET.get("ontwikkelplaats")):
        places = Ontwikkelplaats.objects.select_related("organisation", "buurt__wijk")
        return get_object_for_user(places, request.user, pk=pk, for_change=True)
    return None


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.CHANGE_RESIDENTS)
def request_create(request: HttpRequest) -> HttpResponse:
    asker = _asker(request)
    if asker is None:
        return _choose_asker(request)
    form = RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submitted = submit_once(
            token=data["token"],
            user=request.user,
            create=lambda: _create(request, asker, data),
            url_of=lambda obj: obj.get_absolute_url(),
        )
        messages.success(request, _("De hulpvraag is vastgelegd."))
        if submitted.again:  # a double tap: the first submit made the request
            return redirect(submitted.earlier_url or "matches:request-list")
        return redirect(submitted.created)
    context = {"form": form, "asker": asker, "is_place": isinstance(asker, Ontwikkelplaats)}
    return render(request, "matches/request_form.html", context)


def _create(request: HttpRequest, asker, data: dict) -> Request:
    return services.request_create(
        asker=asker,
        source=RequestSource.VERBINDER,
        by=request.user,
        talent=data["talent"],
        help_theme=data["help_theme"],
        description=data["description"],
        request=request,
    )


def _choose_asker(request: HttpRequest) -> HttpResponse:
    """Without an asker: find the resident or ontwikkelplaats first (a plain GET search)."""
    form = AskerSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    residents = places = []
    if query:
        residents = list(
            Resident.objects.visible_to(request.user)
            .search(query)
            .select_related("buurt")
            .order_by("first_name", "last_name", "pk")[:ASKER_RESULTS]
        )
        places = list(
            Ontwikkelplaats.objects.editable_by(request.user)
            .filter(title__icontains=query)
            .select_related("organisation")
            .order_by("title", "pk")[:ASKER_RESULTS]
        )
    context = {"form": form, "query": query, "residents": residents, "places": places}
    return render(request, "matches/request_choose.html", context)


# --- One request ----------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, obj: Request, close_form: CloseForm) -> dict:
    return {
        "request_obj": obj,
        "can_change": Request.objects.editable_by(request.user).filter(pk=obj.pk).exists(),
        "close_form": close_form,
    }


@require_http_methods(["GET", "HEAD"])
@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_request_for_user(request.user, pk)
    # Which resident the page is about, by id (the log holds no names; the viewer filters on it).
    details = {"resident": obj.resident_id} if obj.resident_id else {}
    record("request.view", obj, request=request, details=details)
    return render(
        request, "matches/request_detail.html", _detail_context(request, obj, CloseForm())
    )


@require_http_methods(["GET", "POST"])
@login_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_request_for_user(request.user, pk, for_change=True)
    if request.method == "POST":
        form = RequestEditForm(request.POST, initial=_edit_initial(request, obj))
        if form.is_valid():
            data = form.cleaned_data
            if not may_read_description(request.user, obj):  # never blank what one cannot read
                data["description"] = obj.description
            try:
                services.request_update(
                    obj=obj,
                    by=request.user,
                    request=request,
                    expected_version=data.pop("version") or 0,
                    **data,
                )
            except StaleVersion:
                return _edit_conflict(request, pk)
            messages.success(request, _("De hulpvraag is gewijzigd."))
            return redirect(obj)
    else:
        form = RequestEditForm(initial=_edit_initial(request, obj))
    return render(request, "matches/request_edit.html", {"form": form, "request_obj": obj})


def _edit_initial(request: HttpRequest, obj: Request) -> dict:
    initial = {"talent": obj.talent_id, "help_theme": obj.help_theme, "version": obj.version}
    if may_read_description(request.user, obj):
        initial["description"] = obj.description
    return initial


#: Audit actions that change what a request asks (who saved last, on the conflict page).
REQUEST_CHANGES = ("request.change", "request.create")


def _edit_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    current = get_request_for_user(request.user, pk, for_change=True)
    hidden = () if may_read_description(request.user, current) else ("description",)
    return conflict_response(
        request,
        "matches/request_edit.html",
        {"request_obj": current},
        rebind=lambda data: RequestEditForm(data, initial=_edit_initial(request, current)),
        current=current,
        actions=REQUEST_CHANGES,
        discard_url=current.get_absolute_url(),
        hidden=hidden,
    )


@require_POST
@login_required
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_request_for_user(request.user, pk, for_change=True)
    form = CloseForm(request.POST)
    if not form.is_valid():
        # Shown again on the page with what was typed and the message next to the field.
        context = _detail_context(request, obj, form)
        return render(request, "matches/request_detail.html", context)
    try:
        services.request_close(
            obj=obj,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            by=request.user,
            request=request,
        )
    except RequestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("De hulpvraag is gesloten."))
    return redirect(obj)


@require_POST
@login_required
def request_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_request_for_user(request.user, pk, for_change=True)
    try:
        services.request_reopen(obj=obj, by=request.user, request=request)
    except RequestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("De hulpvraag staat weer open."))
    return redirect(obj)


# --- On a resident's page -------------------------------------------------------------------------


def _resident_section(request: HttpRequest, resident: Resident, form, **extra) -> dict:
    user = request.user
    rows = with_descriptions(
        with_sensitivity(requests_for(user))
        .filter(resident=resident)
        .select_related("talent")
        .order_by("-created_on", "-pk")[:SECTION_ROWS],
        user,
    )
    open_asks, ask_back = [], False
    if user.may.change_residents:
        # The policy leaves out sensitive conversations for whoever may not read them.
        conversations = Conversation.objects.visible_to(user).filter(resident=resident)
        open_asks = list(conversations.filter(request__isnull=True).exclude(asks="")[:OPEN_ASKS])
        # Reciprocity: someone who offers help, has no request and did not say in the latest
        # conversation what they could use, is asked what they could use themselves.
        ask_back = (
            not rows
            and not conversations.values_list("asks", flat=True).first()
            and ResidentTalent.objects.filter(resident=resident, offered=True).exists()
        )
    return {
        "resident": resident,
        "requests": rows,
        "open_asks": open_asks,
        "ask_back": ask_back,
        "reciprocity_form": form,
        **extra,
    }


def _render_resident_section(request: HttpRequest, resident: Resident, form, **extra):
    template = "matches/resident_requests.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#resident-requests"
    return render(request, template, _resident_section(request, resident, form, **extra))


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def resident_requests(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_resident_for_user(request.user, pk, for_change=request.method == "POST")
    if request.method == "GET":
        if not request.htmx:
            record("resident.view", resident, request=request)
        return _render_resident_section(request, resident, ReciprocityForm())
    form = ReciprocityForm(request.POST)
    if not form.is_valid():
        return _render_resident_section(request, resident, form)
    data = form.cleaned_data
    submitted = submit_once(
        token=data["token"],
        user=request.user,
        create=lambda: services.request_create(
            asker=resident,
            source=RequestSource.VERBINDER,
            by=request.user,
            help_theme=data["help_theme"],
            description=data["description"],
            request=request,
        ),
        url_of=lambda obj: obj.get_absolute_url(),
    )
    if not request.htmx:
        messages.success(request, _("De hulpvraag is vastgelegd."))
        return redirect(submitted.earlier_url or submitted.created.get_absolute_url())
    return _render_resident_section(
        request, resident, ReciprocityForm(), saved=_("De hulpvraag is vastgelegd.")
    )


@require_POST
@login_required
def conversation_request(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Maak hier een hulpvraag van": one tap turns a conversation's "asks" into a request."""
    conversations = Conversation.objects.select_related("resident__buurt__wijk")
    conversation = get_object_for_user(conversations, request.user, pk=pk, for_change=True)
    resident = conversation.resident
    try:
        obj = services.request_from_conversation(
            conversation=conversation, by=request.user, request=request
        )
    except RequestError as error:
        if request.htmx:
            return _render_resident_section(
                request, resident, ReciprocityForm(), error=error.message
            )
        messages.error(request, error.message)
        return redirect(resident)
    if request.htmx:
        return _render_resident_section(
            request, resident, ReciprocityForm(), saved=_("De hulpvraag is vastgelegd.")
        )
    messages.success(request, _("De hulpvraag is vastgelegd."))
    return redirect(obj)


# --- On an ontwikkelplaats' page ------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@login_required
@vary_on_headers("HX-Request")
def place_requests(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_place_for_user(request.user, pk)
    ensure(request.user, Perm.VIEW_RESIDENTS)
    rows = with_descriptions(
        with_sensitivity(requests_for(request.user))
        .filter(ontwikkelplaats=place)
        .select_related("talent")
        .order_by("-created_on", "-pk")[:SECTION_ROWS],
        request.user,
    )
    may_ask = (
        request.user.may.change_residents
        and Ontwikkelplaats.objects.editable_by(request.user).filter(pk=place.pk).exists()
    )
    template = "matches/request_place.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#place-requests"
    return render(request, template, {"place": place, "requests": rows, "may_ask": may_ask})
