"""Settings from the environment, and production mode passing Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from buurtinbloei import settings as app_settings

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # tests/settings.py put the test run's own values in os.environ; production mode must not
    # inherit them.
    test_only = {
        "DEBUG",
        "SECRET_KEY",
        "MFA_ENCRYPTION_KEY",
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "SECURE_COOKIES",
        "BEHIND_TLS_PROXY",
        "MFA_REQUIRED",
        "EMAIL_BACKEND",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    clean.update(DJANGO_SETTINGS_MODULE="buurtinbloei.settings", **env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_passes_check_deploy(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-secret-key-" + "x" * 40,
        MFA_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="buurtinbloei.example.org",
        MFA_REQUIRED="true",
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_manage("check", VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_mode_refuses_to_start_without_an_mfa_encryption_key(tmp_path):
    result = run_manage("check", SECRET_KEY="x" * 50, VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "MFA_ENCRYPTION_KEY must be set" in result.stderr


def test_an_mfa_encryption_key_that_is_no_fernet_key_stops_the_start(tmp_path):
    result = run_manage(
        "check", SECRET_KEY="x" * 50, MFA_ENCRYPTION_KEY="te-kort", VAR_DIR=str(tmp_path)
    )
    assert result.returncode != 0
    assert "not a Fernet key" in result.stderr


def test_development_mode_makes_its_own_mfa_encryption_key(tmp_path):
    result = run_manage("check", DEBUG="true", VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    Fernet((tmp_path / "mfa-encryption-key").read_text())


def test_env_bool_refuses_a_value_it_does_not_understand(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "misschien")
    with pytest.raises(ImproperlyConfigured):
        app_settings.env_bool("SOME_FLAG", False)
    monkeypatch.setenv("SOME_FLAG", "True")
    assert app_settings.env_bool("SOME_FLAG", False) is True


def test_database_url_for_postgresql_keeps_one_checked_connection_per_worker(monkeypatch):
    for name in ("DB_POOL", "DB_CONN_MAX_AGE", "DB_CONNECT_TIMEOUT", "DB_STATEMENT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    db = app_settings.database_from_url("postgres://bib:geheim%21@db.example.org:5433/bib")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("bib", "bib", "geheim!")
    assert (db["HOST"], db["PORT"]) == ("db.example.org", "5433")
    # Measured in tests/reliability/test_outage.py: fast 503s in an outage, back at once.
    assert "pool" not in db["OPTIONS"]
    assert db["CONN_MAX_AGE"] == 600
    assert db["CONN_HEALTH_CHECKS"] is True
    assert db["OPTIONS"]["connect_timeout"] == 2
    assert "options" not in db["OPTIONS"]  # no statement_timeout unless asked for


def test_the_database_settings_follow_the_environment(monkeypatch):
    monkeypatch.setenv("DB_CONNECT_TIMEOUT", "5")
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT", "25")
    monkeypatch.setenv("DB_CONN_MAX_AGE", "0")
    db = app_settings.database_from_url("postgres://bib@db.example.org/bib?sslmode=require")
    assert db["OPTIONS"]["connect_timeout"] == 5
    assert db["OPTIONS"]["options"] == "-c statement_timeout=25000"
    assert db["OPTIONS"]["sslmode"] == "require"
    assert db["CONN_MAX_AGE"] == 0


def test_psycopgs_pool_can_be_chosen_with_short_timeouts(monkeypatch):
    monkeypatch.setenv("DB_POOL", "true")
    db = app_settings.database_from_url("postgres://bib@db.example.org/bib")
    assert db["OPTIONS"]["pool"]["timeout"] == 1
    assert db["OPTIONS"]["pool"]["reconnect_timeout"] == 2
    assert db["CONN_MAX_AGE"] == 0  # Django refuses persistent connections with the pool


def test_database_url_for_sqlite_runs_in_wal_mode(tmp_path):
    db = app_settings.database_from_url(f"sqlite:///{tmp_path}/bib.sqlite3")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert str(db["NAME"]) == f"{tmp_path}/bib.sqlite3"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_database_url_with_another_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured):
        app_settings.database_from_url("mysql://localhost/bib")


def test_the_embedded_database_really_is_in_wal_mode(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("only SQLite has a journal mode")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory" instead.
    assert mode in {"wal", "memory"}
