"""GroupedNotificationsResults and NotificationGroup (Mastodon 4.3, /api/v2/notifications);
NotificationPolicy."""

from __future__ import annotations

from ninja import Schema

from townsquare.api.schemas.account import Account
from townsquare.api.schemas.entity import Entity
from townsquare.api.schemas.status import Status


class NotificationGroup(Entity):
    group_key: str
    notifications_count: int
    type: str
    most_recent_notification_id: str
    page_min_id: str | None = None
    page_max_id: str | None = None
    latest_page_notification_at: str | None = None
    sample_account_ids: list[str]
    status_id: str | None = None


class GroupedNotificationsResults(Entity):
    accounts: list[Account]
    statuses: list[Status]
    notification_groups: list[NotificationGroup]


class NotificationPolicySummary(Entity):
    pending_requests_count: int
    pending_notifications_count: int


class NotificationPolicy(Entity):
    for_not_following: str
    for_not_followers: str
    for_new_accounts: str
    for_private_mentions: str
    for_limited_accounts: str
    summary: NotificationPolicySummary


class NotificationPolicyIn(Schema):
    for_not_following: str | None = None
    for_not_followers: str | None = None
    for_new_accounts: str | None = None
    for_private_mentions: str | None = None
    for_limited_accounts: str | None = None
