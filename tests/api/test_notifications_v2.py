"""Grouped notifications over the API (/api/v2/notifications, Mastodon 4.3)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import ApiClientFactory, link_urls, path_of
from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.notification import Notification as NotificationEntity
from townsquare.api.schemas.notification_group import (
    GroupedNotificationsResults,
    NotificationPolicy,
)
from townsquare.notifications import grouping
from townsquare.notifications.models import Notification
from townsquare.posts.models import Post
from townsquare.posts.services import boost, like, publish_post
from townsquare.relationships.services import block, follow, unfollow

type Committed = Callable[[], AbstractContextManager[Any]]


@dataclass
class Activity:
    first: Post
    second: Post


def _activity(
    alice: Account, bob: Account, carol: Account, dave: Account, committed: Committed
) -> Activity:
    """Oldest to newest: dave follows; bob, carol, dave like the first post; bob boosts
    it; carol likes the second; bob mentions alice."""
    with committed():
        first = publish_post(author=alice, text="first")
        second = publish_post(author=alice, text="second")
    steps: list[Callable[[], object]] = [
        lambda: follow(follower=dave, followee=alice),
        lambda: like(account=bob, post=first),
        lambda: like(account=carol, post=first),
        lambda: like(account=dave, post=first),
        lambda: boost(account=bob, post=first),
        lambda: like(account=carol, post=second),
        lambda: publish_post(author=bob, text="@alice look"),
    ]
    for step in steps:
        with committed():
            step()
    return Activity(first=first, second=second)


def _results(response: Any) -> GroupedNotificationsResults:
    assert response.status_code == 200, response.content
    return GroupedNotificationsResults.model_validate(response.json())


def _summary(results: GroupedNotificationsResults) -> list[tuple[str, str, int]]:
    return [
        (group.group_key, group.type, group.notifications_count)
        for group in results.notification_groups
    ]


def test_likes_and_boosts_are_grouped_per_post(
    api_client: ApiClientFactory,
    alice: Account,
    bob: Account,
    carol: Account,
    dave: Account,
    committed: Committed,
) -> None:
    done = _activity(alice, bob, carol, dave, committed)
    results = _results(api_client(alice, scopes="read:notifications").get("/api/v2/notifications"))

    mention = Notification.objects.get(recipient=alice, kind="mention")
    followed = Notification.objects.get(recipient=alice, kind="follow")
    assert _summary(results) == [
        (f"ungrouped-{mention.pk}", "mention", 1),
        (f"favourite-{done.second.pk}", "favourite", 1),
        (f"reblog-{done.first.pk}", "reblog", 1),
        (f"favourite-{done.first.pk}", "favourite", 3),
        (f"ungrouped-{followed.pk}", "follow", 1),
    ]
    likes = results.notification_groups[3]
    ids = Notification.objects.filter(kind="favourite", post=done.first).order_by("id")
    assert likes.most_recent_notification_id == str(ids.last().pk)  # type: ignore[union-attr]
    assert (likes.page_min_id, likes.page_max_id) == (str(ids[0].pk), str(ids[2].pk))
    assert likes.sample_account_ids == [str(dave.pk), str(carol.pk), str(bob.pk)]
    assert likes.status_id == str(done.first.pk)
    assert likes.latest_page_notification_at is not None
    assert results.notification_groups[4].status_id is None
    # Each account and post once, whatever the number of groups naming it.
    assert sorted(account.username for account in results.accounts) == ["bob", "carol", "dave"]
    assert len(results.statuses) == 3
    assert {status.id for status in results.statuses} >= {str(done.first.pk)}
    # The v1 list names the same keys.
    v1 = api_client(alice).get("/api/v1/notifications").json()
    keys = [NotificationEntity.model_validate(item).group_key for item in v1]
    assert keys.count(f"favourite-{done.first.pk}") == 3


def test_grouped_types_and_type_filters(
    api_client: ApiClientFactory,
    alice: Account,
    bob: Account,
    carol: Account,
    dave: Account,
    committed: Committed,
) -> None:
    done = _activity(alice, bob, carol, dave, committed)
    client = api_client(alice)
    only_boosts = _results(client.get("/api/v2/notifications", {"grouped_types[]": "reblog"}))
    assert [group.notifications_count for group in only_boosts.notification_groups] == [1] * 7
    assert all(
        group.group_key.startswith("ungrouped-")
        for group in only_boosts.notification_groups
        if group.type == "favourite"
    )
    likes = _results(client.get("/api/v2/notifications", {"types[]": "favourite"}))
    assert _summary(likes) == [
        (f"favourite-{done.second.pk}", "favourite", 1),
        (f"favourite-{done.first.pk}", "favourite", 3),
    ]
    no_likes = _results(
        client.get("/api/v2/notifications", {"exclude_types[]": ["favourite", "mention"]})
    )
    assert [group.type for group in no_likes.notification_groups] == ["reblog", "follow"]
    from_carol = _results(client.get("/api/v2/notifications", {"account_id": str(carol.pk)}))
    assert [group.notifications_count for group in from_carol.notification_groups] == [1, 1]


def test_pages_walk_every_notification_once_with_link_headers(
    api_client: ApiClientFactory,
    alice: Account,
    bob: Account,
    carol: Account,
    dave: Account,
    committed: Committed,
) -> None:
    done = _activity(alice, bob, carol, dave, committed)
    client = api_client(alice)
    path = "/api/v2/notifications?limit=2"
    seen: list[tuple[str, int]] = []
    for _ in range(10):
        response = client.get(path)
        page = _results(response)
        if not page.notification_groups:
            break
        seen += [(group.group_key, group.notifications_count) for group in page.notification_groups]
        links = link_urls(response)
        assert "limit=2" in links["next"]
        path = path_of(links["next"])
    mention = Notification.objects.get(recipient=alice, kind="mention")
    followed = Notification.objects.get(recipient=alice, kind="follow")
    # As in Mastodon, a page spans from its newest to its oldest group's most recent
    # notification; a group's older ones come again with the next page (clients merge them).
    assert seen == [
        (f"ungrouped-{mention.pk}", 1),
        (f"favourite-{done.second.pk}", 1),
        (f"reblog-{done.first.pk}", 1),
        (f"favourite-{done.first.pk}", 3),
        (f"favourite-{done.first.pk}", 2),
        (f"ungrouped-{followed.pk}", 1),
    ]

    newest = _results(client.get("/api/v2/notifications?limit=1"))
    top = newest.notification_groups[0].page_max_id
    assert _results(client.get(f"/api/v2/notifications?min_id={top}")).notification_groups == []
    oldest = Notification.objects.filter(recipient=alice).order_by("id").first()
    assert oldest is not None
    after_oldest = _results(client.get(f"/api/v2/notifications?min_id={oldest.pk}&limit=1"))
    assert [group.type for group in after_oldest.notification_groups] == ["favourite"]
    since = _results(client.get(f"/api/v2/notifications?since_id={oldest.pk}"))
    assert sum(group.notifications_count for group in since.notification_groups) == 6
    # Absurd paging answers an empty page, never an error.
    assert client.get("/api/v2/notifications?max_id=abc&limit=-5").status_code == 200


def test_one_group_and_its_privacy(
    api_client: ApiClientFactory,
    alice: Account,
    bob: Account,
    carol: Account,
    dave: Account,
    committed: Committed,
) -> None:
    done = _activity(alice, bob, carol, dave, committed)
    client = api_client(alice)
    key = f"favourite-{done.first.pk}"
    one = _results(client.get(f"/api/v2/notifications/{key}"))
    assert _summary(one) == [(key, "favourite", 3)]
    assert one.notification_groups[0].page_min_id is None
    assert [status.id for status in one.statuses] == [str(done.first.pk)]

    missing = client.get("/api/v2/notifications/favourite-999999")
    assert missing.status_code == 404
    # Someone else's group answers like a missing one.
    assert api_client(bob).get(f"/api/v2/notifications/{key}").json() == missing.json()
    assert api_client(bob).get(f"/api/v2/notifications/{key}").status_code == 404
    for bad in ("nonsense", "mention-1", "favourite-x", "ungrouped--1", "favourite-" + "9" * 30):
        assert client.get(f"/api/v2/notifications/{bad}").status_code == 404

    # A blocked liker drops out of the group, the list and the count.
    block(blocker=alice, blocked=dave)
    one = _results(client.get(f"/api/v2/notifications/{key}"))
    assert one.notification_groups[0].notifications_count == 2
    assert str(dave.pk) not in one.notification_groups[0].sample_account_ids
    listed = _results(client.get("/api/v2/notifications"))
    assert all(account.id != str(dave.pk) for account in listed.accounts)


def test_a_post_the_recipient_can_no_longer_see_hides_its_group(
    api_client: ApiClientFactory, alice: Account, bob: Account, committed: Committed
) -> None:
    with committed():
        follow(follower=alice, followee=bob, notify=True)
    with committed():
        publish_post(author=bob, text="for followers", visibility="followers")
    client = api_client(alice)
    told = Notification.objects.get(recipient=alice, kind="status")
    key = f"ungrouped-{told.pk}"
    assert client.get(f"/api/v2/notifications/{key}").status_code == 200
    assert client.get("/api/v2/notifications/unread_count").json() == {"count": 1}

    unfollow(follower=alice, followee=bob)
    assert client.get(f"/api/v2/notifications/{key}").status_code == 404
    listed = _results(client.get("/api/v2/notifications"))
    assert listed.notification_groups == []
    assert listed.statuses == []
    assert client.get("/api/v2/notifications/unread_count").json() == {"count": 0}


def test_dismissing_a_group(
    api_client: ApiClientFactory,
    alice: Account,
    bob: Account,
    carol: Account,
    dave: Account,
    committed: Committed,
) -> None:
    done = _activity(alice, bob, carol, dave, committed)
    key = f"favourite-{done.first.pk}"
    # Someone else's group, or a read-only token, changes nothing.
    assert api_client(bob).post(f"/api/v2/notifications/{key}/dismiss").status_code == 404
    read_only = api_client(alice, scopes="read")
    assert read_only.post(f"/api/v2/notifications/{key}/dismiss").status_code == 403
    assert Notification.objects.filter(recipient=alice, kind="favourite").count() == 4

    client = api_client(alice, scopes="write:notifications")
    assert client.post(f"/api/v2/notifications/{key}/dismiss").json() == {}
    assert Notification.objects.filter(recipient=alice, kind="favourite").count() == 1
    assert client.post(f"/api/v2/notifications/{key}/dismiss").status_code == 404
    followed = Notification.objects.get(recipient=alice, kind="follow")
    assert client.post(f"/api/v2/notifications/ungrouped-{followed.pk}/dismiss").status_code == 200
    assert not Notification.objects.filter(pk=followed.pk).exists()
    # The reblog of the same post is another group and stays.
    assert Notification.objects.filter(recipient=alice, kind="reblog").count() == 1


def test_unread_count_counts_groups(
    api_client: ApiClientFactory,
    alice: Account,
    bob: Account,
    carol: Account,
    dave: Account,
    committed: Committed,
) -> None:
    _activity(alice, bob, carol, dave, committed)
    client = api_client(alice, scopes="read:notifications")
    assert client.get("/api/v2/notifications/unread_count").json() == {"count": 5}
    assert client.get("/api/v2/notifications/unread_count?limit=2").json() == {"count": 2}
    ungrouped = client.get("/api/v2/notifications/unread_count?grouped_types[]=reblog")
    assert ungrouped.json() == {"count": 7}
    assert client.get("/api/v2/notifications/unread_count?types[]=favourite").json() == {"count": 2}
    Notification.objects.filter(recipient=alice, kind="favourite").update(is_read=True)
    assert client.get("/api/v2/notifications/unread_count").json() == {"count": 3}


def test_scopes_and_anonymous(api_client: ApiClientFactory, anonymous: Client, alice: Account):
    for path in (
        "/api/v2/notifications",
        "/api/v2/notifications/unread_count",
        "/api/v2/notifications/policy",
    ):
        assert anonymous.get(path).status_code == 401
        assert api_client(alice, scopes="write").get(path).status_code == 403
        assert api_client(alice, scopes="read:statuses").get(path).status_code == 403
        assert api_client(alice, scopes="read:notifications").get(path).status_code == 200


def test_policy_answers_accept_everything(api_client: ApiClientFactory, alice: Account) -> None:
    response = api_client(alice).get("/api/v2/notifications/policy")
    policy = NotificationPolicy.model_validate(response.json())
    assert policy.for_not_following == "accept"
    assert policy.for_private_mentions == "accept"
    assert policy.summary.pending_notifications_count == 0


def test_queries_do_not_grow_with_groups(
    api_client: ApiClientFactory, alice: Account, committed: Committed
) -> None:
    with committed():
        posts = [publish_post(author=alice, text=f"post {n}") for n in range(6)]
    fans = AccountFactory.create_batch(3)
    for post in posts:
        for fan in fans:
            with committed():
                like(account=fan, post=post)
                boost(account=fan, post=post)
    client = api_client(alice)
    client.get("/api/v2/notifications?limit=1")
    counts = []
    for limit in (2, 12):
        with CaptureQueriesContext(connection) as captured:
            results = _results(client.get(f"/api/v2/notifications?limit={limit}"))
        assert len(results.notification_groups) == limit
        assert all(group.notifications_count == 3 for group in results.notification_groups)
        assert all(len(group.sample_account_ids) == 3 for group in results.notification_groups)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_pages_read_the_history_in_chunks_and_stop_early(
    api_client: ApiClientFactory,
    alice: Account,
    bob: Account,
    carol: Account,
    dave: Account,
    committed: Committed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _activity(alice, bob, carol, dave, committed)
    client = api_client(alice)
    whole = _summary(_results(client.get("/api/v2/notifications")))
    monkeypatch.setattr(grouping, "SCAN_CHUNK", 2)
    assert _summary(_results(client.get("/api/v2/notifications"))) == whole
    # A capped walk answers a short page whose next link goes on where it stopped.
    monkeypatch.setattr(grouping, "MAX_SCAN", 2)
    response = client.get("/api/v2/notifications")
    short = _results(response)
    assert [group.type for group in short.notification_groups] == ["mention", "favourite"]
    rest = _results(client.get(path_of(link_urls(response)["next"])))
    assert [group.type for group in rest.notification_groups] == ["reblog", "favourite"]
