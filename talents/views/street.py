"""Quick street capture: a resident and a street conversation in half a minute, on a phone.

The verbinder reads the privacy text aloud and records the consent; someone the team already
knows (same phone or e-mail, or same first name in the same buurt) is shown before a second
resident is made, and "dit is dezelfde persoon" adds the conversation to the known one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from buurtinbloei.once import submit_once, submitted_before
from buurtinbloei.permissions import Perm, requires

from .. import services
from ..forms import StreetForm
from ..models import Talent
from ..selectors import get_resident_for_user, likely_duplicates


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.CHANGE_RESIDENTS)
def street_capture(request: HttpRequest) -> HttpResponse:
    form = StreetForm(request.POST or None, user=request.user)
    duplicates: list = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submitted = submitted_before(data["token"], request.user)
        if submitted is None:
            create = _capture_for(request, data)
            if create is None:  # maybe someone we know: ask before making a second resident
                duplicates = _duplicates(request, data)
            if not duplicates:
                submitted = submit_once(
                    token=data["token"],
                    user=request.user,
                    create=create or (lambda: _capture_new(request, data)),
                    url_of=lambda captured: captured.resident.get_absolute_url(),
                )
        if submitted is not None:
            url = (
                submitted.earlier_url
                if submitted.again
                else submitted.created.resident.get_absolute_url()
            )
            messages.success(request, _saved_message(data["first_name"], url))
            return redirect("talents:street-capture")
    talent_names = Talent.objects.usable_by(request.user).values_list("name", flat=True)
    context = {"form": form, "talent_names": talent_names, "duplicates": duplicates}
    return render(request, "talents/street_capture.html", context)


def _capture_for(request: HttpRequest, data: dict):
    """What the verbinder chose: this is a known resident, or a new one on purpose."""
    same_as = request.POST.get("same_as", "")
    if same_as.isdigit() and len(same_as) < 12:
        resident = get_resident_for_user(request.user, int(same_as), for_change=True)
        return lambda: services.street_capture_existing(
            resident=resident,
            data=data,
            talent_name=data["talent"],
            gives=data["gives"],
            by=request.user,
            request=request,
        )
    if request.POST.get("decision") == "new":
        return lambda: _capture_new(request, data)
    return None


def _capture_new(request: HttpRequest, data: dict):
    return services.street_capture(
        data=data, talent_name=data["talent"], gives=data["gives"], by=request.user, request=request
    )


def _duplicates(request: HttpRequest, data: dict) -> list:
    buurt = data.get("buurt")
    return likely_duplicates(
        request.user,
        first_name=data["first_name"],
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        buurt_id=buurt.pk if buurt else None,
    )


def _saved_message(first_name: str, url: str) -> str:
    """ "Henk is opgeslagen", with Henk a link to Henk, and "vul later aan" to his details."""
    if not url:
        return _("%(name)s is opgeslagen.") % {"name": first_name}
    edit_url = reverse("talents:resident-edit", kwargs=resolve(url).kwargs)
    return format_html(
        _("{name} is opgeslagen. {later} Je kunt meteen de volgende invullen."),
        name=format_html('<a class="utrecht-link" href="{}">{}</a>', url, first_name),
        later=format_html(
            '<a class="utrecht-link" href="{}">{}</a>', edit_url, _("Vul later de rest aan.")
        ),
    )
