"""Load the curated talent list (talents/data/talents.csv), all approved."""

from django.db import migrations

from talents.curated import load_curated_talents


def load(apps, schema_editor):
    load_curated_talents(Talent=apps.get_model("talents", "Talent"))


class Migration(migrations.Migration):
    dependencies = [("talents", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
