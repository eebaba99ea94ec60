from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "townsquare.core"
    label = "core"

    def ready(self) -> None:
        from townsquare.core import checks  # noqa: F401  (registers the system checks)
