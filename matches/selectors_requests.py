"""Reads about requests that several views share: a request for a user, and whose eyes its
description is for.

A request's description is what someone said they could use. Like a conversation's notes it is
for those who may read notes (verbinders, never coördinatoren), and a request made from a
*sensitive* conversation keeps that conversation's protection: its text is for those who may
read sensitive conversations only. Templates never decide this themselves: rows carry
``shown_description`` (empty when the reader may not see it), set by :func:`with_descriptions`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import BooleanField, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from buurtinbloei.permissions import Perm, may
from buurtinbloei.scoping import get_object_for_user
from talents.models import SignUpStatus

from .models import Request, RequestStatus


def requests_for(user) -> QuerySet[Request]:
    """The requests a user may open. Partners follow their referrals through the sign-up, in
    plain words, and never open a request itself (a request names the resident)."""
    if Perm.VIEW_RESIDENTS not in may(user):
        return Request.objects.none()
    return Request.objects.visible_to(user)


def with_sensitivity(qs: QuerySet[Request]) -> QuerySet[Request]:
    """Each row knows whether it was made from a sensitive conversation (``from_sensitive``)."""
    return qs.annotate(
        from_sensitive=Coalesce(
            "conversation__sensitive", Value(False), output_field=BooleanField()
        )
    )


def page_of(qs: QuerySet[Request], ids) -> list[Request]:
    """The rows with these ids, in their order, each with what it shows (joins for 25 rows only:
    sorting a city's requests with every join first took a third of a second)."""
    ids = list(ids)
    rows = with_sensitivity(qs.filter(pk__in=ids)).select_related(
        "resident", "ontwikkelplaats", "talent", "buurt__wijk"
    )
    by_pk = {row.pk: row for row in rows}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def get_request_for_user(user, pk: int, *, for_change: bool = False) -> Request:
    """The request, if the user may see it (404 otherwise) and, ``for_change``, change it (403)."""
    if Perm.VIEW_RESIDENTS not in may(user):
        raise Http404
    qs = with_sensitivity(requests_for(user)).select_related(
        "resident__buurt__wijk",
        "ontwikkelplaats__organisation",
        "ontwikkelplaats__buurt__wijk",
        "talent",
        "buurt__wijk",
        "referred_by",
        "created_by",
    )
    obj = get_object_for_user(qs, user, pk=pk, for_change=for_change)
    return with_descriptions([obj], user)[0]


def may_read_description(user, obj: Request) -> bool:
    granted = may(user)
    if Perm.READ_NOTES not in granted:
        return False
    return not getattr(obj, "from_sensitive", False) or Perm.READ_SENSITIVE in granted


def with_descriptions(rows: Iterable[Request], user) -> list[Request]:
    """The rows, each with ``shown_description``: the description, or "" for this reader."""
    rows = list(rows)
    for row in rows:
        row.shown_description = row.description if may_read_description(user, row) else ""
    return rows


# --- What a partner sees of a referral ------------------------------------------------------------


def referral_progress(signup) -> str:
    """Where a referral stands, in the partner's words: never what a verbinder wrote."""
    request_status = getattr(signup, "request_status", None)
    if request_status == RequestStatus.MATCHED:
        return _("gematcht")
    if request_status == RequestStatus.CLOSED:
        return _("afgesloten")
    if request_status == RequestStatus.OPEN:
        return _("er wordt gezocht naar een match")
    if signup.status == SignUpStatus.NEW:
        return _("ontvangen")
    if signup.status == SignUpStatus.TAKEN:
        return _("een verbinder heeft het opgepakt")
    # Dealt with, and no request came of it (the person needed nothing after all).
    return _("afgesloten")
