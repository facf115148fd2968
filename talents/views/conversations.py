"""Talent conversations: the inline form on the resident page and the talent autocomplete."""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget, trigger_client_event

from buurtinbloei.audit import record
from buurtinbloei.conflicts import StaleVersion, conflict_response
from buurtinbloei.forms import clean_text
from buurtinbloei.once import submit_once
from buurtinbloei.permissions import Perm, requires

from .. import services
from ..forms import ConversationEditForm, ConversationForm
from ..models import Resident, ResidentStatus, Talent
from ..selectors import (
    SUGGESTIONS,
    get_conversation_for_user,
    get_resident_for_user,
    picker_talents,
    timeline_page,
)


def chosen_ids(data) -> list[int]:
    return [int(v) for v in data.getlist("talents") if v.isdigit() and len(v) < 12]


#: The confirmation after a save without JavaScript is shown next to the timeline, not on top.
SAVED_TAGS = "inline gesprek-opgeslagen"


@require_http_methods(["GET", "POST"])
@login_required
def conversation_create(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_resident_for_user(request.user, pk, for_change=True)
    form = ConversationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # A double tap sends the form twice: the second finds the first and saves nothing.
        submit_once(
            token=data["token"],
            user=request.user,
            create=lambda: _log(request, resident, data),
            url_of=lambda conversation: resident.get_absolute_url(),
        )
        if not request.htmx:
            messages.success(request, _("Gesprek opgeslagen."), extra_tags=SAVED_TAGS)
            return redirect(resident.get_absolute_url() + "#gesprek-opgeslagen")
        return _logged(request, resident)
    return _render_form(request, resident, form)


def _log(request: HttpRequest, resident, data: dict):
    talents = [
        *data["talents"],
        *services.talents_from_names(names=data["new_talents"], by=request.user, request=request),
    ]
    return services.conversation_log(
        resident=resident, data=data, talents=talents, by=request.user, request=request
    )


def _logged(request: HttpRequest, resident) -> HttpResponse:
    """The refreshed timeline, a fresh (closed) form and "Gesprek opgeslagen" next to it;
    the talents refresh themselves on the event."""
    chosen, suggestions = picker_talents(request.user, [])
    context = {
        "resident": resident,
        **timeline_page(resident, request.user),
        "status_oob": True,
        "panel_oob": True,
        "saved_oob": True,
        "conversation_form": ConversationForm(user=request.user),
        "chosen": chosen,
        "suggestions": suggestions,
    }
    page = "talents/resident_detail.html"
    parts = [
        render_to_string(f"{page}#{name}", context, request=request)
        for name in ("timeline", "conversation-panel", "conversation-saved")
    ]
    return trigger_client_event(HttpResponse("".join(parts)), "conversationLogged")


def _render_form(request: HttpRequest, resident, form) -> HttpResponse:
    chosen, suggestions = picker_talents(
        request.user, chosen_ids(form.data) if form.is_bound else []
    )
    context = {
        "resident": resident,
        "conversation_form": form,
        "chosen": chosen,
        "suggestions": suggestions,
    }
    if not request.htmx:
        # On a page of its own there is no timeline to refresh: a plain post, then back.
        return render(request, "talents/conversation_form.html", {**context, "standalone": True})
    response = render(request, "talents/conversation_form.html#conversation-form", context)
    if form.is_bound:  # errors: show the form again where it was, instead of the timeline
        response = reswap(retarget(response, "#conversation-form"), "outerHTML")
    return response


#: Audit actions that change a conversation (who saved last, on the conflict page).
CONVERSATION_CHANGES = ("conversation.update", "conversation.create")


@require_http_methods(["GET", "POST"])
@login_required
def conversation_edit(request: HttpRequest, pk: int, conversation_pk: int) -> HttpResponse:
    """Correct a conversation (a verbinder of the resident's wijkteam); two verbinders
    correcting it at once get the conflict page, never an overwrite."""
    resident = get_resident_for_user(request.user, pk, for_change=True)
    conversation = get_conversation_for_user(request.user, resident, conversation_pk)
    if resident.status == ResidentStatus.ANONYMISED:  # erased: what was said stays erased
        messages.error(request, _("Deze inwoner is gewist; een gesprek corrigeren kan niet meer."))
        return redirect(resident)
    form = ConversationEditForm(
        request.POST or None,
        instance=copy(conversation),  # the page's title keeps the saved date
        user=request.user,
        initial={"version": conversation.version},
    )
    if request.method == "GET":
        record("resident.view", resident, request=request)  # the page shows what was said
    elif form.is_valid():
        data = form.cleaned_data
        talents = [
            *data["talents"],
            *services.talents_from_names(
                names=data["new_talents"], by=request.user, request=request
            ),
        ]
        try:
            services.conversation_update(
                conversation=conversation,
                data=data,
                talents=talents,
                expected_version=data["version"] or 0,
                by=request.user,
                request=request,
            )
        except StaleVersion:
            current = get_conversation_for_user(request.user, resident, conversation_pk)
            return conflict_response(
                request,
                "talents/conversation_edit.html",
                _edit_context(request, resident, current, None),
                rebind=lambda data: ConversationEditForm(
                    data, instance=copy(current), user=request.user
                ),
                current=current,
                actions=CONVERSATION_CHANGES,
                discard_url=resident.get_absolute_url() + f"#gesprek-{current.pk}",
                form_name="conversation_form",
            )
        messages.success(request, _("De correctie van het gesprek is opgeslagen."))
        return redirect(resident.get_absolute_url() + f"#gesprek-{conversation.pk}")
    context = _edit_context(request, resident, conversation, form)
    return render(request, "talents/conversation_edit.html", context)


def _edit_context(request: HttpRequest, resident, conversation, form) -> dict:
    """The correction page: the picker starts from the talents found (or the ticked ones)."""
    if form is not None and form.is_bound:
        ids = chosen_ids(form.data)
    elif request.method == "POST":  # the conflict page: what was ticked
        ids = chosen_ids(request.POST)
    else:
        ids = [t.pk for t in conversation.talents.all()]
    choosable = ConversationEditForm(instance=conversation, user=request.user)
    chosen = list(choosable.fields["talents"].queryset.filter(pk__in=ids).order_by("name"))
    _, suggestions = picker_talents(request.user, ids)
    return {
        "resident": resident,
        "conversation": conversation,
        "conversation_form": form,
        "chosen": chosen,
        "suggestions": suggestions,
        "standalone": True,
        "form_action": reverse(
            "talents:conversation-edit",
            kwargs={"pk": resident.pk, "conversation_pk": conversation.pk},
        ),
    }


@require_http_methods(["GET"])
@login_required
@requires(Perm.CHANGE_RESIDENTS)
def talent_search(request: HttpRequest) -> HttpResponse:
    """Suggestions for the talent picker: chosen talents stay, matches follow (a fragment)."""
    query = " ".join(clean_text(request.GET.get("talent_q", "")).split())[:100]
    chosen, suggestions = picker_talents(request.user, chosen_ids(request.GET))
    if query:
        suggestions = list(
            Talent.objects.usable_by(request.user)
            .filter(name__icontains=query)
            .exclude(pk__in=[t.pk for t in chosen])[:SUGGESTIONS]
        )
    # Propose a new talent only when nothing matches: "brei" finds "Handwerken (breien en
    # haken)", and a second talent for the same thing would split the matches.
    matched = any(query.lower() in t.name.lower() for t in [*chosen, *suggestions])
    context = {
        "chosen": chosen,
        "suggestions": suggestions,
        "query": query,
        "propose": bool(query) and not matched,
        "proposed": query in request.GET.getlist("new_talents"),
    }
    return render(request, "talents/conversation_form.html#talent-options", context)


#: How many residents the home page's "Gesprek vastleggen" offers to pick from.
START_CHOICES = 10


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.CHANGE_RESIDENTS)
@vary_on_headers("HX-Request")
def conversation_start(request: HttpRequest) -> HttpResponse:
    """The home page's quick "Gesprek vastleggen": find the resident, then the form."""
    query = " ".join(clean_text(request.GET.get("q", "")).split())[:100]
    residents = []
    if query:
        residents = list(
            Resident.objects.editable_by(request.user)
            .filter_by({"q": query}, user=request.user)
            .select_related("buurt")[:START_CHOICES]
        )
    template = "talents/conversation_start.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#conversation-start"
    return render(request, template, {"query": query, "residents": residents})
