"""The daily reminder to verbinders about their own matches that need them today.

The same two lists as the home page panel (matches/views/panel.py), narrowed to the matches the
verbinder is responsible for: proposed matches whose follow-up is due (``due_q``) and check-ins
due on started matches. The e-mail gives counts and links to the matches, never a name; it goes
to verbinders who did not turn it off (``VerbinderSettings.match_reminders``).

One e-mail per verbinder per day: the :class:`~matches.models.MatchReminder` row for the day is
written in the transaction that queues the e-mail, and its unique constraint refuses a second
one, so a second run on the same day (or a run at the same time) sends nothing more.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from buurtinbloei import mail
from buurtinbloei.models import User
from buurtinbloei.permissions import Perm, users_with

from .models import CheckIn, Match, MatchReminder, MatchStatus
from .services.matches import due_q

logger = logging.getLogger(__name__)

#: At most this many match links in one e-mail; the home page has the rest.
LINKS_AT_MOST = 20
#: MatchReminder rows are only needed for "today"; older ones are deleted.
KEEP_DAYS = 7


def _due_per_verbinder(today: datetime.date) -> dict[int, dict]:
    """verbinder id -> follow-up match ids and check-in match ids, for their own matches."""
    due: dict[int, dict] = defaultdict(lambda: {"follow_ups": [], "check_ins": []})
    follow_ups = (
        Match.objects.filter(due_q(today), verbinder__isnull=False)
        .order_by("follow_up_on", "pk")
        .values_list("verbinder_id", "pk")
    )
    for user_id, match_id in follow_ups:
        due[user_id]["follow_ups"].append(match_id)
    check_ins = (
        CheckIn.objects.due(today)
        .filter(match__status=MatchStatus.STARTED, match__verbinder__isnull=False)
        .order_by("due_on", "pk")
        .values_list("match__verbinder_id", "match_id")
    )
    for user_id, match_id in check_ins:
        due[user_id]["check_ins"].append(match_id)
    return due


def _recipients(user_ids) -> list[User]:
    return list(
        users_with(Perm.CHANGE_RESIDENTS)
        .filter(pk__in=list(user_ids), is_active=True)
        .exclude(email="")
        .exclude(Q(talent_settings__match_reminders=False))
        .order_by("pk")
    )


def _message(user: User, due: dict, base_url: str) -> EmailMessage:
    match_ids = list(dict.fromkeys(due["follow_ups"] + due["check_ins"]))
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "follow_ups": len(due["follow_ups"]),
            "check_ins": len(due["check_ins"]),
            "match_urls": [
                base_url + reverse("matches:match-detail", kwargs={"pk": pk})
                for pk in match_ids[:LINKS_AT_MOST]
            ],
            "more": max(0, len(match_ids) - LINKS_AT_MOST),
            "home_url": base_url + reverse("home"),
            "settings_url": base_url + reverse("talents:notification-settings"),
        }
        total = context["follow_ups"] + context["check_ins"]
        subject = _("Matches om op te volgen: %(count)s") % {"count": total}
        body = render_to_string("matches/email/match_reminder.txt", context)
    return EmailMessage(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, to=[user.email])


def send_match_reminders(*, base_url: str, today: datetime.date | None = None) -> dict[str, int]:
    """Queue today's reminders; counts of e-mails queued and of verbinders already reminded."""
    today = today or timezone.localdate()
    due = _due_per_verbinder(today)
    counts = {"reminders": 0, "already_reminded": 0, "verbinders_due": len(due)}
    for user in _recipients(due.keys()):
        mine = due[user.pk]
        try:
            with transaction.atomic():
                MatchReminder.objects.create(
                    user=user,
                    day=today,
                    follow_ups=len(mine["follow_ups"]),
                    check_ins=len(mine["check_ins"]),
                )
                mail.queue([_message(user, mine, base_url)], kind="match.reminder")
        except IntegrityError:  # today's reminder was already sent
            counts["already_reminded"] += 1
            continue
        counts["reminders"] += 1
    MatchReminder.objects.filter(day__lt=today - datetime.timedelta(days=KEEP_DAYS)).delete()
    return counts
