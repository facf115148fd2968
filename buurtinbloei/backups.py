"""Backups and restores of the whole database (``manage.py backup`` and ``manage.py restore``).

PostgreSQL is dumped with ``pg_dump -Fc`` (the client must be at least the server's major
version) and restored with ``pg_restore --clean --if-exists --no-owner`` in one transaction;
SQLite is copied with its online backup API, safe while the app writes. A backup holds
residents' personal data: with ``BACKUP_ENCRYPTION_KEY`` set it is encrypted at rest, and
backups older than ``BACKUP_KEEP_DAYS`` (never more than the retention period) are deleted.

Encrypted files are a header followed by Fernet tokens of at most 1 MiB of plaintext each, so
a dump of any size is encrypted and decrypted in constant memory. Every token starts with its
sequence number and a last-chunk flag, so chunks that were reordered, dropped or cut off at the
end are refused rather than restored as a damaged database.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import connections
from django.utils import timezone

MAGIC = b"BUURTINBLOEI-BACKUP-FERNET-1\n"
CHUNK = 1024 * 1024
PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
NAME = re.compile(r"^buurtinbloei-(\d{8}T\d{6}Z)\.(pgdump|sqlite3|files\.tar)(\.enc)?$")


class BackupError(Exception):
    """Something a person must fix; the message says what."""


# --- Encryption in chunks ----------------------------------------------------------------------


def encrypt_file(source: Path, target: Path, key: str) -> None:
    fernet = Fernet(key)
    with open(source, "rb") as src, open(target, "wb") as dst:
        dst.write(MAGIC)
        index = 0
        chunk = src.read(CHUNK)
        while True:
            following = src.read(CHUNK)
            last = not following
            token = fernet.encrypt(struct.pack(">QB", index, last) + chunk)
            dst.write(struct.pack(">I", len(token)) + token)
            if last:
                return
            chunk, index = following, index + 1


def _tokens(handle) -> Iterator[bytes]:
    while header := handle.read(4):
        if len(header) < 4:
            raise BackupError("The backup file is cut off.")
        (length,) = struct.unpack(">I", header)
        token = handle.read(length)
        if len(token) < length:
            raise BackupError("The backup file is cut off.")
        yield token


def decrypt_file(source: Path, target: Path, key: str) -> None:
    fernet = Fernet(key)
    with open(source, "rb") as src, open(target, "wb") as dst:
        if src.read(len(MAGIC)) != MAGIC:
            raise BackupError(f"{source} is not an encrypted backup.")
        expected, finished = 0, False
        for token in _tokens(src):
            if finished:
                raise BackupError("The backup file has data after its last part.")
            try:
                plain = fernet.decrypt(token)
            except InvalidToken:
                raise BackupError(
                    "The backup cannot be decrypted: wrong BACKUP_ENCRYPTION_KEY, or damaged."
                ) from None
            index, last = struct.unpack(">QB", plain[:9])
            if index != expected:
                raise BackupError("The backup file's parts are out of order.")
            dst.write(plain[9:])
            expected, finished = expected + 1, bool(last)
        if not finished:
            raise BackupError("The backup file is cut off.")


# --- Where backups go ---------------------------------------------------------------------------


def _web_roots() -> list[Path]:
    roots = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
    if getattr(settings, "MEDIA_ROOT", ""):
        roots.append(settings.MEDIA_ROOT)
    return [Path(root).resolve() for root in roots if root]


def backup_dir() -> Path:
    directory = Path(settings.BACKUP_DIR).resolve()
    for root in _web_roots():
        if directory == root or root in directory.parents:
            raise BackupError(f"BACKUP_DIR {directory} is inside {root}, which the web serves.")
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def _server_major(alias: str) -> int:
    return connections[alias].pg_version // 10000


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


# The subprocesses below get a list of arguments (no shell) made of our own settings and paths.


def _client_major(program: str) -> int:
    output = subprocess.run(  # noqa: S603
        [_program(program), "--version"], capture_output=True, text=True, check=True
    )
    match = re.search(r"(\d+)(?:\.\d+)?", output.stdout)
    if match is None:
        raise BackupError(f"Cannot tell the version of {program}: {output.stdout.strip()}")
    return int(match[1])


#: DATABASES["OPTIONS"] keys that are Django's own; every other one (sslmode, sslrootcert,
#: connect_timeout, options ... from DATABASE_URL's query string) is a libpq parameter.
DJANGO_ONLY_OPTIONS = frozenset({"pool", "isolation_level", "server_side_binding", "assume_role"})


def libpq_options(params: dict) -> dict[str, str]:
    """The libpq parameters of a DATABASES entry, for a connection of our own (pg_dump,
    pg_restore, a job's lock): without them ``sslmode=verify-full`` would hold for the app's
    connections only, and a dump would go over an unverified (or no) TLS connection."""
    options = params.get("OPTIONS") or {}
    return {k: str(v) for k, v in options.items() if k not in DJANGO_ONLY_OPTIONS}


def _conninfo(params: dict) -> str:
    """``--dbname`` for pg_dump and pg_restore: the database name with the libpq parameters."""
    from psycopg.conninfo import make_conninfo

    return make_conninfo(dbname=params["NAME"], **libpq_options(params))


def _pg_env(params: dict) -> dict:
    env = {**os.environ}
    for var, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ]:
        if params.get(key):
            env[var] = str(params[key])
    return env


# --- Backup ---------------------------------------------------------------------------------


def _dump_postgres(alias: str, target: Path) -> None:
    client, server = _client_major("pg_dump"), _server_major(alias)
    if client < server:
        raise BackupError(
            f"pg_dump {client} cannot dump a PostgreSQL {server} server; install "
            f"postgresql-client-{server}."
        )
    params = connections[alias].settings_dict
    result = subprocess.run(  # noqa: S603
        [
            _program("pg_dump"),
            "--format=custom",
            "--file",
            str(target),
            "--dbname",
            _conninfo(params),
        ],
        env=_pg_env(params),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()[-2000:]}")


def _dump_sqlite(alias: str, target: Path) -> None:
    source = sqlite3.connect(str(connections[alias].settings_dict["NAME"]))
    copy = sqlite3.connect(str(target))
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()


def make_backup(*, alias: str = "default", now: datetime.datetime | None = None) -> Path:
    """Write a backup of the database to BACKUP_DIR; its path. Encrypted when a key is set."""
    now = now or timezone.now()
    directory = backup_dir()
    vendor = connections[alias].vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backups of {vendor} databases are not supported.")
    suffix = "pgdump" if vendor == "postgresql" else "sqlite3"
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"buurtinbloei-{stamp}.{suffix}"
    key = settings.BACKUP_ENCRYPTION_KEY
    final = directory / (name + (".enc" if key else ""))
    old_umask = os.umask(0o077)  # the backup holds personal data: owner only
    try:
        with tempfile.TemporaryDirectory(dir=directory, prefix=".partial-") as work:
            plain = Path(work) / name
            (_dump_postgres if vendor == "postgresql" else _dump_sqlite)(alias, plain)
            if key:
                encrypted = Path(work) / final.name
                encrypt_file(plain, encrypted, key)
                plain.unlink()
                plain = encrypted
            os.replace(plain, final)  # a backup appears whole or not at all
    finally:
        os.umask(old_umask)
    return final


def make_files_backup(*, now: datetime.datetime | None = None) -> Path | None:
    """Archive PRIVATE_MEDIA_ROOT (story photos) next to the database backup, encrypted like it;
    None when there are no files. Restore both: the database names the files."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    if not root.is_dir() or not any(p.is_file() for p in root.rglob("*")):
        return None
    now = now or timezone.now()
    directory = backup_dir()
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"buurtinbloei-{stamp}.files.tar"
    key = settings.BACKUP_ENCRYPTION_KEY
    final = directory / (name + (".enc" if key else ""))
    old_umask = os.umask(0o077)
    try:
        with tempfile.TemporaryDirectory(dir=directory, prefix=".partial-") as work:
            plain = Path(work) / name
            with tarfile.open(plain, "w") as archive:
                for path in sorted(root.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        archive.add(path, arcname=str(path.relative_to(root)))
            if key:
                encrypted = Path(work) / final.name
                encrypt_file(plain, encrypted, key)
                plain.unlink()
                plain = encrypted
            os.replace(plain, final)
    finally:
        os.umask(old_umask)
    return final


def is_files_backup(path: Path) -> bool:
    """Whether ``path`` is a files archive (by its name: an encrypted file hides its kind)."""
    match = NAME.match(Path(path).name)
    return bool(match and match[2] == "files.tar")


def restore_files(*, path: Path, root: Path | None = None) -> int:
    """Unpack a files backup into PRIVATE_MEDIA_ROOT (or ``root``); the number of files.
    Only plain files under the root are taken: no links, devices or paths that climb out."""
    root = Path(root or settings.PRIVATE_MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(prefix="buurtinbloei-restore-") as work:
        if _kind(path) == "encrypted":
            key = settings.BACKUP_ENCRYPTION_KEY
            if not key:
                raise BackupError("This backup is encrypted: set BACKUP_ENCRYPTION_KEY.")
            plain = Path(work) / "files.tar"
            decrypt_file(path, plain, key)
            path = plain
        count = 0
        with tarfile.open(path, "r") as archive:
            for member in archive.getmembers():
                target = (root / member.name).resolve()
                if not member.isfile() or root.resolve() not in target.parents:
                    raise BackupError(f"{member.name!r} in the archive is not a plain file.")
            archive.extractall(root, filter="data")
            count = sum(1 for m in archive.getmembers() if m.isfile())
    return count


def delete_old_backups(*, now: datetime.datetime | None = None) -> int:
    """Delete backups older than BACKUP_KEEP_DAYS (judged by the time in their name)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.BACKUP_KEEP_DAYS)
    deleted = 0
    for path in backup_dir().iterdir():
        match = NAME.match(path.name)
        if match is None:
            continue
        made = datetime.datetime.strptime(match[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
        if made < cutoff:
            path.unlink()
            deleted += 1
    return deleted


# --- Restore --------------------------------------------------------------------------------


def _kind(path: Path) -> str:
    with open(path, "rb") as handle:
        start = handle.read(len(MAGIC))
    if start.startswith(PG_MAGIC):
        return "postgresql"
    if start.startswith(SQLITE_MAGIC):
        return "sqlite"
    if start == MAGIC:
        return "encrypted"
    if tarfile.is_tarfile(path):
        return "files"
    raise BackupError(f"{path} is not a backup made by manage.py backup.")


def _pg_connect(params: dict, *, dbname: str | None = None):
    import psycopg

    return psycopg.connect(
        dbname=dbname or params["NAME"],
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
        autocommit=True,
        **libpq_options(params),
    )


def _is_empty(target: dict) -> bool:
    if target["ENGINE"].endswith("postgresql"):
        with _pg_connect(target) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
            ).fetchone()
        return row[0] == 0
    path = Path(target["NAME"])
    if not path.exists() or path.stat().st_size == 0:
        return True
    with sqlite3.connect(str(path)) as conn:
        (count,) = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
    return count == 0


def restore(*, path: Path, target: dict, force: bool = False) -> str:
    """Restore the backup at ``path`` into the database described by ``target`` (a DATABASES
    entry); the kind of database restored. Refuses a target with tables unless ``force``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    if not force and not _is_empty(target):
        raise BackupError(
            "The target database is not empty. Restore into a new, empty database, or add "
            "--force to replace what is in it."
        )
    with tempfile.TemporaryDirectory(prefix="buurtinbloei-restore-") as work:
        kind = _kind(path)
        if kind == "encrypted":
            key = settings.BACKUP_ENCRYPTION_KEY
            if not key:
                raise BackupError("This backup is encrypted: set BACKUP_ENCRYPTION_KEY.")
            plain = Path(work) / "backup"
            decrypt_file(path, plain, key)
            path, kind = plain, _kind(plain)
        is_pg = target["ENGINE"].endswith("postgresql")
        if (kind == "postgresql") != is_pg:
            raise BackupError(f"A {kind} backup cannot be restored into this database.")
        if is_pg:
            _restore_postgres(path, target)
        else:
            _restore_sqlite(path, Path(target["NAME"]))
    return kind


def _restore_postgres(path: Path, target: dict) -> None:
    with _pg_connect(target) as conn:
        server = conn.info.server_version // 10000
    client = _client_major("pg_restore")
    if client < server:
        raise BackupError(f"pg_restore {client} cannot restore into PostgreSQL {server}.")
    result = subprocess.run(  # noqa: S603
        [
            _program("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            _conninfo(target),
            str(path),
        ],
        env=_pg_env(target),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()[-2000:]}")


def _restore_sqlite(path: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(str(path))
    copy = sqlite3.connect(str(target))
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()


# --- What a restore drill compares --------------------------------------------------------------


def table_counts(cursor, tables: list[str]) -> dict[str, int]:
    """Rows per table, through any DB-API cursor."""
    counts = {}
    for table in sorted(tables):
        # Names from the database's own catalogue, quoted.
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def audit_checksum(cursor) -> str:
    """SHA-256 over the audit log's rows in id order; equal before and after a round trip."""
    cursor.execute(
        "SELECT id, actor_id, action, object_type, object_id, at, ip, details "
        "FROM buurtinbloei_auditevent ORDER BY id"
    )
    digest = hashlib.sha256()
    for row in cursor.fetchall():
        *fields, details = row
        if isinstance(details, str):
            details = json.loads(details)
        # A datetime through Django's cursor, text through sqlite3's own: the same instant.
        at = fields[5]
        if isinstance(at, str):
            at = datetime.datetime.fromisoformat(at)
        if at.tzinfo is None:
            at = at.replace(tzinfo=datetime.UTC)
        fields[5] = at.astimezone(datetime.UTC).isoformat()
        digest.update(
            json.dumps([str(f) for f in fields] + [details], sort_keys=True).encode() + b"\n"
        )
    return digest.hexdigest()


def connect_target(target: dict):
    """A DB-API connection to a restore target (for the drill's comparison)."""
    if target["ENGINE"].endswith("postgresql"):
        return _pg_connect(target)
    return sqlite3.connect(str(target["NAME"]))
