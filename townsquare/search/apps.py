from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "townsquare.search"
    label = "search"

    def ready(self) -> None:
        # Imported here because subscribers load models, which aren't ready at import time.
        from townsquare.search import subscribers

        subscribers.register()
