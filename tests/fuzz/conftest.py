"""Hypothesis profiles for the fuzz tests.

``buurtinbloei`` (the default): 100 examples per test, derandomized, so a CI failure comes back
on every run and on every machine. ``nightly``: 1,000 examples per test, a fresh random seed each
run (HYPOTHESIS_PROFILE=nightly, with ``-m nightly`` for the per-URL variants; see README).

No deadline: a request's time depends on the machine and on the database, not on the input.
Each test makes its personas and objects once and runs every example inside a savepoint that is
rolled back (tests/fuzz/run.py), so no health check needs to be suppressed.
"""

from __future__ import annotations

import os

import hypothesis.database
from hypothesis import HealthCheck, settings

settings.register_profile(
    "buurtinbloei",
    max_examples=100,
    derandomize=True,
    deadline=None,
    print_blob=True,
    database=None,
    # A 100,000-character value is a deliberate part of the input, not a slow generator.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "nightly",
    parent=settings.get_profile("buurtinbloei"),
    max_examples=1000,
    derandomize=False,
    database=hypothesis.database.DirectoryBasedExampleDatabase("var/hypothesis"),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "buurtinbloei"))
