from datetime import timedelta

from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "townsquare.media"
    label = "media"

    def ready(self) -> None:
        # Imported here because tasks load models, which aren't ready at import time.
        from townsquare.core.periodic import every
        from townsquare.media.tasks import sweep_unattached_media_task

        every(timedelta(hours=1), sweep_unattached_media_task)
