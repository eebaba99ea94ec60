"""Timeline rows drop their (owner, author) index: fan-out wrote every row into it, and
the unfollows and mutes it served find an owner's rows in the unique (owner, post) index,
a home ``TOWNSQUARE_HOME_CAP`` keeps short."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("timelines", "0003_timeline_entry_fewer_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="timelineentry", name="timeline_owner_author"),
    ]
