"""Demo data for the talents app: residents, their talents and two years of conversations.

Registered in :data:`buurtinbloei.demo.SEEDERS` by ``TalentsConfig.ready``. Idempotent: nothing
is added when residents exist already. ``scale="city"`` then tops the tables up to a city's
size (:mod:`talents.demo_city`).
"""

from __future__ import annotations

import datetime
import random
import string

from django.utils import timezone
from faker import Faker

from buurtinbloei.models import Buurt, User, Wijkteam
from buurtinbloei.permissions import Perm, users_with
from buurtinbloei.privacy import PRIVACY_STATEMENT_VERSION

from .models import (
    ConsentRecord,
    Conversation,
    ConversationKind,
    HelpTheme,
    Resident,
    ResidentSource,
    ResidentStatus,
    ResidentTalent,
    SignUp,
    Talent,
    refresh_asks,
)

RESIDENTS_PER_WIJKTEAM = 150

SUMMARIES = [
    "Kennismaking bij de buurtbus. Vertelde enthousiast over vroeger werk.",
    "Rustig gesprek aan de keukentafel. Wil graag meer mensen leren kennen.",
    "Kwam via de Kom tot Bloei-training. Veel ideeën voor de buurt.",
    "Telefonisch contact. Heeft tijd over sinds het pensioen.",
    "Gesprek bij de bakfiets op het plein. Kinderen spelen graag buiten.",
    "Woont sinds kort in de wijk en zoekt aansluiting.",
]
WISHES = [
    "Wil graag iets doen met koken voor anderen.",
    "Zou kinderen willen helpen met huiswerk.",
    "Wil de moestuin in de buurt helpen bijhouden.",
    "Wil graag buren helpen met hun fiets.",
    "",
]
ASKS = [
    "Zou graag wat vaker gezelschap hebben.",
    "Kan hulp gebruiken met formulieren van de gemeente.",
    "Zoekt iemand om samen te wandelen.",
    "Wil graag Nederlands oefenen.",
    "",
    "",
]
NEXT_STEPS = [
    "Voorstellen aan het kernteam van de buurt.",
    "Bellen over de taalcafé-avond.",
    "Koppelen aan een buurvrouw die ook graag kookt.",
    "Samen naar het buurthuis.",
]


def seed(*, rng: random.Random, fake: Faker, stdout, scale: str = "demo") -> None:
    if Resident.objects.exists():
        stdout.write("Residents exist already; no talents demo data added.")
    else:
        _seed_demo(rng=rng, fake=fake, stdout=stdout)
    if scale == "city":
        from .demo_city import seed_city

        seed_city(rng=rng, stdout=stdout)


def _seed_demo(*, rng: random.Random, fake: Faker, stdout) -> None:
    talents = list(Talent.objects.approved())
    today = timezone.localdate()
    residents: list[Resident] = []
    for wijkteam in Wijkteam.objects.order_by("name"):
        residents += _residents_for(wijkteam, rng=rng, fake=fake)
    Resident.objects.bulk_create(residents)
    residents = list(Resident.objects.select_related("buurt__wijk"))
    ResidentTalent.objects.bulk_create(_talent_links(residents, talents, rng=rng))
    conversations, talent_sets = _conversations(residents, rng=rng, today=today)
    Conversation.objects.bulk_create(conversations)
    Through = Conversation.talents.through
    links = ResidentTalent.objects.values_list("resident_id", "talent_id")
    by_resident: dict[int, list[int]] = {}
    for resident_id, talent_id in links:
        by_resident.setdefault(resident_id, []).append(talent_id)
    Through.objects.bulk_create(
        Through(conversation_id=c.pk, talent_id=t)
        for c, take in zip(conversations, talent_sets, strict=True)
        for t in by_resident.get(c.resident_id, [])[:take]
    )
    _backdate_residents(residents, conversations, rng=rng, today=today)
    refresh_asks([r.pk for r in residents])  # bulk_create skipped Conversation.save()
    signups = _signups(talents, rng=rng, fake=fake)
    stdout.write(
        f"Talents: {len(residents)} residents, {len(conversations)} conversations, "
        f"{signups} sign-ups waiting in the inboxes."
    )


def _backdate_residents(residents, conversations, *, rng: random.Random, today) -> None:
    """A resident was registered before their first conversation, not on the day of seeding."""
    first_met: dict[int, datetime.date] = {}
    for conversation in conversations:
        known = first_met.get(conversation.resident_id)
        if known is None or conversation.date < known:
            first_met[conversation.resident_id] = conversation.date
    tz = timezone.get_current_timezone()
    for resident in residents:
        day = first_met.get(resident.pk, today - datetime.timedelta(days=rng.randint(0, 700)))
        day -= datetime.timedelta(days=rng.randint(0, 14))
        resident.created_at = datetime.datetime.combine(day, datetime.time(10), tzinfo=tz)
    Resident.objects.bulk_update(residents, ["created_at"], batch_size=500)


SIGNUPS_PER_WIJKTEAM = 3
HELP_WANTED = [
    "Ik woon alleen en zou het fijn vinden om af en toe samen koffie te drinken.",
    "Ik snap de brieven van de gemeente niet altijd.",
    "Mijn tuin wordt me te veel.",
    "",
]


def _signups(talents, *, rng: random.Random, fake: Faker) -> int:
    """New sign-ups from the public form: a few per wijkteam and two with an unknown buurt."""
    common = [t for t in talents if t.common] or talents
    buurten_per_team = [
        list(Buurt.objects.filter(wijk__wijkteam=team))
        for team in Wijkteam.objects.order_by("name")
    ]
    choices = [rng.choice(b) for b in buurten_per_team for _ in range(SIGNUPS_PER_WIJKTEAM)]
    now = timezone.now()
    created = 0
    for buurt in [*choices, None, None]:
        gives, receives = rng.random() < 0.7, rng.random() < 0.5
        phone = f"+316{rng.randint(10000000, 99999999)}" if rng.random() < 0.7 else ""
        given_at = now - datetime.timedelta(hours=rng.randint(1, 120))
        signup = SignUp.objects.create(
            first_name=fake.first_name(),
            phone=phone,
            email="" if phone and rng.random() < 0.5 else fake.safe_email(),
            buurt=buurt,
            wants_to_give=gives or not receives,
            wants_to_receive=receives,
            help_wanted=rng.choice(HELP_WANTED) if receives else "",
            help_theme=rng.choice(HelpTheme.values) if receives else "",
            consent_version=PRIVACY_STATEMENT_VERSION,
            consent_given_at=given_at,
        )
        if gives:
            signup.talents.set(rng.sample(common, k=min(len(common), rng.randint(1, 3))))
        ConsentRecord.objects.create(
            signup=signup,
            purpose=ConsentRecord.Purpose.CONTACT,
            text_version=PRIVACY_STATEMENT_VERSION,
            given_at=given_at,
        )
        SignUp.objects.filter(pk=signup.pk).update(created_at=given_at)
        created += 1
    return created


def _residents_for(wijkteam: Wijkteam, *, rng: random.Random, fake: Faker) -> list[Resident]:
    buurten = list(Buurt.objects.filter(wijk__wijkteam=wijkteam))
    verbinders = list(users_with(Perm.WORK_IN_WIJKTEAMS).filter(wijkteams=wijkteam))
    residents = []
    for _ in range(RESIDENTS_PER_WIJKTEAM):
        first, last = fake.first_name(), fake.last_name()
        contact = rng.random()
        phone = f"+316{rng.randint(10000000, 99999999)}" if contact < 0.8 else ""
        # About a third is phone-only; a few have only an e-mail address.
        email = fake.safe_email() if contact > 0.35 or not phone else ""
        buurt = rng.choice(buurten) if buurten and rng.random() < 0.95 else None
        residents.append(
            Resident(
                first_name=first,
                last_name=last if rng.random() < 0.7 else "",
                email=email,
                phone=phone,
                postcode=(
                    f"{rng.randint(5611, 5658)} {rng.choice(string.ascii_uppercase)}"
                    f"{rng.choice(string.ascii_uppercase)}"
                    if rng.random() < 0.6
                    else ""
                ),
                buurt=buurt,
                fallback_wijkteam=None if buurt else wijkteam,
                birth_year=rng.randint(1940, 2006) if rng.random() < 0.5 else None,
                languages=rng.choice(["", "", "Nederlands", "Nederlands, Arabisch", "Turks"]),
                status=rng.choice(list(ResidentStatus.values[:4])),
                source=rng.choice(ResidentSource.values),
                responsible_verbinder=rng.choice(verbinders) if verbinders else None,
            )
        )
    return residents


def _talent_links(residents, talents, *, rng: random.Random) -> list[ResidentTalent]:
    links = []
    for resident in residents:
        for talent in rng.sample(talents, k=rng.randint(0, 3)):
            links.append(
                ResidentTalent(
                    resident=resident,
                    talent=talent,
                    offered=rng.random() < 0.85,
                    wants_to_develop=rng.random() < 0.3,
                    note=rng.choice(["", "", "Al jaren ervaring", "Wil het graag leren"]),
                    # Some offers were last confirmed over a year ago: stale until confirmed.
                    confirmed_on=datetime.date.today()
                    - datetime.timedelta(days=int(rng.triangular(0, 730, 120))),
                )
            )
        for link in links[-3:]:
            if not (link.offered or link.wants_to_develop):
                link.offered = True
    return links


def _conversations(residents, *, rng: random.Random, today: datetime.date):
    """Conversations over the last two years; demo verbinders get follow-ups due now."""
    demo_verbinders = {
        team_id: user
        for user in User.objects.filter(email__startswith="verbinder.").prefetch_related(
            "wijkteams"
        )
        for team_id in user.wijkteam_ids
    }
    conversations, talent_sets = [], []
    for resident in residents:
        if resident.status == ResidentStatus.NEW:
            continue
        team_id = resident.buurt.wijk.wijkteam_id if resident.buurt else None
        verbinder = resident.responsible_verbinder or demo_verbinders.get(team_id)
        for n in range(rng.randint(1, 3)):
            date = today - datetime.timedelta(days=rng.randint(0, 730))
            follow_up, done = None, True
            if n == 0 and team_id in demo_verbinders and rng.random() < 0.25:
                # Follow-ups for the demo login: some overdue, some later this week.
                verbinder = demo_verbinders[team_id]
                date = today - datetime.timedelta(days=rng.randint(7, 40))
                days = (
                    rng.randint(-10, -1)
                    if rng.random() < 0.5
                    else rng.randint(0, 6 - today.weekday())
                )
                follow_up = today + datetime.timedelta(days=days)
                done = False
            elif rng.random() < 0.3:
                follow_up = date + datetime.timedelta(days=rng.randint(7, 30))
            conversations.append(
                Conversation(
                    resident=resident,
                    verbinder=verbinder,
                    date=date,
                    kind=rng.choice(ConversationKind.values),
                    summary=rng.choice(SUMMARIES),
                    wishes=rng.choice(WISHES),
                    asks=rng.choice(ASKS),
                    next_step=rng.choice(NEXT_STEPS) if follow_up else "",
                    follow_up_on=follow_up,
                    follow_up_done=done if follow_up else False,
                    sensitive=rng.random() < 0.05,
                )
            )
            talent_sets.append(rng.randint(0, 2))
    return conversations, talent_sets
