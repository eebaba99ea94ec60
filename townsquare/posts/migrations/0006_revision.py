"""Posts and accounts say when they changed (``core.revisions``)."""

from django.db import migrations

from townsquare.core.revisions import add_revision_column


class Migration(migrations.Migration):
    dependencies = [("posts", "0005_post_edit_poll_options_and_poll_end_index")]

    operations = add_revision_column("posts", "post")
