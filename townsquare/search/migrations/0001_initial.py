from django.db import migrations

from townsquare.search.backends import postgres, sqlite
from townsquare.search.operations import VendorSQL


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0002_account_is_indexable"),
        ("posts", "0001_initial"),
    ]

    operations = [
        VendorSQL("sqlite", sqlite.CREATE_SQL, sqlite.DROP_SQL),
        VendorSQL("postgresql", postgres.CREATE_SQL, postgres.DROP_SQL),
    ]
