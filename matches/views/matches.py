"""Matches: making one (from a suggestion or a form), its page with the lifecycle forms, the
list with filters, and the "Matches" sections on residents', ontwikkelplaatsen' and
organisations' pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.audit import record
from buurtinbloei.once import submit_once
from buurtinbloei.paging import CappedPaginator
from buurtinbloei.permissions import Perm, may, requires
from buurtinbloei.scoping import get_object_for_user
from networks.models import Ontwikkelplaats, Organisation
from talents.models import Resident, ResidentStatus

from ..forms.matches import (
    GOING_CHOICES,
    CheckInLogForm,
    EndForm,
    IntroductionForm,
    MatchCreateForm,
    MatchFilterForm,
    SideBSearchForm,
    StartForm,
)
from ..models import CheckInResult, Match, MatchKind, MatchStatus, Outcome
from ..services import matches as services
from .houses import house_match_context

TEMPLATE = "matches/match_detail.html"
#: What a step says when it is done (also to the second of a double tap, which changes nothing).
AGREED = gettext_lazy("Vastgelegd: beide kanten zeiden ja. De contactgegevens staan erbij.")
STARTED = gettext_lazy("De match is gestart.")
COMPLETED = gettext_lazy("De match is afgerond.")
#: The side-B search answers with this many candidates at most.
SEARCH_ROWS = 10
#: A section on another app's page lists this many matches (the list has the rest).
SECTION_ROWS = 10
#: The verbinder's one click on a check-in or a follow-up.
ONE_CLICK = [
    (CheckInResult.GOING_WELL, CheckInResult.GOING_WELL.label),
    (CheckInResult.NO_ANSWER, CheckInResult.NO_ANSWER.label),
    (CheckInResult.CONCERN, CheckInResult.CONCERN.label),
]


# --- Making a match ----------------------------------------------------------------------------


def _side_a_from_query(request: HttpRequest):
    """``?inwoner=<pk>`` or ``?ontwikkelplaats=<pk>``: side A, which the user must may change."""
    source = request.GET if request.method == "GET" else request.POST
    resident_pk = source.get("inwoner") or source.get("resident_a") or ""
    place_pk = source.get("ontwikkelplaats") or source.get("place_a") or ""
    if resident_pk.isdigit() and len(resident_pk) < 12:
        qs = Resident.objects.select_related("buurt__wijk")
        return get_object_for_user(qs, request.user, pk=int(resident_pk), for_change=True), None
    if place_pk.isdigit() and len(place_pk) < 12:
        qs = Ontwikkelplaats.objects.select_related("buurt__wijk", "organisation")
        return None, get_object_for_user(qs, request.user, pk=int(place_pk), for_change=True)
    return None, None


def _candidates(user, resident_a, place_a, kind: str, q: str) -> dict:
    """Side B candidates for the small search: residents the user may see, or available
    ontwikkelplaatsen (a place asking matches only places)."""
    if place_a is not None:
        kind = MatchKind.PLACES
    rows: list = []
    if len(q) >= 2:
        if kind == MatchKind.RESIDENTS:
            rows = list(
                Resident.objects.visible_to(user)
                .exclude(status__in=[ResidentStatus.RESTING, ResidentStatus.ANONYMISED])
                .exclude(pk=getattr(resident_a, "pk", None))
                .search(q)
                .select_related("buurt")
                .order_by("first_name", "last_name", "pk")[: SEARCH_ROWS + 1]
            )
        else:
            rows = list(
                Ontwikkelplaats.objects.visible_to(user)
                .filter(active=True, reviewed=True, organisation__reviewed=True)
                .exclude(pk=getattr(place_a, "pk", None))
                .filter(Q(title__icontains=q) | Q(organisation__name__icontains=q))
                .select_related("organisation", "buurt")
                .order_by("title", "pk")[: SEARCH_ROWS + 1]
            )
    return {
        "kind": kind,
        "q": q,
        "candidates": rows[:SEARCH_ROWS],
        "more": len(rows) > SEARCH_ROWS,
        "searched": len(q) >= 2,
    }


def _create_page(request: HttpRequest, form, resident_a, place_a, *, status: int = 200):
    source = request.GET if request.method == "GET" else request.POST
    search = SideBSearchForm(source)
    kind, q = search.terms()
    context = {
        "form": form,
        "search": search,
        "resident_a": resident_a,
        "place_a": place_a,
        **_candidates(request.user, resident_a, place_a, kind, q),
    }
    template = "matches/match_create.html"
    if request.method == "GET" and request.htmx and not request.htmx.history_restore_request:
        template += "#candidates"
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.CHANGE_RESIDENTS)
@vary_on_headers("HX-Request")
def match_create(request: HttpRequest) -> HttpResponse:
    """GET: the form for a match without a request. POST: a suggestion's one tap (``request``,
    ``resident_b`` or ``place_b``, ``talent``) or this form's (side A, side B, talent)."""
    if request.method == "GET":
        resident_a, place_a = _side_a_from_query(request)
        form = MatchCreateForm(
            user=request.user,
            initial={"resident_a": resident_a, "place_a": place_a},
        )
        return _create_page(request, form, resident_a, place_a)
    form = MatchCreateForm(request.POST, user=request.user)
    from_request = bool(request.POST.get("request"))
    if form.is_valid():
        data = form.cleaned_data
        kind = services.kind_for(
            resident_a=data["resident_a"],
            place_a=data["place_a"],
            resident_b=data["resident_b"],
            place_b=data["place_b"],
            house_b=data["house_b"],
        )
        try:
            submitted = submit_once(
                token=data["token"],
                user=request.user,
                create=lambda: services.propose_match(
                    request.user,
                    kind=kind or "",
                    resident_a=data["resident_a"],
                    resident_b=data["resident_b"],
                    place_a=data["place_a"],
                    place_b=data["place_b"],
                    talent=data["talent"],
                    request=data["request"],
                    http_request=request,
                    house_b=data["house_b"],
                ),
                url_of=lambda match: match.get_absolute_url(),
            )
        except services.MatchError as error:
            form.add_error(None, error.message)
        else:
            match = submitted.created
            url = match.get_absolute_url() if match else submitted.earlier_url
            existing = match is None or match.existing
            if request.htmx:
                context = {"url": url, "existing": existing}
                return render(request, "matches/match_create.html#proposed", context)
            if existing:
                messages.info(request, _("Deze match bestond al; je ziet hem hier."))
            else:
                messages.success(request, _("Match voorgesteld."))
            return redirect(url or "matches:match-list")
    if from_request and request.htmx:
        return render(request, "matches/match_create.html#refused", {"form": form})
    resident_a = form.cleaned_data.get("resident_a") if hasattr(form, "cleaned_data") else None
    place_a = form.cleaned_data.get("place_a") if hasattr(form, "cleaned_data") else None
    return _create_page(request, form, resident_a, place_a)


# --- The match page ----------------------------------------------------------------------------


def get_match_for_user(user, pk: int, *, for_change: bool = False) -> Match:
    qs = Match.objects.select_related(
        "place_a__organisation",
        "place_a__buurt__wijk",
        "place_b__organisation",
        "place_b__buurt__wijk",
        "house_b__buurt__wijk",
        "talent",
        "request",
        "verbinder",
    )
    return get_object_for_user(qs, user, pk=pk, for_change=for_change)


def _resident_side(resident_id: int | None, full: dict, reduced: dict) -> dict | None:
    if resident_id is None:
        return None
    return {"resident": full.get(resident_id), "reduced": reduced.get(resident_id)}


def _sides(match: Match, user) -> tuple[dict, dict]:
    """Each side as the user may see it: a resident in full (the own wijkteam, or city-wide
    for coördinatoren), or reduced to first name, wijk and the verbinder to contact; a place
    in full. Residents the user may not read in full are fetched reduced only."""
    ids = [pk for pk in (match.resident_a_id, match.resident_b_id) if pk]
    full, reduced = {}, {}
    if ids:
        full = {
            r.pk: r
            for r in Resident.objects.visible_to(user)
            .filter(pk__in=ids)
            .select_related("buurt__wijk", "responsible_verbinder")
        }
        others = [pk for pk in ids if pk not in full]
        if others:
            reduced = {
                row["pk"]: row
                for row in Resident.objects.discoverable_by(user).filter(pk__in=others)
            }
    side_a = _resident_side(match.resident_a_id, full, reduced) or {"place": match.place_a}
    side_b = _resident_side(match.resident_b_id, full, reduced) or (
        {"house": match.house_b} if match.house_b_id else {"place": match.place_b}
    )
    return side_a, side_b


def _check_in_link(request: HttpRequest, match: Match) -> dict | None:
    """The contact person's link for the next open check-in (matches with an ontwikkelplaats)."""
    if match.place_b_id is None or match.status != MatchStatus.STARTED:
        return None
    check_in = services.open_check_in(match)
    if check_in is None:
        return None
    path = reverse("matches:contact-check-in", kwargs={"token": services.check_in_token(check_in)})
    return {
        "check_in": check_in,
        "url": request.build_absolute_uri(path),
        "email": match.place_b.organisation.contact_email,
    }


def _check_ins(match: Match) -> list:
    going = dict(GOING_CHOICES)
    check_ins = list(match.check_ins.select_related("by").order_by("due_on", "pk"))
    for check_in in check_ins:
        check_in.going_label = going.get(check_in.going, "")
    return check_ins


def match_context(request: HttpRequest, match: Match, **forms) -> dict:
    user = request.user
    side_a, side_b = _sides(match, user)
    can_change = Match.objects.editable_by(user).filter(pk=match.pk).exists()
    today = timezone.localdate()
    context = {
        "match": match,
        "side_a": side_a,
        "side_b": side_b,
        "events": match.events.select_related("by").order_by("at", "pk"),
        "check_ins": _check_ins(match),
        "one_click": ONE_CLICK,
        "can_change": can_change,
        "contacts": match.contacts_shared,
        "request_url": services.request_url(match.request, user) if match.request_id else None,
        "today": today,
        "Status": MatchStatus,
        "Outcome": Outcome,
        "error": forms.get("error"),
    }
    # What was said about a side (its evaluation) only for those who read that side in full;
    # what concerns both (the stop reason, the check-ins' notes) only when both are read in
    # full. The other wijkteam of a cross-wijkteam match sees the outcome, not the why.
    notes = Perm.READ_NOTES in may(user)
    context["notes_a"] = notes and not side_a.get("reduced")
    context["notes_b"] = notes and not side_b.get("reduced")
    context["notes_both"] = context["notes_a"] and context["notes_b"]
    if can_change and match.is_active:
        context["introduction_form"] = forms.get("introduction_form") or IntroductionForm(
            initial={"date": match.introduction_on or today}
        )
        context["start_form"] = forms.get("start_form") or StartForm(initial={"date": today})
        context["end_form"] = forms.get("end_form") or EndForm(
            match=match,
            initial={
                "date": today,
                "outcome": Outcome.COMPLETED
                if match.status == MatchStatus.STARTED
                else Outcome.STOPPED,
            },
        )
        context["open_form"] = forms.get("open_form", "")
    if can_change:
        context["check_in_link"] = _check_in_link(request, match)
    if match.house_b_id:
        context.update(house_match_context(match, user, can_change, forms.get("members_form")))
    return context


def _audit_view(request: HttpRequest, match: Match) -> None:
    # The page names the people in the match (and, once both agreed, how to reach them).
    # Which residents the page is about, by id (the log holds no names).
    details = {"contacts": match.contacts_shared}
    details.update(
        {
            key: value
            for key in ("resident_a", "resident_b")
            if (value := getattr(match, key + "_id"))
        }
    )
    record("match.view", match, request=request, details=details)


@require_http_methods(["GET", "HEAD"])
@login_required
@vary_on_headers("HX-Request")
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_match_for_user(request.user, pk)
    _audit_view(request, match)
    template = TEMPLATE
    if request.htmx and not request.htmx.history_restore_request:
        template += "#match-body"  # after a one-click check-in on this page
    return render(request, template, match_context(request, match))


def _after_change(request: HttpRequest, match: Match, message: str) -> HttpResponse:
    """htmx: the page's body again (status, history, contacts and forms all changed);
    without JavaScript: back to the page, with the message."""
    if request.htmx:
        context = {**match_context(request, match), "saved": message}
        _audit_view(request, match)
        return render(request, f"{TEMPLATE}#match-body", context)
    messages.success(request, message)
    return redirect(match)


def _refused(request: HttpRequest, match: Match, **forms) -> HttpResponse:
    """A form with errors (or a refused change): the page again with what was typed."""
    _audit_view(request, match)
    context = match_context(request, match, **forms)
    template = f"{TEMPLATE}#match-body" if request.htmx else TEMPLATE
    return render(request, template, context)


def posted_version(request: HttpRequest) -> int | None:
    """The version of the match the page showed (every step's hidden field). Absent (an older
    page or a script): the step is checked against its status only; malformed: stale."""
    value = request.POST.get("version")
    if value is None:
        return None
    return int(value) if value.isdigit() and len(value) < 10 else 0


def _last_event(match: Match):
    return match.events.select_related("by").order_by("-at", "-pk").first()


def _done_by_me(request: HttpRequest, match: Match) -> bool:
    """The step the person asked for was made by them a moment ago (a double tap)."""
    last = _last_event(match)
    return last is not None and last.by_id == request.user.pk


def _changed(request: HttpRequest, match: Match) -> HttpResponse:
    """Someone else changed the match after this page was shown: nothing was saved; the
    page as it is now, with who did what and when (the latest event). Status 409."""
    _audit_view(request, match)
    context = {**match_context(request, match), "changed_by_other": _last_event(match) or ""}
    template = f"{TEMPLATE}#match-body" if request.htmx else TEMPLATE
    return render(request, template, context, status=409)


@require_POST
@login_required
def match_agree(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_match_for_user(request.user, pk, for_change=True)
    try:
        services.match_record_agreement(
            match=match, by=request.user, expected_version=posted_version(request), request=request
        )
    except services.MatchError as error:
        match.refresh_from_db()
        if match.contacts_shared and match.is_active and _done_by_me(request, match):
            return _after_change(request, match, AGREED)  # a double tap: answer like the first
        if isinstance(error, services.MatchChanged) or match.contacts_shared:
            return _changed(request, match)
        if request.htmx:
            return _refused(request, match, error=error.message)
        messages.error(request, error.message)
        return redirect(match)
    return _after_change(request, match, AGREED)


@require_POST
@login_required
def match_introduction(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_match_for_user(request.user, pk, for_change=True)
    form = IntroductionForm(request.POST)
    if form.is_valid():
        try:
            services.match_plan_introduction(
                match=match,
                on=form.cleaned_data["date"],
                by=request.user,
                expected_version=posted_version(request),
                request=request,
            )
        except services.MatchError as error:
            # Shown above everything: the step may not be on the page any more.
            match.refresh_from_db()
            if isinstance(error, services.MatchChanged):
                return _changed(request, match)
            return _refused(
                request,
                match,
                error=error.message,
                introduction_form=form,
                open_form="introduction",
            )
        else:
            return _after_change(request, match, _("De kennismaking is gepland."))
    return _refused(request, match, introduction_form=form, open_form="introduction")


@require_POST
@login_required
def match_start(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_match_for_user(request.user, pk, for_change=True)
    form = StartForm(request.POST)
    if form.is_valid():
        try:
            services.match_start(
                match=match,
                on=form.cleaned_data["date"],
                by=request.user,
                expected_version=posted_version(request),
                request=request,
            )
        except services.MatchError as error:
            # Shown above everything: the step may not be on the page any more.
            match.refresh_from_db()
            started = (match.status, match.started_on) == (
                MatchStatus.STARTED,
                form.cleaned_data["date"],
            )
            if started and _done_by_me(request, match):
                return _after_change(request, match, STARTED)  # a double tap
            if isinstance(error, services.MatchChanged) or started:
                return _changed(request, match)
            return _refused(request, match, error=error.message, start_form=form, open_form="start")
        else:
            return _after_change(request, match, STARTED)
    return _refused(request, match, start_form=form, open_form="start")


@require_POST
@login_required
def match_end(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_match_for_user(request.user, pk, for_change=True)
    form = EndForm(request.POST, match=match)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.match_end(
                match=match,
                outcome=data["outcome"],
                on=data["date"],
                stop_reason=data["stop_reason"],
                evaluation_a=data["evaluation_a"],
                evaluation_b=data["evaluation_b"],
                continues_on_own=data["continues_on_own"],
                by=request.user,
                expected_version=posted_version(request),
                request=request,
            )
        except services.MatchError as error:
            # Shown above everything: the step may not be on the page any more.
            match.refresh_from_db()
            ended = (match.status, match.outcome, match.ended_on) == (
                MatchStatus.ENDED,
                data["outcome"],
                data["date"],
            )
            if ended and _done_by_me(request, match):  # a double tap: answer like the first
                if data["outcome"] == Outcome.STOPPED:
                    return _after_stop(request, match)
                return _after_change(request, match, COMPLETED)
            if isinstance(error, services.MatchChanged) or ended:
                return _changed(request, match)
            return _refused(request, match, error=error.message, end_form=form, open_form="end")
        else:
            if data["outcome"] == Outcome.STOPPED:
                return _after_stop(request, match)
            return _after_change(request, match, COMPLETED)
    return _refused(request, match, end_form=form, open_form="end")


def _after_stop(request: HttpRequest, match: Match) -> HttpResponse:
    """A stopped match: on to its request, where the suggestions for a new match are."""
    url = services.request_url(match.request, request.user)
    if url is None:  # the other wijkteam's request: stay on the match page
        return _after_change(
            request, match, _("De match is gestopt. De hulpvraag staat weer open.")
        )
    messages.success(
        request, _("De match is gestopt. De hulpvraag staat weer open: kies hieronder een nieuwe.")
    )
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@require_POST
@login_required
@requires(Perm.CHANGE_RESIDENTS)
def match_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """One click on a proposed match that is due ("gebeld, gaat goed", "geen gehoor"). Back to
    the panel (htmx follows the redirect and gets the panel's fragment)."""
    match = get_match_for_user(request.user, pk, for_change=True)
    form = CheckInLogForm(request.POST)
    try:
        if not form.is_valid():
            raise services.MatchError(_("Kies hoe het gesprek ging."))
        services.match_follow_up(
            match=match,
            result=form.cleaned_data["result"],
            by=request.user,
            expected_version=posted_version(request),
            request=request,
        )
    except services.MatchChanged:
        match.refresh_from_db()
        if not request.htmx:
            return _changed(request, match)
        # From the home page's panel: the match page tells who did what (the panel would
        # only lose the match from its list).
        response = HttpResponse(status=409)
        response["HX-Redirect"] = match.get_absolute_url()
        messages.warning(request, _changed_message(match))
        return response
    except services.MatchError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Opvolging vastgelegd."))
    if request.POST.get("next") == "match":
        return redirect(match)
    return redirect("matches:panel")


def _changed_message(match: Match) -> str:
    last = _last_event(match)
    if last is None or last.by is None:
        return str(_("Iemand anders heeft deze match net gewijzigd. Uw stap is niet opgeslagen."))
    return _("%(name)s heeft deze match net gewijzigd (%(when)s). Uw stap is niet opgeslagen.") % {
        "name": last.by,
        "when": date_format(timezone.localtime(last.at), "j F Y H:i"),
    }


# --- The list ----------------------------------------------------------------------------------


def filter_matches(matches, filters: dict):
    if filters.get("status"):
        matches = matches.filter(status=filters["status"])
    if filters.get("kind"):
        matches = matches.filter(kind=filters["kind"])
    if filters.get("talent"):
        matches = matches.filter(talent=filters["talent"])
    if filters.get("wijkteam"):
        # The wijkteam the match counts for (its first side's, stored when it was made).
        matches = matches.filter(wijkteam=filters["wijkteam"])
    if filters.get("wijk"):
        # The wijk of the first side (who asked), as the KPI counts a match there.
        wijk = filters["wijk"]
        matches = matches.filter(Q(resident_a__buurt__wijk=wijk) | Q(place_a__buurt__wijk=wijk))
    if filters.get("verbinder"):
        matches = matches.filter(verbinder=filters["verbinder"])
    field = "started_on" if filters.get("period") == "started" else "proposed_on"
    if filters.get("date_from"):
        matches = matches.filter(**{f"{field}__gte": filters["date_from"]})
    if filters.get("date_to"):
        matches = matches.filter(**{f"{field}__lte": filters["date_to"]})
    return matches


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_RESIDENTS)
@vary_on_headers("HX-Request")
def match_list(request: HttpRequest) -> HttpResponse:
    form = MatchFilterForm(request.GET, user=request.user)
    matches = services.with_names(
        filter_matches(Match.objects.visible_to(request.user), form.filters())
    ).select_related("verbinder")
    page = CappedPaginator(matches.order_by("-proposed_on", "-pk"), 25).get_page(
        request.GET.get("page")
    )
    record("match.list", request=request)
    template = "matches/match_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#match-table"
    return render(request, template, {"form": form, "page": page})


# --- Sections on other apps' pages -------------------------------------------------------------


def _section(request: HttpRequest, obj, matches, *, new_url: str | None) -> HttpResponse:
    matches = services.with_names(matches).order_by("-proposed_on", "-pk")
    rows = list(matches[: SECTION_ROWS + 1])
    context = {
        "obj": obj,
        "matches": rows[:SECTION_ROWS],
        "more": len(rows) > SECTION_ROWS,
        "new_url": new_url if may(request.user).change_residents else None,
    }
    template = "matches/match_section.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#matches-section"
    return render(request, template, context)


@require_http_methods(["GET", "HEAD"])
@login_required
@vary_on_headers("HX-Request")
def resident_matches(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_object_for_user(Resident, request.user, pk=pk)
    matches = Match.objects.visible_to(request.user).involving_resident(resident)
    editable = Resident.objects.editable_by(request.user).filter(pk=pk).exists()
    new_url = reverse("matches:match-create") + f"?inwoner={pk}" if editable else None
    return _section(request, resident, matches, new_url=new_url)


@require_http_methods(["GET", "HEAD"])
@login_required
@vary_on_headers("HX-Request")
def place_matches(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_object_for_user(Ontwikkelplaats, request.user, pk=pk)
    matches = Match.objects.visible_to(request.user).involving_place(place)
    editable = Ontwikkelplaats.objects.editable_by(request.user).filter(pk=pk).exists()
    new_url = reverse("matches:match-create") + f"?ontwikkelplaats={pk}" if editable else None
    return _section(request, place, matches, new_url=new_url)


@require_http_methods(["GET", "HEAD"])
@login_required
@vary_on_headers("HX-Request")
def organisation_matches(request: HttpRequest, pk: int) -> HttpResponse:
    """The matches of the organisation's ontwikkelplaatsen, on either side (an org↔org match
    shows on both organisations' pages)."""
    organisation = get_object_for_user(Organisation, request.user, pk=pk)
    matches = Match.objects.visible_to(request.user).filter(
        Q(place_a__organisation=organisation) | Q(place_b__organisation=organisation)
    )
    return _section(request, organisation, matches, new_url=None)
