"""City-scale demo data (``seed_demo --scale city``): as many residents as Eindhoven has people.

Generated, never real: names from Faker's nl_NL lists (surnames weighted so the common Dutch
ones come up as often as they do in a real city), buurten weighted unevenly, most residents with
no or one conversation and a few with hundreds. Rows go in with PostgreSQL's COPY (batched
INSERTs on SQLite), so 250,000 residents take a minute or two instead of an hour.

Idempotent: each table is topped up to its target, so a second run adds nothing.
"""

from __future__ import annotations

import datetime
import random
import string
import unicodedata
import uuid
from collections.abc import Iterable, Sequence

from django.db import connection
from django.utils import timezone
from faker.providers.person.nl_NL import Provider as DutchNames

from buurtinbloei.models import Buurt
from buurtinbloei.permissions import Perm, users_with
from buurtinbloei.privacy import PRIVACY_STATEMENT_VERSION

from .demo import ASKS, HELP_WANTED, NEXT_STEPS, SUMMARIES, WISHES
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
    SignUpStatus,
    Talent,
    refresh_asks,
)

RESIDENTS = 250_000
#: About 1.75 talents per resident, as measured in the issue (438,000).
TALENTS_PER_RESIDENT = (0, 1, 2, 3, 4, 5)
TALENTS_PER_RESIDENT_WEIGHTS = (18, 28, 28, 16, 7, 3)
CONVERSATIONS = 200_000
SIGNUPS = 50_000
OPEN_SIGNUPS = 1_200
#: Residents who have been followed for years: hundreds of conversations each.
HEAVY_RESIDENTS_PER_WIJKTEAM = 2
HEAVY_CONVERSATIONS = (150, 400)

#: The most common surnames in the Netherlands (and in Eindhoven: Janssen, Van de Ven, Van den
#: Heuvel), roughly by number of bearers in thousands. Faker's nl_NL list is the long tail.
COMMON_SURNAMES = {
    "de Jong": 86,
    "Jansen": 74,
    "de Vries": 72,
    "van den Berg": 61,
    "van Dijk": 58,
    "Bakker": 57,
    "Janssen": 56,
    "Visser": 50,
    "Smit": 48,
    "Meijer": 45,
    "de Boer": 43,
    "Mulder": 42,
    "de Groot": 41,
    "Bos": 40,
    "Vos": 35,
    "Peters": 34,
    "Hendriks": 34,
    "van Leeuwen": 32,
    "Dekker": 31,
    "Brouwer": 30,
    "de Wit": 30,
    "Dijkstra": 29,
    "Smits": 28,
    "de Graaf": 28,
    "van der Meer": 27,
    "van de Ven": 26,
    "van den Heuvel": 25,
    "Willems": 24,
    "van der Linden": 24,
    "Verhoeven": 22,
    "Kok": 22,
    "Schouten": 20,
    "van Beek": 20,
    "Kuipers": 19,
    "de Bruijn": 19,
    "Yilmaz": 12,
    "El Amrani": 6,
}
TAIL_WEIGHT = 1.6


def seed_city(*, rng: random.Random, stdout) -> None:
    started = timezone.now()
    today = timezone.localdate()
    world = _World.load(rng)
    new = _Residents(world, rng=rng, today=today, count=RESIDENTS - Resident.objects.count())
    if new.count:
        _copy(Resident, new.columns, new.rows())
        _copy(ResidentTalent, *_talent_links(new, world, rng=rng, today=today))
    else:
        stdout.write(f"There are {RESIDENTS:,} residents already; none added.")
    conversations = CONVERSATIONS - Conversation.objects.count()
    if conversations > 0:
        through = Conversation.talents.through
        columns, rows, talent_rows = _conversations(conversations, world, rng=rng, today=today)
        _copy(Conversation, columns, rows)
        _copy(through, ("conversation_id", "talent_id"), talent_rows)
    signups = SIGNUPS - SignUp.objects.count()
    if signups > 0:
        columns, rows, consents = _signups(signups, world, rng=rng, today=today)
        _copy(SignUp, columns, rows)
        _copy(ConsentRecord, *consents)
    for model in (Resident, ResidentTalent, Conversation, SignUp, ConsentRecord):
        _reset_sequence(model)
    # COPY bypasses Conversation.save() and SignUp.save(), which keep these flags.
    refresh_asks(Resident.objects.values("pk"))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # COPY leaves the trigram indexes' new entries in GIN's pending list, which every
            # search then reads in full until autovacuum comes by: merge them now.
            cursor.execute(
                "SELECT gin_clean_pending_list(indexrelid::regclass) FROM pg_index "
                "JOIN pg_class ON pg_class.oid = indexrelid JOIN pg_am ON pg_am.oid = relam "
                "WHERE amname = 'gin'"
            )
            cursor.execute("ANALYZE")
    seconds = (timezone.now() - started).total_seconds()
    stdout.write(
        f"City scale in {seconds:.0f} s: {Resident.objects.count():,} residents, "
        f"{ResidentTalent.objects.count():,} resident talents, "
        f"{Conversation.objects.count():,} conversations, {SignUp.objects.count():,} sign-ups."
    )


class _World:
    """What the generated rows refer to: buurten with weights, verbinders, talents, next ids."""

    @classmethod
    def load(cls, rng: random.Random) -> _World:
        world = cls()
        buurten = list(Buurt.objects.select_related("wijk").order_by("pk"))
        world.buurt_ids = [b.pk for b in buurten]
        world.team_of_buurt = {b.pk: b.wijk.wijkteam_id for b in buurten}
        # Some buurten are mostly offices or industry; others are dense: lognormal weights.
        world.buurt_weights = [rng.lognormvariate(0, 0.9) for _ in buurten]
        world.postcode_of_buurt = {b.pk: rng.randint(5611, 5658) for b in buurten}
        verbinders = users_with(Perm.WORK_IN_WIJKTEAMS).prefetch_related("wijkteams")
        world.team_verbinders = {}
        world.demo_verbinders = {}
        for user in verbinders.order_by("pk"):
            for team in user.wijkteams.all():
                world.team_verbinders.setdefault(team.pk, []).append(user.pk)
                if user.email.startswith("verbinder."):
                    world.demo_verbinders[team.pk] = user.pk
        world.all_verbinders = [pk for pks in world.team_verbinders.values() for pk in pks]
        talents = list(Talent.objects.approved().order_by("pk").values_list("pk", "common"))
        world.talent_ids = [pk for pk, _common in talents]
        # A few talents (cooking, company, odd jobs) are far more common than the rest.
        world.talent_weights = [
            (4 if common else 1) / (1 + i * 0.05) for i, (_pk, common) in enumerate(talents)
        ]
        world.first_names = list(DutchNames.first_names_female) + list(DutchNames.first_names_male)
        tail = [n for n in DutchNames.last_names if n not in COMMON_SURNAMES]
        world.last_names = [*COMMON_SURNAMES, *tail]
        world.last_name_weights = [*COMMON_SURNAMES.values(), *([TAIL_WEIGHT] * len(tail))]
        return world


class _Residents:
    columns = (
        "id",
        "first_name",
        "last_name",
        "email",
        "phone",
        "postcode",
        "buurt_id",
        "birth_year",
        "languages",
        "status",
        "source",
        "responsible_verbinder_id",
        "fallback_wijkteam_id",
        "created_at",
        "updated_at",
        "version",
        "asks_for_help",
        "asks_for_help_sensitive",
    )

    def __init__(self, world: _World, *, rng: random.Random, today, count: int) -> None:
        self.world, self.rng, self.today = world, rng, today
        self.count = max(count, 0)
        self.first_id = _next_id(Resident)
        self.ids = range(self.first_id, self.first_id + self.count)
        buurten = rng.choices(world.buurt_ids, world.buurt_weights, k=self.count)
        # Without a known buurt: about 3 in 100, kept by the wijkteam that registered them.
        self.buurt = [None if rng.random() < 0.03 else b for b in buurten]
        self.team = [world.team_of_buurt[b] for b in buurten]
        self.created_days_ago = [int(rng.triangular(0, 1100, 200)) for _ in self.ids]
        self.status = rng.choices(ResidentStatus.values[:4], weights=(20, 30, 35, 15), k=self.count)

    def verbinder_for(self, i: int) -> int | None:
        team = self.world.team_verbinders.get(self.team[i])
        return self.rng.choice(team) if team else None

    def rows(self) -> Iterable[Sequence]:
        rng, world = self.rng, self.world
        firsts = rng.choices(world.first_names, k=self.count)
        lasts = rng.choices(world.last_names, world.last_name_weights, k=self.count)
        tz = timezone.get_current_timezone()
        self.responsible = []
        for i, pk in enumerate(self.ids):
            first, last = firsts[i], lasts[i] if rng.random() < 0.9 else ""
            contact = rng.random()
            phone = f"+316{rng.randint(10000000, 99999999)}" if contact < 0.8 else ""
            email = _email(first, last, pk) if contact > 0.35 or not phone else ""
            buurt = self.buurt[i]
            postcode = ""
            if rng.random() < 0.6:
                pc4 = world.postcode_of_buurt[buurt] if buurt else rng.randint(5611, 5658)
                postcode = f"{pc4} {rng.choice(string.ascii_uppercase)}"
                postcode += rng.choice(string.ascii_uppercase)
            verbinder = self.verbinder_for(i) if buurt is None or rng.random() < 0.7 else None
            self.responsible.append(verbinder)
            day = self.today - datetime.timedelta(days=self.created_days_ago[i])
            created = datetime.datetime.combine(day, datetime.time(10), tzinfo=tz)
            yield (
                pk,
                first,
                last,
                email,
                phone,
                postcode,
                buurt,
                rng.randint(1935, 2008) if rng.random() < 0.5 else None,
                rng.choice(["", "", "", "Nederlands", "Nederlands, Arabisch", "Turks", "Pools"]),
                self.status[i],
                rng.choice(ResidentSource.values),
                verbinder,
                self.team[i] if buurt is None else None,
                created,
                created,
                1,
                False,  # the asks flags are computed at the end (refresh_asks)
                False,
            )


def _email(first: str, last: str, pk: int) -> str:
    name = f"{first}.{last}".rstrip(".").replace(" ", "").replace("'", "").lower()
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return f"{ascii_name}{pk % 1000}@example.{('org', 'net', 'com')[pk % 3]}"


def _talent_links(new: _Residents, world: _World, *, rng: random.Random, today):
    """About a quarter of the offers were last confirmed more than a year ago (stale)."""
    columns = (
        "id",
        "resident_id",
        "talent_id",
        "offered",
        "wants_to_develop",
        "note",
        "confirmed_on",
    )
    first_id = _next_id(ResidentTalent)
    counts = rng.choices(TALENTS_PER_RESIDENT, TALENTS_PER_RESIDENT_WEIGHTS, k=new.count)
    pool = rng.choices(world.talent_ids, world.talent_weights, k=sum(counts) * 2)
    notes = ["", "", "", "Al jaren ervaring", "Wil het graag leren"]

    def rows():
        pk, cursor = first_id, 0
        for resident_id, k in zip(new.ids, counts, strict=True):
            chosen = set()
            while len(chosen) < k:
                chosen.add(pool[cursor % len(pool)])
                cursor += 1
            for talent_id in chosen:
                offered = rng.random() < 0.85
                yield (
                    pk,
                    resident_id,
                    talent_id,
                    offered,
                    not offered or rng.random() < 0.3,
                    rng.choice(notes),
                    today - datetime.timedelta(days=int(rng.triangular(0, 730, 120))),
                )
                pk += 1

    return columns, rows()


def _conversations(count: int, world: _World, *, rng: random.Random, today):
    """Most residents have no or one conversation, a few very many; the demo verbinders get
    a realistic pile of open follow-ups."""
    columns = (
        "id",
        "resident_id",
        "verbinder_id",
        "date",
        "kind",
        "summary",
        "wishes",
        "asks",
        "next_step",
        "follow_up_on",
        "follow_up_done",
        "sensitive",
        "created_at",
    )
    residents = list(
        Resident.objects.exclude(status=ResidentStatus.NEW)
        .order_by("pk")
        .values_list("pk", "buurt__wijk__wijkteam_id", "responsible_verbinder_id")
    )
    by_team: dict[int | None, list[int]] = {}
    for index, (_pk, team, _verbinder) in enumerate(residents):
        by_team.setdefault(team, []).append(index)
    heavy = []
    for team in sorted(t for t in by_team if t is not None):
        for index in rng.sample(by_team[team], k=HEAVY_RESIDENTS_PER_WIJKTEAM):
            heavy += [index] * rng.randint(*HEAVY_CONVERSATIONS)
    picks = heavy[:count] + [
        rng.randrange(len(residents)) for _ in range(max(count - len(heavy), 0))
    ]
    first_id = _next_id(Conversation)
    tz = timezone.get_current_timezone()
    now = timezone.now()
    talent_rows: list[tuple[int, int]] = []
    kinds = ConversationKind.values

    def rows():
        for offset, index in enumerate(picks):
            pk = first_id + offset
            resident_id, team, responsible = residents[index]
            team_verbinders = world.team_verbinders.get(team) or world.all_verbinders
            verbinder = responsible or rng.choice(team_verbinders)
            # Recent conversations are more common than old ones (the city grows into it).
            days_ago = int(rng.triangular(0, 730, 0))
            follow_up, done = None, False
            if rng.random() < 0.35:
                follow_up = today - datetime.timedelta(days=days_ago - rng.randint(7, 30))
                # Older follow-ups are mostly done; the last weeks' are still open.
                done = follow_up < today - datetime.timedelta(days=21) or rng.random() < 0.4
            if days_ago < 45 and team in world.demo_verbinders and rng.random() < 0.3:
                verbinder = world.demo_verbinders[team]
            if rng.random() < 0.3:
                talent_rows.append((pk, rng.choices(world.talent_ids, world.talent_weights)[0]))
            date = today - datetime.timedelta(days=days_ago)
            yield (
                pk,
                resident_id,
                verbinder,
                date,
                rng.choice(kinds),
                rng.choice(SUMMARIES),
                rng.choice(WISHES),
                rng.choice(ASKS),
                rng.choice(NEXT_STEPS) if follow_up else "",
                follow_up,
                done,
                rng.random() < 0.05,
                min(datetime.datetime.combine(date, datetime.time(15), tzinfo=tz), now),
            )

    # The through rows are filled while the conversations stream out, so list them first.
    conversation_rows = list(rows())
    return columns, conversation_rows, talent_rows


def _signups(count: int, world: _World, *, rng: random.Random, today):
    """Two years of sign-ups: the old ones dealt with and linked to a resident, the newest
    waiting in the inboxes."""
    columns = (
        "id",
        "first_name",
        "email",
        "phone",
        "postcode",
        "buurt_id",
        "wants_to_give",
        "wants_to_receive",
        "talents_other",
        "help_wanted",
        "help_theme",
        "preferred_language",
        "consent_version",
        "consent_given_at",
        "submission_token",
        "status",
        "created_at",
        "resident_id",
        "taken_by_id",
    )
    resident_ids = list(Resident.objects.values_list("pk", flat=True)[: RESIDENTS * 2])
    first_id = _next_id(SignUp)
    first_consent = _next_id(ConsentRecord)
    now = timezone.now()
    rows, consents = [], []
    # Oldest first, so ids grow with time as they would in real life.
    ages = sorted((rng.triangular(0, 730 * 24, 0) for _ in range(count)), reverse=True)
    for offset, hours in enumerate(ages):
        pk = first_id + offset
        open_ = offset >= count - OPEN_SIGNUPS
        status = SignUpStatus.DONE
        if open_:
            status = SignUpStatus.TAKEN if rng.random() < 0.2 else SignUpStatus.NEW
        if open_:
            hours = rng.uniform(1, 24 * 30)
        given_at = now - datetime.timedelta(hours=hours)
        buurt = rng.choices(world.buurt_ids, world.buurt_weights)[0]
        buurt = None if rng.random() < 0.04 else buurt
        team = world.team_of_buurt.get(buurt) if buurt else None
        taken_by = None
        if status != SignUpStatus.NEW:
            taken_by = rng.choice(world.team_verbinders.get(team) or world.all_verbinders)
        gives, receives = rng.random() < 0.7, rng.random() < 0.35
        phone = f"+316{rng.randint(10000000, 99999999)}" if rng.random() < 0.7 else ""
        first = rng.choice(world.first_names)
        rows.append(
            (
                pk,
                first,
                _email(first, "", pk) if not phone or rng.random() < 0.5 else "",
                phone,
                "",
                buurt,
                gives or not receives,
                receives,
                "",
                rng.choice(HELP_WANTED) if receives else "",
                rng.choice(HelpTheme.values) if receives else "",
                "",
                PRIVACY_STATEMENT_VERSION,
                given_at,
                uuid.UUID(int=rng.getrandbits(128), version=4),
                status,
                given_at,
                rng.choice(resident_ids) if status == SignUpStatus.DONE else None,
                taken_by,
            )
        )
        consents.append(
            (
                first_consent + offset,
                ConsentRecord.Purpose.CONTACT,
                PRIVACY_STATEMENT_VERSION,
                given_at,
                None,
                pk,
                ConsentRecord.Channel.WEBSITE,
            )
        )
    consent_columns = (
        "id",
        "purpose",
        "text_version",
        "given_at",
        "withdrawn_at",
        "signup_id",
        "channel",
    )
    return columns, rows, (consent_columns, consents)


def _next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _copy(model, columns: Sequence[str], rows: Iterable[Sequence], batch: int = 5000) -> None:
    table = model._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    # Table and column names come from the models, never from input.
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
    chunk: list[Sequence] = []
    with connection.cursor() as cursor:
        for row in rows:
            chunk.append([_adapt(value) for value in row])
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


def _adapt(value):
    """What Django's SQLite backend would store for a value (the ORM is bypassed here)."""
    ops = connection.ops
    if isinstance(value, datetime.datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return ops.adapt_datefield_value(value)
    if isinstance(value, uuid.UUID):
        return value.hex
    return value


def _reset_sequence(model) -> None:
    """Explicit ids leave PostgreSQL's identity sequence behind; move it past them."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"  # noqa: E501, S608
        cursor.execute(sql)
