"""Posts and accounts say when they changed (``core.revisions``)."""

from django.db import migrations

from townsquare.core.revisions import add_revision_column


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_account_is_indexable")]

    operations = add_revision_column("accounts", "account")
