"""A match may end without ever having started (stopped after the introduction): only a
*started* match must have its start date. Such a match never counts for the KPI."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("matches", "0002_requests_from_taken_signups")]

    operations = [
        migrations.RemoveConstraint(model_name="match", name="match_started_has_date"),
        migrations.AddConstraint(
            model_name="match",
            constraint=models.CheckConstraint(
                condition=~models.Q(status="started") | models.Q(started_on__isnull=False),
                name="match_started_has_date",
            ),
        ),
    ]
