"""Give every resident without a buurt the wijkteam they belong to (issue 7, item 5).

Until now such a resident belonged to the wijkteams of their responsible verbinder, so one
without a verbinder (or whose verbinder left every wijkteam) was visible to no team at all. For
each resident without a buurt, the first of these that gives a wijkteam wins:

1. the responsible verbinder's wijkteam (who could see the resident until now);
2. the wijkteam of the verbinder of their latest conversation;
3. the wijkteam of the verbinder who created them (the audit log's ``resident.create``);
4. the buurt of their postcode (the postcode areas a beheerder entered): the buurt is set;
5. an erased (anonymised) resident, who holds nothing personal any more: the first wijkteam.

A verbinder in several wijkteams gives the first by name. A resident none of these places stops
the migration with their ids: give them a buurt first (nobody should guess a team for them).
"""

from django.db import migrations


def _team_of(Wijkteam, user_ids):
    for user_id in user_ids:
        if user_id is None:
            continue
        team = Wijkteam.objects.filter(members=user_id).order_by("name").first()
        if team is not None:
            return team
    return None


def _buurt_of(PostcodeArea, postcode):
    code = "".join(postcode.split()).upper()
    for length in (6, 5, 4):
        if len(code) >= length:
            area = PostcodeArea.objects.filter(prefix=code[:length]).first()
            if area is not None:
                return area.buurt_id
    return None


def assign_wijkteams(apps, schema_editor):
    Resident = apps.get_model("talents", "Resident")
    Conversation = apps.get_model("talents", "Conversation")
    Wijkteam = apps.get_model("buurtinbloei", "Wijkteam")
    AuditEvent = apps.get_model("buurtinbloei", "AuditEvent")
    PostcodeArea = apps.get_model("buurtinbloei", "PostcodeArea")
    unplaced = []
    for resident in Resident.objects.filter(buurt__isnull=True, fallback_wijkteam__isnull=True):
        team = (
            _team_of(Wijkteam, [resident.responsible_verbinder_id])
            or _team_of(
                Wijkteam,
                Conversation.objects.filter(resident=resident)
                .order_by("-date", "-pk")
                .values_list("verbinder_id", flat=True),
            )
            or _team_of(
                Wijkteam,
                AuditEvent.objects.filter(
                    action="resident.create",
                    object_type="talents.resident",
                    object_id=str(resident.pk),
                ).values_list("actor_id", flat=True),
            )
        )
        if team is not None:
            Resident.objects.filter(pk=resident.pk).update(fallback_wijkteam=team)
            continue
        buurt_id = _buurt_of(PostcodeArea, resident.postcode)
        if buurt_id is not None:
            Resident.objects.filter(pk=resident.pk).update(buurt_id=buurt_id)
            continue
        if resident.status == "anonymised":
            first = Wijkteam.objects.order_by("name").first()
            if first is not None:
                Resident.objects.filter(pk=resident.pk).update(fallback_wijkteam=first)
                continue
        unplaced.append(resident.pk)
    if unplaced:
        raise RuntimeError(
            "These residents have no buurt and no way to tell their wijkteam: "
            f"{unplaced}. Give each a buurt (or a responsible verbinder in a wijkteam), "
            "then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("talents", "0009_resident_fallback_wijkteam"),
        ("buurtinbloei", "0004_postcode_area"),
    ]

    operations = [migrations.RunPython(assign_wijkteams, migrations.RunPython.noop)]
