from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "townsquare.api"
    label = "api"

    def ready(self) -> None:
        # Imported here because subscribers load models, which aren't ready at import time.
        from townsquare.api.streaming import subscribers

        subscribers.register()
