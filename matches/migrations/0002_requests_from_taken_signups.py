"""Sign-ups already linked to a resident keep their help wish: each becomes a request.

Until the matches app existed, the help text of a sign-up (``help_wanted``, ``help_theme``) was
lost once a verbinder made the sign-up a resident or linked it to one. This turns every such
sign-up that asks for help (``wants_to_receive`` with a text or a theme) into an open request of
that resident, as the sign-up receiver (matches/signals.py) does from now on: source "self", or
"partner" with the referring partner when a partner referred the person. It is idempotent (a
sign-up becomes one request at most) and goes through the rows in batches, so a city's worth of
sign-ups does not have to fit in memory. Reversing deletes only the requests it made that
nothing was done with yet (still open, no match).
"""

from django.db import migrations
from django.db.models import Q

BATCH = 500


def signups_to_requests(apps, schema_editor) -> int:
    SignUp = apps.get_model("talents", "SignUp")
    Request = apps.get_model("matches", "Request")
    signups = (
        SignUp.objects.filter(resident__isnull=False, wants_to_receive=True, request__isnull=True)
        .filter(~Q(help_wanted="") | ~Q(help_theme=""))
        .select_related("resident__buurt__wijk")
        .order_by("pk")
    )
    made, batch = 0, []
    for signup in signups.iterator(chunk_size=BATCH):
        if not (signup.help_wanted.strip() or signup.help_theme):
            continue
        resident = signup.resident
        wijkteam_id = (
            resident.buurt.wijk.wijkteam_id if resident.buurt_id else resident.fallback_wijkteam_id
        )
        batch.append(
            Request(
                resident_id=resident.pk,
                buurt_id=resident.buurt_id,
                wijkteam_id=wijkteam_id,
                help_theme=signup.help_theme,
                description=signup.help_wanted,
                source="partner" if signup.referred_by_id else "self",
                referred_by_id=signup.referred_by_id,
                signup_id=signup.pk,
                created_by_id=signup.taken_by_id,
                created_on=signup.created_at.date(),
            )
        )
        if len(batch) >= BATCH:
            made += len(Request.objects.bulk_create(batch))
            batch = []
    if batch:
        made += len(Request.objects.bulk_create(batch))
    return made


def remove_untouched_requests(apps, schema_editor) -> None:
    Request = apps.get_model("matches", "Request")
    Request.objects.filter(
        signup__isnull=False, conversation__isnull=True, status="open", matches__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("matches", "0001_requests_matches_check_ins"),
        ("talents", "0012_offer_confirmed_on_and_referrals"),
    ]

    operations = [migrations.RunPython(signups_to_requests, remove_untouched_requests)]
