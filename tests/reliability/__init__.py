"""Real processes against PostgreSQL: gunicorn with gunicorn.conf.py and production settings
(issue 14). Skipped on SQLite; CI's PostgreSQL pass runs them."""

import os

import pytest

BASE_DATABASE_URL = os.environ.get("DATABASE_URL", "")

needs_postgres = pytest.mark.skipif(
    not BASE_DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="reliability test: needs DATABASE_URL=postgres://... (runs in CI's PostgreSQL pass)",
)
