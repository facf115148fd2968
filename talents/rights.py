"""A resident's rights (AVG): consent given in person and withdrawn, erasure, retention.

Access and erasure themselves are the core's (``buurtinbloei.registry.export_resident`` and
``erase_resident``), walking every app's ``ResidentData`` hook; this module adds what belongs to
the talents app: consent records, and picking the residents the retention period has passed.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from buurtinbloei.audit import record
from buurtinbloei.privacy import PRIVACY_STATEMENT_VERSION
from buurtinbloei.registry import activity_conditions, erase_resident

from .models import ConsentRecord, Resident, ResidentStatus


def consent_record(*, resident: Resident, channel: str, by, request=None) -> ConsentRecord:
    """Consent the resident gave in person, after hearing the current privacy statement."""
    with transaction.atomic():
        consent = ConsentRecord.objects.create(
            resident=resident,
            purpose=ConsentRecord.Purpose.CONTACT,
            text_version=PRIVACY_STATEMENT_VERSION,
            given_at=timezone.now(),
            channel=channel,
            recorded_by=by,
        )
        record("resident.consent", resident, request=request, actor=by)
    return consent


@transaction.atomic
def consent_withdraw(*, consent: ConsentRecord, keep_because: str = "", by, request=None) -> bool:
    """Record the withdrawal; erase the resident unless ``keep_because`` names a legal ground.
    Returns whether the resident was erased."""
    ConsentRecord.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), legal_ground=keep_because
    )
    resident = consent.resident
    record(
        "resident.consent_withdraw",
        resident,
        request=request,
        actor=by,
        details={"kept": bool(keep_because)},
    )
    if keep_because:
        return False
    erase_resident(resident, by=by, request=request, details={"reason": "consent_withdrawn"})
    return True


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Activity before this moment is older than the retention period."""
    now = now or timezone.now()
    months = now.year * 12 + now.month - 1 - settings.RETENTION_MONTHS
    year, month = divmod(months, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])  # 31 March - 1 month: 28/29 Feb
    return now.replace(year=year, month=month + 1, day=day)


def retention_candidates(cutoff: datetime.datetime) -> QuerySet[Resident]:
    """Residents not anonymised yet with no activity at or after ``cutoff``, picked in SQL: the
    resident's own ``updated_at`` (indexed) and one NOT EXISTS per kind of activity, each on a
    foreign key's index (every app declares its own: ``ResidentData.activity_since``)."""
    candidates = Resident.objects.exclude(status=ResidentStatus.ANONYMISED).filter(
        updated_at__lt=cutoff
    )
    for condition in activity_conditions(cutoff):
        candidates = candidates.filter(~condition)
    return candidates.order_by("pk")


#: Residents erased per transaction by the retention command.
RETENTION_BATCH = 200


def apply_retention(
    cutoff: datetime.datetime,
    *,
    batch_size: int = RETENTION_BATCH,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Erase every candidate, a batch per transaction; returns how many were erased."""
    erased = 0
    last_pk = 0
    while True:
        batch = list(retention_candidates(cutoff).filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            return erased
        with transaction.atomic():
            for resident in batch:
                erase_resident(resident, by=None, details={"reason": "retention"})
        erased += len(batch)
        last_pk = batch[-1].pk
        if progress is not None:
            progress(erased)
