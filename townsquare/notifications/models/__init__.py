from townsquare.notifications.models.notification import Notification, NotificationKind

__all__ = ["Notification", "NotificationKind"]
