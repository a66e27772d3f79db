"""Store only the SHA-256 of each calendar feed token; existing feed URLs keep working."""

import hashlib

from django.db import migrations, models


def hash_existing_tokens(apps, schema_editor):
    CalendarFeed = apps.get_model("recovery", "CalendarFeed")
    for feed in CalendarFeed.objects.all():
        feed.token_hash = hashlib.sha256(feed.token.encode()).hexdigest()
        feed.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [("recovery", "0004_case_list_indexes")]

    operations = [
        migrations.AddField(
            model_name="calendarfeed", name="token_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        # No way back: a hash cannot be turned into the token again (feeds are re-issued).
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="calendarfeed", name="token"),
        migrations.AlterField(
            model_name="calendarfeed", name="token_hash",
            field=models.CharField(max_length=64, unique=True),
        ),
    ]
