from datetime import timedelta

from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "townsquare.posts"
    label = "posts"

    def ready(self) -> None:
        # Imported here because subscribers and tasks load models, which aren't ready at
        # import time.
        from townsquare.core.periodic import every
        from townsquare.posts import subscribers, tasks

        subscribers.register()
        # Each scheduled post has its own task; this pass catches any that were lost.
        every(timedelta(minutes=1), tasks.publish_due_scheduled_posts_task)
