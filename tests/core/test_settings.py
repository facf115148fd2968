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


def test_database_url_for_postgresql_uses_the_pool():
    db = app_settings.database_from_url("postgres://bib:geheim%21@db.example.org:5433/bib")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("bib", "bib", "geheim!")
    assert (db["HOST"], db["PORT"]) == ("db.example.org", "5433")
    assert db["OPTIONS"]["pool"] is True
    assert "CONN_MAX_AGE" not in db  # Django refuses it together with the pool


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
