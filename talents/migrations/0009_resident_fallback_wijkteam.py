import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("talents", "0008_talent_english_and_offer"),
        ("buurtinbloei", "0004_postcode_area"),
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
