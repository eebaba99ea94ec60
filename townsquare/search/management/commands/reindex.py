"""``townsquare reindex``: rebuild the search index from the database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from townsquare.search.services import reindex


class Command(BaseCommand):
    help = "Rebuild the search index of posts and people from scratch."

    def handle(self, *args: Any, **options: Any) -> None:
        accounts, posts = reindex()
        self.stdout.write(f"Indexed {accounts} accounts and {posts} posts.")
