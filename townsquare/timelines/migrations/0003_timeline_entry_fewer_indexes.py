"""Timeline rows drop two indexes the unique (owner, post) index already serves.

The owner's own index goes by name rather than by ``AlterField``: on SQLite that would
copy the whole table (millions of rows on a large server) to change nothing else.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The name Django gave the foreign key's index on both databases.
OWNER_INDEX = "timelines_timelineentry_owner_id_25e79f97"


class Migration(migrations.Migration):
    dependencies = [
        ("timelines", "0002_lists_followed_tags_conversations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="timelineentry", name="timeline_owner_post"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="timelineentry",
                    name="owner",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="timeline_entries",
                        to=settings.AUTH_USER_MODEL,
                    ),
                )
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{OWNER_INDEX}"',
                    reverse_sql=(
                        f'CREATE INDEX "{OWNER_INDEX}" ON "timelines_timelineentry" ("owner_id")'
                    ),
                )
            ],
        ),
    ]
