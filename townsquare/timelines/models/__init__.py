from townsquare.timelines.models.conversation import ConversationMark
from townsquare.timelines.models.entry import TimelineEntry
from townsquare.timelines.models.followed_tag import FollowedTag
from townsquare.timelines.models.lists import List, ListMember, RepliesPolicy

__all__ = [
    "ConversationMark",
    "FollowedTag",
    "List",
    "ListMember",
    "RepliesPolicy",
    "TimelineEntry",
]
