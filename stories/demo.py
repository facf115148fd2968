"""Demo stories: a few per wijkteam about started matches and kernteams, most with consent, one
with a withdrawn consent (so the report visibly leaves it out). Generated text, no photos.

Idempotent: nothing is added when stories exist already.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from buurtinbloei.permissions import Perm, users_with
from matches.models import Match, MatchStatus
from networks.models import CoreTeam

from .models import ConsentChannel, Story, StoryPerson
from .services import about_fields

TITLES = [
    "Samen de moestuin weer aan de gang",
    "Van buurman naar vaste maatje",
    "Een straat vol pompoenen",
    "Computerles aan de keukentafel",
    "De eerste eigen activiteit",
    "Koffie bij de buurtbus",
]
QUOTES = [
    "Ik wist niet dat ik dit kon, en nu doe ik het elke week.",
    "Het is fijn om weer ergens bij te horen.",
    "Volgend jaar organiseren we het zelf.",
    "",
]


def seed(*, rng, fake, stdout, scale: str = "demo") -> None:
    if Story.objects.exists():
        return
    verbinders = list(users_with(Perm.SHARE_STORIES).order_by("pk"))
    today = timezone.localdate()
    created = 0
    matches = (
        Match.objects.filter(status=MatchStatus.STARTED, resident_a__isnull=False)
        .select_related("resident_a__buurt", "resident_b")
        .order_by("wijkteam_id", "pk")
    )
    abouts: list = []
    seen: dict[int, int] = {}
    for match in matches.iterator():
        if seen.get(match.wijkteam_id, 0) < 2:
            seen[match.wijkteam_id] = seen.get(match.wijkteam_id, 0) + 1
            abouts.append(match)
    abouts += list(CoreTeam.objects.select_related("buurt__wijk").order_by("pk")[:8])
    for index, about in enumerate(abouts):
        quote = rng.choice(QUOTES)
        story = Story.objects.create(
            **about_fields(about),
            title=rng.choice(TITLES),
            happened_on=today - datetime.timedelta(days=rng.randint(5, 300)),
            text=fake.paragraph(nb_sentences=4),
            quote=quote,
            created_by=rng.choice(verbinders) if verbinders else None,
        )
        created += 1
        if not quote:
            continue
        resident = getattr(about, "resident_a", None)
        if resident is None:
            member = about.members.select_related("resident").first()
            resident = member.resident if member else None
        person = StoryPerson.objects.create(
            story=story,
            resident=resident,
            name=resident.first_name if resident else fake.first_name(),
            quoted=True,
            consent_on=story.happened_on,
            channel=rng.choice(ConsentChannel.values),
            recorded_by=story.created_by,
        )
        if index % 7 == 3:  # now and then someone changes their mind
            StoryPerson.objects.filter(pk=person.pk).update(withdrawn_at=timezone.now())
    stdout.write(f"Impact stories: {created}, most with the consent of who is quoted.")
