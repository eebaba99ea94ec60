from datetime import timedelta

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "townsquare.notifications"
    label = "notifications"

    def ready(self) -> None:
        # Imported here because subscribers and tasks load models, which aren't ready at
        # import time.
        from townsquare.core.periodic import every
        from townsquare.notifications import subscribers, tasks

        subscribers.register()
        # Each poll has a task queued for its end; this pass catches any that were lost.
        every(timedelta(minutes=5), tasks.notify_recently_ended_polls_task)
