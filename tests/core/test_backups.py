"""Backups round-trip: seeded data, backed up (encrypted), restored into a new database, has the
same rows per table and the same audit log. PostgreSQL (pg_dump/pg_restore) when the tests run
on it, SQLite (the online backup API) when they run on that."""

from __future__ import annotations

import contextlib
import datetime
import io
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from buurtinbloei import backups
from buurtinbloei.audit import record
from tests.factories import CheckInFactory, MatchFactory, ResidentFactory, SignUpFactory

ON_POSTGRES = connection.vendor == "postgresql"


def seed(personas) -> None:
    """A little of everything: residents, sign-ups, matches, check-ins, and audit events."""
    residents = [ResidentFactory(fallback_wijkteam_id=personas.own_wijkteam.pk) for _ in range(5)]
    SignUpFactory.create_batch(3)
    MatchFactory(verbinder=personas.verbinder, resident_a=residents[0], resident_b=residents[1])
    CheckInFactory(match__verbinder=personas.verbinder)
    for resident in residents:
        record("resident.view", resident, actor=personas.verbinder)
    record("audit.review", actor=personas.beheerder, details={"month": "2026-10"})


def source_state() -> tuple[dict[str, int], str]:
    with connection.cursor() as cursor:
        counts = backups.table_counts(cursor, connection.introspection.table_names(cursor))
        return counts, backups.audit_checksum(cursor)


def target_state(url: str) -> tuple[dict[str, int], str]:
    out = io.StringIO()
    from buurtinbloei.settings import database_from_url

    target = database_from_url(url)
    conn = backups.connect_target(target)
    try:
        cursor = conn.cursor()
        if ON_POSTGRES:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        tables = [row[0] for row in cursor.fetchall()]
        return backups.table_counts(cursor, tables), backups.audit_checksum(cursor)
    finally:
        conn.close()
        out.close()


@contextlib.contextmanager
def new_postgres_database():
    """A new, empty database next to the test database; dropped afterwards."""
    params = connection.settings_dict
    name = f"jobs_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(
        dbname="postgres",
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
        yield f"postgres://{auth}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def backup_file(directory: Path) -> Path:
    """The database backup in ``directory`` (not the story photos' archive beside it)."""
    (path,) = [
        p
        for p in directory.iterdir()
        if backups.NAME.match(p.name) and not backups.is_files_backup(p)
    ]
    return path


@pytest.fixture
def backup_settings(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_ENCRYPTION_KEY = Fernet.generate_key().decode()
    # No story photos unless a test puts some there (other tests' photos live in the shared
    # test folder).
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_dump and pg_restore need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_backup_restores_into_a_new_database_with_the_same_rows(
    personas, backup_settings
):
    seed(personas)

    call_command("backup", stdout=io.StringIO())
    path = backup_file(backup_settings.BACKUP_DIR)
    assert path.name.endswith(".pgdump.enc")
    assert path.stat().st_mode & 0o077 == 0  # owner only

    # Without the key the file is no dump that pg_restore can read.
    assert not path.read_bytes().startswith(b"PGDMP")
    listing = subprocess.run(  # noqa: S603
        [shutil.which("pg_restore"), "--list", str(path)], capture_output=True
    )
    assert listing.returncode != 0

    with new_postgres_database() as url:
        out = io.StringIO()
        call_command("restore", str(path), database_url=url, stdout=out)

        counts, checksum = source_state()
        restored_counts, restored_checksum = target_state(url)
        assert restored_counts == counts
        assert counts["buurtinbloei_auditevent"] >= 6
        assert counts["talents_resident"] >= 5
        assert restored_checksum == checksum
        assert checksum in out.getvalue()

        with pytest.raises(CommandError, match="not empty"):
            call_command("restore", str(path), database_url=url)
        # --force replaces what is there, with the same result.
        call_command("restore", str(path), database_url=url, force=True, stdout=io.StringIO())
        assert target_state(url) == (counts, checksum)


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite round trip; PostgreSQL has its own")
@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restores_into_a_new_file_with_the_same_rows(
    personas, backup_settings, tmp_path
):
    seed(personas)

    call_command("backup", stdout=io.StringIO())
    path = backup_file(backup_settings.BACKUP_DIR)
    assert path.name.endswith(".sqlite3.enc")
    assert not path.read_bytes().startswith(backups.SQLITE_MAGIC)

    url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    call_command("restore", str(path), database_url=url, stdout=io.StringIO())

    counts, checksum = source_state()
    assert target_state(url) == (counts, checksum)
    assert counts["buurtinbloei_auditevent"] >= 6

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path), database_url=url)


@pytest.mark.django_db
def test_an_encrypted_backup_needs_its_key(backup_settings, tmp_path):
    call_command("backup", stdout=io.StringIO())
    path = backup_file(backup_settings.BACKUP_DIR)
    url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"

    backup_settings.BACKUP_ENCRYPTION_KEY = ""
    with pytest.raises(CommandError, match="encrypted"):
        call_command("restore", str(path), database_url=url)
    backup_settings.BACKUP_ENCRYPTION_KEY = Fernet.generate_key().decode()
    with pytest.raises(CommandError, match="wrong BACKUP_ENCRYPTION_KEY"):
        call_command("restore", str(path), database_url=url)


def test_encryption_streams_in_chunks_and_refuses_a_damaged_file(monkeypatch, tmp_path):
    monkeypatch.setattr(backups, "CHUNK", 1000)
    key = Fernet.generate_key().decode()
    plain, sealed, opened = tmp_path / "plain", tmp_path / "sealed", tmp_path / "opened"
    plain.write_bytes(bytes(range(256)) * 20)  # 5120 bytes: six chunks

    backups.encrypt_file(plain, sealed, key)
    backups.decrypt_file(sealed, opened, key)
    assert opened.read_bytes() == plain.read_bytes()

    data = sealed.read_bytes()
    parts, rest = [], data[len(backups.MAGIC) :]
    while rest:
        length = int.from_bytes(rest[:4], "big")
        parts.append(rest[: 4 + length])
        rest = rest[4 + length :]
    assert len(parts) == 6
    for damaged in (
        backups.MAGIC + b"".join(parts[:-1]),  # the last part cut off
        backups.MAGIC + parts[1] + parts[0] + b"".join(parts[2:]),  # reordered
        data[:-10],  # truncated mid-part
    ):
        sealed.write_bytes(damaged)
        with pytest.raises(backups.BackupError):
            backups.decrypt_file(sealed, opened, key)


@pytest.mark.django_db
def test_a_backup_is_never_written_where_the_web_serves_it(settings):
    settings.BACKUP_DIR = Path(settings.STATIC_ROOT) / "backups"

    with pytest.raises(CommandError, match="which the web serves"):
        call_command("backup", stdout=io.StringIO())


@pytest.mark.django_db
def test_old_backups_are_deleted_and_other_files_are_left_alone(settings, tmp_path):
    settings.BACKUP_DIR, settings.BACKUP_KEEP_DAYS = tmp_path, 30
    now = timezone.now()

    def named(days_ago: int, suffix: str = "pgdump.enc") -> Path:
        made = (now - datetime.timedelta(days=days_ago)).astimezone(datetime.UTC)
        path = tmp_path / f"buurtinbloei-{made:%Y%m%dT%H%M%SZ}.{suffix}"
        path.write_bytes(b"x")
        return path

    old, old_sqlite, recent = named(31), named(40, "sqlite3"), named(29)
    other = tmp_path / "notes.txt"
    other.write_text("not a backup")

    assert backups.delete_old_backups(now=now) == 2
    assert not old.exists() and not old_sqlite.exists()
    assert recent.exists() and other.exists()


@pytest.mark.django_db
def test_the_backup_job_reports_counts_and_is_recorded(backup_settings):
    from buurtinbloei.models import JobRun

    out = io.StringIO()
    call_command("backup", stdout=out)

    assert "audit log checksum" in out.getvalue()
    run = JobRun.objects.get(name="backup")
    assert run.summary["encrypted"] == 1
    assert run.summary["bytes"] > 0


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"BACKUP_KEEP_DAYS": "800", "RETENTION_MONTHS": "24"}, "within RETENTION_MONTHS"),
        ({"BACKUP_ENCRYPTION_KEY": "geen-sleutel"}, "BACKUP_ENCRYPTION_KEY is not a Fernet key"),
    ],
)
def test_backup_settings_that_make_no_sense_stop_the_start(tmp_path, env, message):
    from tests.core.test_settings import run_manage

    result = run_manage("check", DEBUG="true", VAR_DIR=str(tmp_path), **env)

    assert result.returncode != 0
    assert message in result.stderr


def test_story_photos_are_backed_up_encrypted_and_restored(backup_settings, settings, tmp_path):
    """The database names the photo files; the files archive beside it brings them back."""
    media = tmp_path / "private-media"
    (media / "stories").mkdir(parents=True)
    (media / "stories" / "a.jpg").write_bytes(b"\xff\xd8photo-a")
    (media / "stories" / "b.jpg").write_bytes(b"\xff\xd8photo-b")
    settings.PRIVATE_MEDIA_ROOT = media
    archive = backups.make_files_backup()
    assert archive is not None and archive.name.endswith(".files.tar.enc")
    assert b"photo-a" not in archive.read_bytes()  # encrypted at rest like the database

    restored = tmp_path / "restored"
    settings.PRIVATE_MEDIA_ROOT = restored
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored 2 files" in out.getvalue()
    assert (restored / "stories" / "a.jpg").read_bytes() == b"\xff\xd8photo-a"
    assert (restored / "stories" / "b.jpg").read_bytes() == b"\xff\xd8photo-b"


def test_no_files_archive_without_files(backup_settings, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "empty"
    assert backups.make_files_backup() is None


PG_ENTRY = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "buurtinbloei",
    "USER": "bib",
    "PASSWORD": "geheim-wachtwoord",
    "HOST": "db.example.org",
    "PORT": "5432",
    "OPTIONS": {
        "sslmode": "verify-full",
        "sslrootcert": "/etc/ssl/db-ca.pem",
        "connect_timeout": 2,
        "pool": {"min_size": 1},
    },
}


def test_pg_dump_keeps_the_tls_settings_of_database_url(monkeypatch, tmp_path):
    """DATABASE_URL's ?sslmode=verify-full must hold for the dump too, or the whole database
    goes over a connection nobody verified."""
    calls = []

    def fake_run(args, **kwargs):
        calls.append((args, kwargs))
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(backups.subprocess, "run", fake_run)
    monkeypatch.setattr(backups, "_program", lambda name: name)
    monkeypatch.setattr(backups, "_client_major", lambda program: 99)
    monkeypatch.setattr(backups, "_server_major", lambda alias: 17)

    class Conn:
        settings_dict = PG_ENTRY

    monkeypatch.setattr(backups, "connections", {"default": Conn()})
    backups._dump_postgres("default", tmp_path / "dump")
    [(args, kwargs)] = calls
    dbname = args[args.index("--dbname") + 1]
    assert "sslmode=verify-full" in dbname and "sslrootcert=/etc/ssl/db-ca.pem" in dbname
    assert "dbname=buurtinbloei" in dbname
    assert "pool" not in dbname and "geheim-wachtwoord" not in dbname  # Django's, and secret
    assert kwargs["env"]["PGPASSWORD"] == "geheim-wachtwoord"


def test_a_connection_of_our_own_keeps_the_tls_settings_of_database_url(monkeypatch):
    seen = {}
    monkeypatch.setattr(psycopg, "connect", lambda **kwargs: seen.update(kwargs))
    backups._pg_connect(PG_ENTRY)
    assert seen["sslmode"] == "verify-full"
    assert seen["sslrootcert"] == "/etc/ssl/db-ca.pem"
    assert "pool" not in seen
