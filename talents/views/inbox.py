"""The triage inbox: sign-ups wait for a verbinder of their wijkteam (or any, buurt unknown)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buurtinbloei.audit import record
from buurtinbloei.permissions import Perm, requires
from buurtinbloei.scoping import get_object_for_user

from ..forms_inbox import InboxFilterForm, LinkForm, NotificationSettingsForm
from ..models import NotificationPreference, Resident, SignUp, SignUpStatus, VerbinderSettings
from ..services_signup import (
    SignUpError,
    notification_settings_save,
    signup_create_resident,
    signup_likely_duplicates,
    signup_link,
    signup_take,
)


def _get_signup_for_user(request: HttpRequest, pk: int, *, for_change: bool = False) -> SignUp:
    signups = SignUp.objects.select_related("buurt__wijk__wijkteam", "taken_by", "resident")
    return get_object_for_user(signups, request.user, pk=pk, for_change=for_change)


@require_GET
@login_required
@requires(Perm.VIEW_INBOX)
def inbox(request: HttpRequest) -> HttpResponse:
    filters = InboxFilterForm(request.GET)
    signups = SignUp.objects.visible_to(request.user).select_related("buurt__wijk", "taken_by")
    if (statuses := filters.statuses()) is not None:
        signups = signups.filter(status__in=statuses)
    page = Paginator(signups.order_by("created_at", "pk"), 25).get_page(request.GET.get("page"))
    # The list shows first names and what people asked for: its reads are audited too
    # (without the filters, as for the resident list).
    record("signup.list", request=request)
    return render(request, "talents/inbox.html", {"page": page, "filters": filters})


@require_GET
@login_required
@requires(Perm.TRIAGE_SIGNUPS)
def inbox_detail(request: HttpRequest, pk: int) -> HttpResponse:
    signup = _get_signup_for_user(request, pk)
    record("signup.view", signup, request=request)
    context = {
        "signup": signup,
        "talents": signup.talents.order_by("name"),
        "consents": signup.consents.order_by("given_at"),
        "duplicates": []
        if signup.status == SignUpStatus.DONE
        else signup_likely_duplicates(signup=signup, user=request.user),
        "may_finish": signup.status != SignUpStatus.DONE
        and signup.taken_by_id in {None, request.user.pk},
    }
    return render(request, "talents/inbox_detail.html", context)


@require_POST
@login_required
@requires(Perm.TRIAGE_SIGNUPS)
def inbox_take(request: HttpRequest, pk: int) -> HttpResponse:
    signup = _get_signup_for_user(request, pk, for_change=True)
    try:
        signup_take(signup=signup, by=request.user, request=request)
    except SignUpError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Je hebt deze aanmelding opgepakt."))
    return redirect("talents:inbox-detail", pk=signup.pk)


@require_POST
@login_required
@requires(Perm.TRIAGE_SIGNUPS)
def inbox_link(request: HttpRequest, pk: int) -> HttpResponse:
    signup = _get_signup_for_user(request, pk, for_change=True)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een inwoner om deze aanmelding aan te koppelen."))
        return redirect("talents:inbox-detail", pk=signup.pk)
    resident = get_object_for_user(
        Resident, request.user, pk=form.cleaned_data["resident"], for_change=True
    )
    try:
        signup_link(signup=signup, resident=resident, by=request.user, request=request)
    except SignUpError as error:
        messages.error(request, error.message)
        return redirect("talents:inbox-detail", pk=signup.pk)
    messages.success(request, _("De aanmelding is gekoppeld aan %(name)s.") % {"name": resident})
    return _to_resident(resident, signup)


@require_POST
@login_required
@requires(Perm.TRIAGE_SIGNUPS)
def inbox_create_resident(request: HttpRequest, pk: int) -> HttpResponse:
    signup = _get_signup_for_user(request, pk, for_change=True)
    try:
        resident = signup_create_resident(signup=signup, by=request.user, request=request)
    except SignUpError as error:
        signup.refresh_from_db()
        if signup.resident_id and signup.taken_by_id == request.user.pk:
            # A double tap: the first tap made the resident; lead there, and say so.
            messages.info(request, error.message)
            return _to_resident(signup.resident, signup)
        messages.error(request, error.message)
        return redirect("talents:inbox-detail", pk=signup.pk)
    messages.success(request, _("%(name)s staat nu bij de inwoners.") % {"name": resident})
    return _to_resident(resident, signup)


def _to_resident(resident: Resident, signup: SignUp) -> HttpResponse:
    try:
        return redirect(resident.get_absolute_url())
    except NoReverseMatch:  # the resident pages are not installed: stay in the inbox
        return redirect("talents:inbox-detail", pk=signup.pk)


@require_GET
@login_required
@requires(Perm.VIEW_INBOX)
def inbox_panel(request: HttpRequest) -> HttpResponse:
    counts = (
        SignUp.objects.visible_to(request.user)
        .filter(status=SignUpStatus.NEW)
        .aggregate(waiting=Count("pk"), shared=Count("pk", filter=Q(buurt__isnull=True)))
    )
    template = "talents/inbox_panel.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#inbox-panel"
    return render(request, template, {"counts": counts})


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.TRIAGE_SIGNUPS)
def notification_settings(request: HttpRequest) -> HttpResponse:
    current = VerbinderSettings.objects.filter(user=request.user).first()
    form = NotificationSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "signup_notifications": current.signup_notifications
            if current
            else NotificationPreference.EACH,
            "match_reminders": current.match_reminders if current else True,
        },
    )
    if form.is_valid():
        notification_settings_save(user=request.user, **form.cleaned_data)
        messages.success(request, _("Je keuze is bewaard."))
        return redirect("talents:notification-settings")
    return render(request, "talents/notification_settings.html", {"form": form})
