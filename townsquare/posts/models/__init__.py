from townsquare.posts.models.hashtag import Hashtag, PostHashtag
from townsquare.posts.models.interaction import Bookmark, Like, Pin
from townsquare.posts.models.mention import Mention
from townsquare.posts.models.post import Post, PostAttachment, PostEdit, Visibility

__all__ = [
    "Bookmark",
    "Hashtag",
    "Like",
    "Mention",
    "Pin",
    "Post",
    "PostAttachment",
    "PostEdit",
    "PostHashtag",
    "Visibility",
]
