import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("buurtinbloei", "0004_postcode_area"),
        ("talents", "0004_signup_reachable_until_done"),
    ]

    operations = [
        migrations.AddField(
            model_name="resident",
            name="fallback_wijkteam",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="buurtinbloei.wijkteam",
                verbose_name="wijkteam (buurt onbekend)",
            ),
        ),
    ]
