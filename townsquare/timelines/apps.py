from django.apps import AppConfig


class TimelinesConfig(AppConfig):
    name = "townsquare.timelines"
    label = "timelines"

    def ready(self) -> None:
        # Imported here because subscribers load models, which aren't ready at import time.
        from townsquare.timelines import subscribers

        subscribers.register()
