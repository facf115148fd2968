"""The audit log for the privacy officer: a filtered viewer, its CSV export and the review report.

Beheerders hold ``Perm.REVIEW_AUDIT_LOG``. The log names residents by id only (never a name),
so reading it shows no resident's personal data; reading it is itself audited. Every filter
walks an index on ``(column, -at)`` (models.AuditEvent), and lists are capped, so the pages
stay fast with millions of rows.
"""

from __future__ import annotations

import csv
import datetime
import io

from allauth.account.decorators import reauthentication_required
from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from .audit import record
from .forms import PlainTextField, StyledForm
from .models import AuditEvent, AuditReview, User
from .paging import CappedPaginator
from .permissions import Perm, Role, requires

RESIDENT = "talents.resident"
#: Actions that read one resident's data, named by the resident (talents, matches).
RESIDENT_READS = ("resident.view", "resident.suggestions", "resident.offer_confirm")
EXPORTS = ("resident.export", "audit.export")
ERASURES = ("resident.erase",)
ROLE_CHANGES = ("role_change", "mfa_authenticator_deleted")
#: Rows a section of the review report shows at most (the CSV export has them all).
REPORT_ROWS = 200


def _day(value: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))


class AuditFilterForm(StyledForm):
    """Never required; a bad value drops only that filter and says why."""

    actor = forms.ModelChoiceField(
        label=_("Medewerker"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("Iedereen"),
    )
    resident = forms.IntegerField(
        label=_("Inwonernummer"),
        required=False,
        min_value=1,
        help_text=_("Het nummer in het adres van de inwonerpagina, bijvoorbeeld 123."),
    )
    action = PlainTextField(
        label=_("Actie"),
        required=False,
        max_length=50,
        help_text=_("Precies, bijvoorbeeld resident.view, resident.export of role_change."),
    )
    start = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = User.objects.order_by("email")

    def filters(self) -> dict:
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}


def filtered_events(filters: dict):
    rows = AuditEvent.objects.all()
    if "actor" in filters:
        rows = rows.filter(actor=filters["actor"])
    if "resident" in filters:
        rows = rows.filter(object_type=RESIDENT, object_id=str(filters["resident"]))
    if "action" in filters:
        rows = rows.filter(action=filters["action"])
    if "start" in filters:
        rows = rows.filter(at__gte=_day(filters["start"]))
    if "end" in filters:
        rows = rows.filter(at__lt=_day(filters["end"] + datetime.timedelta(days=1)))
    return rows.order_by("-at", "-pk")


def _audit_details(filters: dict) -> dict:
    """What was looked for, as ids and codes (the log holds no names)."""
    details = {}
    for key, value in filters.items():
        details[key] = value.pk if key == "actor" else str(value)
    return details


@require_GET
@login_required
@requires(Perm.REVIEW_AUDIT_LOG)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    filters = form.filters()
    ids = filtered_events(filters).values_list("pk", flat=True)
    page = CappedPaginator(ids, 50).get_page(request.GET.get("page"))
    page.object_list = list(
        AuditEvent.objects.filter(pk__in=list(page.object_list))
        .select_related("actor")
        .order_by("-at", "-pk")
    )
    record("audit.view", request=request, details=_audit_details(filters))
    return render(request, "buurtinbloei/audit_log.html", {"form": form, "page": page})


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: a leading ``= + - @`` (or tab, CR) would run as a
    formula, so it gets a quote in front (OWASP's CSV injection advice)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


#: Rows one export holds at most: a wider export asks for a narrower filter.
EXPORT_CAP = 100_000


@require_GET
@login_required
@requires(Perm.REVIEW_AUDIT_LOG)
@reauthentication_required  # an export: the password again when last given minutes ago
def audit_log_export(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    filters = form.filters()
    rows = (
        filtered_events(filters)
        .values_list("at", "actor__email", "action", "object_type", "object_id", "ip", "details")
        .iterator(chunk_size=2000)
    )
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads the file as UTF-8
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("wanneer"),
            _("wie"),
            _("actie"),
            _("soort object"),
            _("object-id"),
            _("IP-adres"),
            _("details"),
        ]
    )
    for n, (at, email, action, object_type, object_id, ip, details) in enumerate(rows):
        if n >= EXPORT_CAP:
            break
        writer.writerow(
            [
                csv_cell(timezone.localtime(at).isoformat(timespec="seconds")),
                csv_cell(email),
                csv_cell(action),
                csv_cell(object_type),
                csv_cell(object_id),
                csv_cell(ip),
                csv_cell(details or ""),
            ]
        )
    record("audit.export", request=request, details=_audit_details(filters))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="auditlog-{stamp}.csv"'
    return response


# --- The periodic review report ---------------------------------------------------------------


def last_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


class PeriodForm(StyledForm):
    start = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("De einddatum ligt vóór de begindatum."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        default = last_month(timezone.localdate())
        if not self.is_valid():
            return default
        return (self.cleaned_data["start"] or default[0], self.cleaned_data["end"] or default[1])


class ReviewForm(StyledForm):
    note = PlainTextField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat je hebt nagevraagd of gevonden; geen namen van inwoners."),
    )


def _reads_outside(start, end, *, actions, object_type, teams: dict):
    """Reads of one kind of object by someone who is a member of none of its wijkteams.

    ``teams`` names the object's wijkteam(s) as expressions over the object (by its id in
    ``object_id``). Grouped per reader and object, and capped, in the database.
    """
    membership = User.wijkteams.through
    rows = (
        AuditEvent.objects.filter(
            at__gte=start, at__lt=end, action__in=actions, object_type=object_type
        )
        .exclude(actor=None)
        .annotate(object_pk=Cast("object_id", IntegerField()))
    )
    model = apps.get_model(object_type)
    for name, expression in teams.items():
        of_object = model.objects.filter(pk=OuterRef("object_pk")).annotate(team=expression)
        rows = rows.annotate(**{name: Subquery(of_object.values("team")[:1])})
        rows = rows.exclude(
            Exists(membership.objects.filter(user=OuterRef("actor"), wijkteam=OuterRef(name)))
        )
    return (
        rows.values("actor", "actor__email", "actor__role", "object_pk")
        .annotate(reads=Count("pk"))
        .order_by("actor__email", "object_pk")[:REPORT_ROWS]
    )


def views_outside_own_wijkteams(start: datetime.datetime, end: datetime.datetime):
    """Per staff member and resident: reads of a resident outside the reader's wijkteams.

    The resident's wijkteam is the buurt's, or the fallback wijkteam without a buurt; reads by
    someone who is not a member of that wijkteam count (coördinatoren read city-wide by
    design: they show up here, and the reviewer judges).
    """
    return _reads_outside(
        start,
        end,
        actions=RESIDENT_READS,
        object_type=RESIDENT,
        teams={"team": Coalesce("buurt__wijk__wijkteam", "fallback_wijkteam")},
    )


def requests_and_matches_outside(start: datetime.datetime, end: datetime.datetime) -> list:
    """The same for a request's page (its wijkteam) and a match's (either side's wijkteam)."""
    requests = _reads_outside(
        start,
        end,
        actions=("request.view",),
        object_type="matches.request",
        teams={"team": F("wijkteam")},
    )
    matches = _reads_outside(
        start,
        end,
        actions=("match.view",),
        object_type="matches.match",
        teams={"team": F("wijkteam"), "team_b": Coalesce("wijkteam_b", "wijkteam")},
    )
    return [dict(row, kind=_("hulpvraag")) for row in requests] + [
        dict(row, kind=_("match")) for row in matches
    ]


def _events(start, end, actions):
    return (
        AuditEvent.objects.filter(at__gte=start, at__lt=end, action__in=actions)
        .select_related("actor")
        .order_by("-at", "-pk")[:REPORT_ROWS]
    )


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.REVIEW_AUDIT_LOG)
def audit_review(request: HttpRequest) -> HttpResponse:
    period_form = PeriodForm(request.GET or None)
    period_start, period_end = period_form.period()
    review_form = ReviewForm(request.POST or None)
    if request.method == "POST":
        return _mark_reviewed(request, review_form, period_start, period_end)
    start, end = _day(period_start), _day(period_end + datetime.timedelta(days=1))
    outside = list(views_outside_own_wijkteams(start, end))
    outside_other = requests_and_matches_outside(start, end)
    role_labels = dict(Role.choices)
    for row in outside + outside_other:
        row["role_label"] = role_labels.get(row["actor__role"], row["actor__role"])
    context = {
        "period_form": period_form,
        "review_form": review_form,
        "period_start": period_start,
        "period_end": period_end,
        "outside": outside,
        "outside_other": outside_other,
        "exports": _events(start, end, EXPORTS),
        "erasures": _events(start, end, ERASURES),
        "role_changes": _events(start, end, ROLE_CHANGES),
        "review": AuditReview.objects.filter(period_start=period_start, period_end=period_end)
        .select_related("reviewed_by")
        .first(),
        "reviews": AuditReview.objects.select_related("reviewed_by")[:24],
        "unreviewed_months": unreviewed_months(timezone.localdate()),
        "row_cap": REPORT_ROWS,
    }
    record(
        "audit.review_view",
        request=request,
        details={"start": str(period_start), "end": str(period_end)},
    )
    return render(request, "buurtinbloei/audit_review.html", context)


def unreviewed_months(
    today: datetime.date, months: int = 12
) -> list[tuple[datetime.date, datetime.date]]:
    """The last ``months`` whole months (first and last day) that no review covers exactly."""
    firsts = []
    month_end = today.replace(day=1) - datetime.timedelta(days=1)
    for _i in range(months):
        firsts.append(month_end.replace(day=1))
        month_end = month_end.replace(day=1) - datetime.timedelta(days=1)
    reviewed = set(
        AuditReview.objects.filter(period_start__in=firsts).values_list(
            "period_start", "period_end"
        )
    )
    periods = [(first, _month_end(first)) for first in firsts]
    return [period for period in periods if period not in reviewed]


def _month_end(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def _mark_reviewed(request, form, period_start, period_end) -> HttpResponse:
    target = f"{request.path}?start={period_start.isoformat()}&end={period_end.isoformat()}"
    if period_end >= timezone.localdate():
        messages.error(request, _("Een periode kan pas worden gecontroleerd als hij voorbij is."))
        return redirect(target)
    if not form.is_valid():
        messages.error(request, _("De toelichting is te lang of bevat ongeldige tekens."))
        return redirect(target)
    try:
        with transaction.atomic():
            review = AuditReview.objects.create(
                period_start=period_start,
                period_end=period_end,
                reviewed_by=request.user,
                note=form.cleaned_data["note"],
            )
    except IntegrityError:  # a second click, or a colleague was first: the review stands
        messages.info(request, _("Deze periode is al gemarkeerd als gecontroleerd."))
        return redirect(target)
    record(
        "audit.review",
        review,
        request=request,
        details={"start": str(period_start), "end": str(period_end)},
    )
    messages.success(request, _("De periode is gemarkeerd als gecontroleerd."))
    return redirect(target)
