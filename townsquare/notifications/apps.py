from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "townsquare.notifications"
    label = "notifications"

    def ready(self) -> None:
        # Imported here because subscribers load models, which aren't ready at import time.
        from townsquare.notifications import subscribers

        subscribers.register()
