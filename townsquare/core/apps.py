from datetime import timedelta

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "townsquare.core"
    label = "core"

    def ready(self) -> None:
        from townsquare.core import checks  # noqa: F401  (registers the system checks)
        from townsquare.core.periodic import every
        from townsquare.core.revisions import on_post_migrate
        from townsquare.core.tasks import refresh_planner_statistics_task

        every(timedelta(hours=1), refresh_planner_statistics_task)
        # After every migrate (and flush), for each app: its revision triggers are in place.
        post_migrate.connect(on_post_migrate, dispatch_uid="townsquare.core.revisions")
