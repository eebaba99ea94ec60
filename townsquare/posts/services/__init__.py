"""Every write to posts: publishing, editing, deleting, and what people do to posts.

Import from here (``from townsquare.posts.services import publish_post``); the modules
inside are an implementation detail.
"""

from townsquare.posts.services.featuring import MAX_FEATURED_TAGS, feature_tag, unfeature_tag
from townsquare.posts.services.interactions import (
    MAX_PINS,
    bookmark,
    boost,
    like,
    pin,
    unbookmark,
    unboost,
    unlike,
    unpin,
)
from townsquare.posts.services.polls import PollSpec, vote
from townsquare.posts.services.publishing import delete_post, edit_post, publish_post
from townsquare.posts.services.scheduling import (
    cancel_scheduled_post,
    publish_due_scheduled_posts,
    publish_scheduled_post,
    reschedule_post,
    schedule_post,
)

__all__ = [
    "MAX_FEATURED_TAGS",
    "MAX_PINS",
    "PollSpec",
    "bookmark",
    "boost",
    "cancel_scheduled_post",
    "delete_post",
    "edit_post",
    "feature_tag",
    "like",
    "pin",
    "publish_due_scheduled_posts",
    "publish_post",
    "publish_scheduled_post",
    "reschedule_post",
    "schedule_post",
    "unbookmark",
    "unboost",
    "unfeature_tag",
    "unlike",
    "unpin",
    "vote",
]
