"""Indexes for city scale (issue 9).

The trigram indexes are PostgreSQL-only (pg_trgm) and stay out of the migration state, so
SQLite never meets them, not even when a later migration rebuilds a table there. Each one is on
exactly the expression ResidentQuerySet.search() filters on (``UPPER(col::text) LIKE``): change
one and the other together.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Replace, Upper


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """AddIndex that only touches a PostgreSQL database and leaves the model state alone."""

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{super().describe()} (PostgreSQL only)"


def trigram(name, expression):
    return AddIndexOnPostgreSQL(
        model_name="resident",
        index=GinIndex(OpClass(expression, name="gin_trgm_ops"), name=name),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("talents", "0004_signup_reachable_until_done"),
        ('buurtinbloei', '0004_postcode_area'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='conversation',
            index=models.Index(condition=models.Q(('follow_up_done', False), ('follow_up_on__isnull', False)), fields=['verbinder', 'follow_up_on'], name='conversation_open_follow_up'),
        ),
        migrations.AddIndex(
            model_name='conversation',
            index=models.Index(condition=models.Q(('asks', ''), _negated=True), fields=['resident'], name='conversation_asks'),
        ),
        migrations.AddIndex(
            model_name='resident',
            index=models.Index(fields=['first_name', 'last_name', 'id'], name='resident_name_order'),
        ),
        migrations.AddIndex(
            model_name='signup',
            index=models.Index(condition=models.Q(('status__in', ['new', 'taken'])), fields=['created_at', 'id'], name='signup_open'),
        ),
        migrations.AddIndex(
            model_name='signup',
            index=models.Index(condition=models.Q(('wants_to_receive', True)), fields=['resident'], name='signup_receives'),
        ),
        migrations.AddIndex(
            model_name='residenttalent',
            index=models.Index(fields=['talent', 'resident'], name='talent_residents'),
        ),
        # No-op on SQLite (CreateExtension checks the vendor itself).
        TrigramExtension(),
        trigram("resident_first_name_trgm", Upper("first_name")),
        trigram("resident_last_name_trgm", Upper("last_name")),
        trigram("resident_email_trgm", Upper("email")),
        trigram(
            "resident_phone_trgm",
            Replace(Replace("phone", Value(" "), Value("")), Value("-"), Value("")),
        ),
        trigram("resident_postcode_trgm", Upper(Replace("postcode", Value(" "), Value("")))),
    ]
