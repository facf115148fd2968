"""Quick street capture: a resident and a street conversation in half a minute, on a phone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from buurtinbloei.permissions import Perm, requires

from .. import services
from ..forms import StreetForm
from ..models import Talent


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.CHANGE_RESIDENTS)
def street_capture(request: HttpRequest) -> HttpResponse:
    form = StreetForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        captured = services.street_capture(
            data=data,
            talent_name=data["talent"],
            gives=data["gives"],
            by=request.user,
            request=request,
        )
        messages.success(
            request,
            _("%(name)s is opgeslagen. Je kunt meteen de volgende invullen.")
            % {"name": captured.resident.first_name},
        )
        return redirect("talents:street-capture")
    talent_names = Talent.objects.usable_by(request.user).values_list("name", flat=True)
    return render(
        request, "talents/street_capture.html", {"form": form, "talent_names": talent_names}
    )
