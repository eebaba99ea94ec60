from townsquare.instance.models.announcements import (
    Announcement,
    AnnouncementReaction,
    AnnouncementRead,
)
from townsquare.instance.models.rules import Rule
from townsquare.instance.models.settings import InstanceSettings

__all__ = ["Announcement", "AnnouncementReaction", "AnnouncementRead", "InstanceSettings", "Rule"]
