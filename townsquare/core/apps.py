from datetime import timedelta

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "townsquare.core"
    label = "core"

    def ready(self) -> None:
        from townsquare.core import checks  # noqa: F401  (registers the system checks)
        from townsquare.core.periodic import every
        from townsquare.core.tasks import refresh_planner_statistics_task

        every(timedelta(hours=1), refresh_planner_statistics_task)
