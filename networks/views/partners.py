"""The partner network per wijk: last contact, agreements, and who needs a call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from buurtinbloei.permissions import Perm, requires
from buurtinbloei.scoping import get_object_for_user

from .. import services
from ..forms import PartnerContactForm
from ..models import Partner, PartnerContact
from ..selectors import contact_due_before, partners_for


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.VIEW_NETWORKS)
def partner_list(request: HttpRequest) -> HttpResponse:
    agreements = PartnerContact.objects.exclude(agreement="").order_by("-date", "-pk")
    partners = list(
        partners_for(request.user)
        .prefetch_related(Prefetch("contacts", queryset=agreements, to_attr="agreements"))
        .order_by("wijk__name", "organisation__name", "pk")
    )
    due = contact_due_before()
    for partner in partners:
        partner.needs_contact = partner.last_contact is None or partner.last_contact < due
    context = {
        "partners": partners,
        "to_contact": [p for p in partners if p.needs_contact],
    }
    return render(request, "networks/partner_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def partner_contact(request: HttpRequest, pk: int) -> HttpResponse:
    qs = Partner.objects.select_related("organisation", "wijk")
    partner = get_object_for_user(qs, request.user, pk=pk, for_change=True)
    form = PartnerContactForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.partner_contact_log(
            partner=partner, data=form.cleaned_data, by=request.user, request=request
        )
        messages.success(request, _("Het contact is vastgelegd."))
        return redirect("networks:partner-list")
    contacts = partner.contacts.select_related("by").order_by("-date", "-pk")
    context = {"form": form, "partner": partner, "contacts": contacts}
    return render(request, "networks/partner_contact.html", context)
