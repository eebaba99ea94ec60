"""``townsquare publish_scheduled``: publish every scheduled post whose time has come.

Each scheduled post has its own task queued for its time, and every task worker's clock
runs this pass once a minute as a safety net for lost tasks; the command runs it now.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from townsquare.posts.services.scheduling import publish_due_scheduled_posts


class Command(BaseCommand):
    help = "Publish the scheduled posts that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        published = publish_due_scheduled_posts()
        self.stdout.write(f"Published {published} scheduled post(s).")
