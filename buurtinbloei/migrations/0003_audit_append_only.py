"""On PostgreSQL, refuse UPDATE and DELETE on the audit log at the database itself."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION buurtinbloei_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'buurtinbloei_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER buurtinbloei_auditevent_append_only
    BEFORE UPDATE OR DELETE ON buurtinbloei_auditevent
    FOR EACH ROW EXECUTE FUNCTION buurtinbloei_audit_append_only();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS buurtinbloei_auditevent_append_only ON buurtinbloei_auditevent;
DROP FUNCTION IF EXISTS buurtinbloei_audit_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("buurtinbloei", "0002_eindhoven_geography")]
    operations = [migrations.RunPython(forward, backward)]
