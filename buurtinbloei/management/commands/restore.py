"""Restore a backup made by ``manage.py backup`` into an empty database.

    python manage.py restore /path/buurtinbloei-20260101T020000Z.pgdump.enc \
        --database-url postgres://user@host/buurtinbloei_restore

Without --database-url it restores into the app's own database (DATABASE_URL). A database
that has tables is refused unless --force (then pg_restore --clean replaces them). Decrypts with
BACKUP_ENCRYPTION_KEY. Prints the tables, rows and audit log checksum of the result, to compare
with what the backup printed (the restore drill, README "Backups").
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from buurtinbloei import backups
from buurtinbloei.settings import database_from_url


class Command(BaseCommand):
    help = "Zet een back-up terug in een lege database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="The backup file.")
        parser.add_argument(
            "--database-url",
            help="Restore into this database (postgres://… or sqlite:///…), not DATABASE_URL.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database that is not empty.",
        )

    def handle(self, *args, file: Path, database_url: str | None, force: bool, **options):
        try:
            target = (
                database_from_url(database_url) if database_url else settings.DATABASES["default"]
            )
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        if backups.is_files_backup(file):
            try:
                count = backups.restore_files(path=file)
            except backups.BackupError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"Restored {count} files into {settings.PRIVATE_MEDIA_ROOT}")
            return
        try:
            kind = backups.restore(path=file, target=target, force=force)
            conn = backups.connect_target(target)
            try:
                cursor = conn.cursor()
                if kind == "postgresql":
                    cursor.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                    )
                else:
                    cursor.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite_%'"
                    )
                tables = [row[0] for row in cursor.fetchall()]
                counts = backups.table_counts(cursor, tables)
                checksum = backups.audit_checksum(cursor)
            finally:
                conn.close()
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {file} into {target['NAME']}")
        self.stdout.write(
            f"  {len(counts)} tables, {sum(counts.values())} rows; audit log checksum {checksum}"
        )
