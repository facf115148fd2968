"""Load Eindhoven's 7 stadsdelen, 19 wijken and 110 buurten and the 8 default wijkteams.

The CSV ships in buurtinbloei/data/ (copied from the shared reference data). The wijk-to-wijkteam
assignment is a default that a beheerder can change afterwards in /beheer/.
"""

from django.db import migrations

from buurtinbloei.geography import load_reference_data


def load(apps, schema_editor):
    load_reference_data(
        **{name: apps.get_model("buurtinbloei", name)
           for name in ("Wijkteam", "Stadsdeel", "Wijk", "Buurt")}
    )


def unload(apps, schema_editor):
    for model in ("Buurt", "Wijk", "Stadsdeel", "Wijkteam"):
        apps.get_model("buurtinbloei", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("buurtinbloei", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
