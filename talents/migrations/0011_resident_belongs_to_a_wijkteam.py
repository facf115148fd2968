from django.db import migrations, models


class Migration(migrations.Migration):
    # Separate from the data migration: PostgreSQL refuses to alter a table with pending
    # trigger events from updates in the same transaction.
    dependencies = [
        ("talents", "0010_resident_fallback_wijkteam_fill"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="resident",
            constraint=models.CheckConstraint(
                condition=models.Q(("buurt__isnull", False), ("fallback_wijkteam__isnull", False), _connector="OR"),
                name="resident_belongs_to_a_wijkteam",
            ),
        ),
    ]
