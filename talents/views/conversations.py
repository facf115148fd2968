"""Talent conversations: the inline form on the resident page and the talent autocomplete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import reswap, retarget, trigger_client_event

from buurtinbloei.forms import clean_text
from buurtinbloei.permissions import role_required

from .. import services
from ..forms import ConversationForm
from ..models import Talent
from .residents import (
    SUGGESTIONS,
    WRITERS,
    ensure_writer,
    get_resident_for_user,
    picker_talents,
    timeline_page,
)


def chosen_ids(data) -> list[int]:
    return [int(v) for v in data.getlist("talents") if v.isdigit() and len(v) < 12]


@require_http_methods(["GET", "POST"])
@login_required
def conversation_create(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_resident_for_user(request, pk)
    ensure_writer(request.user)
    form = ConversationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        talents = [
            *data["talents"],
            *services.talents_from_names(
                names=data["new_talents"], by=request.user, request=request
            ),
        ]
        services.conversation_log(
            resident=resident, data=data, talents=talents, by=request.user, request=request
        )
        if not request.htmx:
            messages.success(request, _("Het gesprek is vastgelegd."))
            return redirect(resident.get_absolute_url() + "#timeline")
        return _logged(request, resident)
    return _render_form(request, resident, form)


def _logged(request: HttpRequest, resident) -> HttpResponse:
    """The refreshed timeline; the form and the talents refresh themselves on the event."""
    context = {
        "resident": resident,
        **timeline_page(resident, request.user),
        "status_oob": True,
        "show_notes": True,  # only verbinders log conversations
    }
    response = render(request, "talents/resident_detail.html#timeline", context)
    return trigger_client_event(response, "conversationLogged")


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
        return render(request, "talents/conversation_form.html", context)
    response = render(request, "talents/conversation_form.html#conversation-form", context)
    if form.is_bound:  # errors: show the form again where it was, instead of the timeline
        response = reswap(retarget(response, "#conversation-form"), "outerHTML")
    return response


@require_http_methods(["GET"])
@login_required
@role_required(*WRITERS)
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
    exact = any(t.name.lower() == query.lower() for t in [*chosen, *suggestions])
    context = {
        "chosen": chosen,
        "suggestions": suggestions,
        "query": query,
        "propose": bool(query) and not exact,
    }
    return render(request, "talents/conversation_form.html#talent-options", context)
