"""City-scale matches (``seed_demo --scale city``): the benchmark's 50,000 requests and 100,000
matches (DESIGN.md), with their status changes and check-ins.

The same story as the demo (:mod:`matches.demo`), over the city's 250,000 residents and 1,700
ontwikkelplaatsen: two years of matches, more recent than old, a few percent still proposed,
requests linked to most of them and the rest open or closed. The constraints hold as at demo
scale (one active match per pair and talent, at most ``MATCH_MAX_ACTIVE_PER_RESIDENT`` active
matches per resident, places taken within the places). Rows go in with PostgreSQL's COPY
(batched INSERTs on SQLite).

Idempotent: the tables are topped up to their targets, so a second run adds nothing.
"""

from __future__ import annotations

import random

from django.db import connection
from django.utils import timezone

from networks.models import Ontwikkelplaats

from .demo import Plan, World
from .models import CheckIn, Match, MatchEvent, Request

MATCHES = 100_000
REQUESTS = 50_000
#: Matches of the last weeks that have not started yet.
PENDING_SHARE = 0.03
#: Of the requests to add, this share is made for a new match; the rest are open or closed.
MATCHED_REQUEST_SHARE = 0.85
OPEN_SHARE = 0.25
#: Open requests waiting over 30 days: in this many buurten, this many each.
WAITING = (20, 5)
#: Rounds of topping up when some planned matches found nobody free.
ROUNDS = 5


def seed_city(*, rng: random.Random, stdout) -> None:
    started = timezone.now()
    missing_matches = MATCHES - Match.objects.count()
    missing_requests = REQUESTS - Request.objects.count()
    if missing_matches <= 0 and missing_requests <= 0:
        stdout.write(
            f"There are {MATCHES:,} matches and {REQUESTS:,} requests already; none added."
        )
        return
    world = World.load(rng, today=timezone.localdate(), demo=False)
    plan = Plan(world, rng=rng)
    missing_matches, missing_requests = max(missing_matches, 0), max(missing_requests, 0)
    plan.request_budget = missing_requests
    linked = min(int(missing_requests * MATCHED_REQUEST_SHARE), missing_matches)
    for _round in range(ROUNDS):
        short = missing_matches - len(plan.match_rows)
        if short <= 0 or not world.by_team:
            break
        pending = int(short * PENDING_SHARE)
        started_days = [int(rng.triangular(0, 730, 0)) for _ in range(short - pending)]
        pending_days = [int(rng.triangular(0, 45, 3)) for _ in range(pending)]
        still_linked = max(linked - len(plan.request_rows), 0)
        plan.matches(started_days, pending_days, request_share=still_linked / short)
    for round_ in range(ROUNDS):
        rest = missing_requests - len(plan.request_rows)
        if rest <= 0 or not world.by_team:
            break
        open_ = int(rest * OPEN_SHARE)
        buurten, per_buurt = WAITING if round_ == 0 else (0, 0)
        waiting = min(buurten * per_buurt, open_)
        plan.open_and_closed(
            closed=rest - open_,
            open_recent=open_ - waiting,
            waiting=(waiting // per_buurt if per_buurt else 0, per_buurt),
        )
    plan.write()
    if connection.vendor == "postgresql":
        tables = [m._meta.db_table for m in (Request, Match, MatchEvent, CheckIn, Ontwikkelplaats)]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    seconds = (timezone.now() - started).total_seconds()
    stdout.write(
        f"Matches at city scale in {seconds:.0f} s: {Request.objects.count():,} requests, "
        f"{Match.objects.count():,} matches, {MatchEvent.objects.count():,} status changes, "
        f"{CheckIn.objects.count():,} check-ins."
    )
