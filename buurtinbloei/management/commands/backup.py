"""Back up the whole database to BACKUP_DIR (buurtinbloei/backups.py). Run it daily, then copy
the file off the server. Encrypted at rest with BACKUP_ENCRYPTION_KEY; backups older than
BACKUP_KEEP_DAYS are deleted. A scheduled job: two runs at once make one backup.

Prints the audit log's checksum and the number of tables and rows, so a restore drill can
compare them with what ``manage.py restore`` prints.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import connection

from buurtinbloei import backups
from buurtinbloei.jobs import JobCommand


class Command(JobCommand):
    help = "Maak een back-up van de database in BACKUP_DIR en ruim oude back-ups op."

    def run(self, **options) -> dict:
        with connection.cursor() as cursor:
            counts = backups.table_counts(cursor, connection.introspection.table_names(cursor))
            checksum = backups.audit_checksum(cursor)
        try:
            path = backups.make_backup()
            files = backups.make_files_backup()
            deleted = backups.delete_old_backups()
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        size = path.stat().st_size
        self.stdout.write(f"Backup written: {path} ({size} bytes)")
        self.stdout.write(
            f"  {len(counts)} tables, {sum(counts.values())} rows; audit log checksum {checksum}"
        )
        if files is not None:
            self.stdout.write(f"Files (story photos) written: {files}")
        self.stdout.write(f"  {deleted} old backup(s) deleted.")
        return {
            "bytes": size,
            "tables": len(counts),
            "rows": sum(counts.values()),
            "encrypted": int(path.name.endswith(".enc")),
            "deleted": deleted,
            "files_archive": int(files is not None),
        }
