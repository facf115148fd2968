"""On PostgreSQL, refuse TRUNCATE on the audit log too (0003 refuses UPDATE and DELETE).

TRUNCATE fires no row triggers, so it needs a statement-level one. The test suite empties its
database between transactional tests with TRUNCATE; it sets ``buurtinbloei.allow_audit_truncate``
for its own connections (tests/settings.py). That is no weaker than before: whoever can set it
owns the table and could drop the trigger as well.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION buurtinbloei_audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('buurtinbloei.allow_audit_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'buurtinbloei_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER buurtinbloei_auditevent_refuse_truncate
    BEFORE TRUNCATE ON buurtinbloei_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION buurtinbloei_audit_refuse_truncate();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS buurtinbloei_auditevent_refuse_truncate ON buurtinbloei_auditevent;
DROP FUNCTION IF EXISTS buurtinbloei_audit_refuse_truncate();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("buurtinbloei", "0004_postcode_area"),
    ]
    operations = [migrations.RunPython(forward, backward)]
