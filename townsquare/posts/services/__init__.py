"""Every write to posts: publishing, editing, deleting, and what people do to posts.

Import from here (``from townsquare.posts.services import publish_post``); the modules
inside are an implementation detail.
"""

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
from townsquare.posts.services.publishing import delete_post, edit_post, publish_post

__all__ = [
    "MAX_PINS",
    "bookmark",
    "boost",
    "delete_post",
    "edit_post",
    "like",
    "pin",
    "publish_post",
    "unbookmark",
    "unboost",
    "unlike",
    "unpin",
]
