from townsquare.posts.models.featured_tag import FeaturedTag
from townsquare.posts.models.hashtag import Hashtag, PostHashtag
from townsquare.posts.models.interaction import Bookmark, Like, Pin
from townsquare.posts.models.mention import Mention
from townsquare.posts.models.poll import Poll, PollOption, PollVote
from townsquare.posts.models.post import Post, PostAttachment, PostEdit, Visibility
from townsquare.posts.models.scheduled import ScheduledPost, ScheduledPostMedia

__all__ = [
    "Bookmark",
    "FeaturedTag",
    "Hashtag",
    "Like",
    "Mention",
    "Pin",
    "Poll",
    "PollOption",
    "PollVote",
    "Post",
    "PostAttachment",
    "PostEdit",
    "PostHashtag",
    "ScheduledPost",
    "ScheduledPostMedia",
    "Visibility",
]
