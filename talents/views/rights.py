"""A resident's rights on the resident page, for the verbinders of the resident's wijkteam:
access ("inzage", a printable page and a JSON download), erasure, consent given in person and
consent withdrawn.

Access and erasure go through the core's ``export_resident`` and ``erase_resident``, which walk
every app's hooks, so an app added later is in the export and the erasure without a change
here. Both ask for the password again when the last authentication is older than ten minutes
(buurtinbloei/reauthentication.py). Only someone who may change the resident (``editable_by``:
the own wijkteam) and read sensitive notes gets here: a coördinator, a partner or another
wijkteam gets 404 or 403 like on every other change.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from buurtinbloei.audit import record
from buurtinbloei.once import submit_once
from buurtinbloei.permissions import Perm, requires
from buurtinbloei.privacy import PRIVACY_STATEMENT_VERSION
from buurtinbloei.reauthentication import ensure_recently_authenticated
from buurtinbloei.registry import erase_resident, export_resident

from .. import rights
from ..forms_rights import ConsentForm, EraseForm, WithdrawForm
from ..models import ConsentRecord, Resident, ResidentStatus
from ..selectors import get_resident_for_user

#: Readable headings and labels for the export's keys; a key not listed (an app added later)
#: is shown as it is, so nothing is ever left out of the page.
LABELS = {
    "buurtinbloei": gettext_lazy("Auditlog"),
    "talents": gettext_lazy("Gegevens, talenten en gesprekken"),
    "networks": gettext_lazy("Kernteams"),
    "matches": gettext_lazy("Hulpvragen en matches"),
    "audit_log": gettext_lazy("Wie de gegevens bekeek of wijzigde"),
    "resident": gettext_lazy("Gegevens"),
    "talents.talents": gettext_lazy("Talenten"),
    "conversations": gettext_lazy("Gesprekken"),
    "signups": gettext_lazy("Aanmeldingen via de website"),
    "consents": gettext_lazy("Toestemmingen"),
    "core_teams": gettext_lazy("Kernteams"),
    "requests": gettext_lazy("Hulpvragen"),
    "matches.matches": gettext_lazy("Matches"),
    "check_ins": gettext_lazy("Navragen"),
    "first_name": gettext_lazy("Voornaam"),
    "last_name": gettext_lazy("Achternaam"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Telefoon"),
    "postcode": gettext_lazy("Postcode"),
    "buurt": gettext_lazy("Buurt"),
    "birth_year": gettext_lazy("Geboortejaar"),
    "languages": gettext_lazy("Talen"),
    "status": gettext_lazy("Status"),
    "source": gettext_lazy("Bron"),
    "responsible_verbinder": gettext_lazy("Verbinder"),
    "verbinder": gettext_lazy("Verbinder"),
    "created_at": gettext_lazy("Aangemaakt"),
    "updated_at": gettext_lazy("Gewijzigd"),
    "talent": gettext_lazy("Talent"),
    "offered": gettext_lazy("Biedt aan"),
    "wants_to_develop": gettext_lazy("Wil ontwikkelen"),
    "note": gettext_lazy("Notitie"),
    "date": gettext_lazy("Datum"),
    "kind": gettext_lazy("Soort"),
    "summary": gettext_lazy("Samenvatting"),
    "wishes": gettext_lazy("Kan geven of wil doen"),
    "asks": gettext_lazy("Kan gebruiken"),
    "next_step": gettext_lazy("Volgende stap"),
    "follow_up_on": gettext_lazy("Opvolgen op"),
    "sensitive": gettext_lazy("Gevoelig"),
    "received": gettext_lazy("Ontvangen"),
    "purpose": gettext_lazy("Doel"),
    "text_version": gettext_lazy("Versie privacyverklaring"),
    "given_at": gettext_lazy("Gegeven op"),
    "withdrawn_at": gettext_lazy("Ingetrokken op"),
    "channel": gettext_lazy("Hoe gegeven"),
    "legal_ground": gettext_lazy("Grondslag om te bewaren"),
    "at": gettext_lazy("Wanneer"),
    "action": gettext_lazy("Actie"),
    "by": gettext_lazy("Door"),
    "ip": gettext_lazy("IP-adres"),
}


def _label(key: str, parent: str = "") -> str:
    return str(LABELS.get(f"{parent}.{key}") or LABELS.get(key) or key.replace("_", " "))


def _value(value) -> str:
    if value is True:
        return _("ja")
    if value is False:
        return _("nee")
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _fields(item: dict, parent: str) -> list[tuple[str, str]]:
    return [(_label(k, parent), _value(v)) for k, v in item.items()]


def readable(export: dict) -> list[dict]:
    """The export as headings, groups and (label, value) pairs, in the export's own order."""
    sections = []
    for app_label, data in export.items():
        groups = []
        for key, value in data.items():
            if isinstance(value, dict):
                items = [_fields(value, app_label)]
            elif isinstance(value, list):
                items = [
                    _fields(v, app_label) if isinstance(v, dict) else [("", _value(v))]
                    for v in value
                ]
            else:  # a single value: shown too, whatever an app adds later
                items = [[(_label(key, app_label), _value(value))]]
            groups.append({"key": key, "title": _label(key, app_label), "items": items})
        sections.append({"key": app_label, "title": _label(app_label), "groups": groups})
    return sections


def _resident_for_rights(request: HttpRequest, pk: int) -> Resident:
    """The own wijkteam's resident (404 outside what one may see, 403 when read-only)."""
    return get_resident_for_user(request.user, pk, for_change=True)


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.CHANGE_RESIDENTS, Perm.READ_SENSITIVE)
@never_cache
def resident_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything stored about the resident: a page to print, or ``?formaat=json``."""
    resident = _resident_for_rights(request, pk)
    ensure_recently_authenticated(request)
    export = export_resident(resident, by=request.user, request=request)
    if request.GET.get("formaat") == "json":
        body = json.dumps(
            {
                "resident_id": resident.pk,
                "exported_at": timezone.now().isoformat(),
                "privacy_statement_version": PRIVACY_STATEMENT_VERSION,
                "data": export,
            },
            ensure_ascii=False,
            indent=2,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        filename = f"inzage-inwoner-{resident.pk}-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    context = {"resident": resident, "sections": readable(export), "now": timezone.now()}
    return render(request, "talents/resident_access.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.CHANGE_RESIDENTS, Perm.READ_SENSITIVE)
def resident_erase(request: HttpRequest, pk: int) -> HttpResponse:
    resident = _resident_for_rights(request, pk)
    ensure_recently_authenticated(request)
    if resident.status == ResidentStatus.ANONYMISED:  # a second tap, or an old tab
        messages.info(request, _("Deze inwoner is al geanonimiseerd."))
        return redirect(resident)
    form = EraseForm(request.POST or None, resident=resident)
    if request.method == "GET":  # the page names the resident
        record("resident.view", resident, request=request)
    if request.method == "POST" and form.is_valid():
        erase_resident(resident, by=request.user, request=request)
        messages.success(request, _("De inwoner is geanonimiseerd."))
        return redirect(resident)
    return render(request, "talents/resident_erase.html", {"resident": resident, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.CHANGE_RESIDENTS)
def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    resident = _resident_for_rights(request, pk)
    if resident.status == ResidentStatus.ANONYMISED:
        raise Http404
    form = ConsentForm(request.POST or None)
    if request.method == "GET":
        record("resident.view", resident, request=request)
    if request.method == "POST" and form.is_valid():
        submit_once(
            token=form.cleaned_data["token"],
            user=request.user,
            create=lambda: rights.consent_record(
                resident=resident,
                channel=form.cleaned_data["channel"],
                by=request.user,
                request=request,
            ),
            url_of=lambda consent: resident.get_absolute_url(),
        )
        messages.success(request, _("De toestemming is vastgelegd."))
        return redirect(resident.get_absolute_url() + "#privacy")
    context = {"resident": resident, "form": form, "version": PRIVACY_STATEMENT_VERSION}
    return render(request, "talents/consent_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.CHANGE_RESIDENTS, Perm.READ_SENSITIVE)
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    resident = _resident_for_rights(request, pk)
    consent = get_object_or_404(ConsentRecord, pk=consent_pk, resident=resident)
    if consent.withdrawn_at is not None:  # a second tap, or an old tab
        messages.info(request, _("Deze toestemming is al ingetrokken."))
        return redirect(resident.get_absolute_url() + "#privacy")
    form = WithdrawForm(request.POST or None, resident=resident)
    if request.method == "GET":
        record("resident.view", resident, request=request)
    if request.method == "POST" and form.is_valid():
        if not form.keep_because:
            # Erasing asks for a recent authentication, like the erase page (the POST is kept
            # and carried out after the password is given).
            ensure_recently_authenticated(request)
            rights.consent_withdraw(consent=consent, by=request.user, request=request)
            messages.success(
                request, _("De toestemming is ingetrokken en de inwoner is geanonimiseerd.")
            )
            return redirect(resident)
        rights.consent_withdraw(
            consent=consent, keep_because=form.keep_because, by=request.user, request=request
        )
        messages.success(request, _("De toestemming is ingetrokken; de gegevens blijven bewaard."))
        return redirect(resident.get_absolute_url() + "#privacy")
    context = {"resident": resident, "consent": consent, "form": form}
    return render(request, "talents/consent_withdraw.html", context)
