"""The notifications page, the unread badge in the navigation, and marking them read."""

from __future__ import annotations

import html
import re

from django.test import Client

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.notifications.selectors import unread_count
from townsquare.posts.services import boost, like, publish_post
from townsquare.relationships.services import follow

BADGE = re.compile(r'<span class="badge"[^>]*>(\d+)</span>')


def _client(account: Account) -> Client:
    client = Client()
    client.force_login(account)
    return client


def _badge(client: Client) -> int | None:
    """The unread count shown in the navigation of an ordinary page, if any."""
    body = client.get("/local").content.decode()
    found = BADGE.search(body)
    return int(found.group(1)) if found else None


def test_notifications_need_log_in(db: None) -> None:
    response = Client().get("/notifications")

    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_each_kind_names_the_actor_and_links_the_post(
    alice: Account, bob: Account, carol: Account, committed
) -> None:
    with committed():
        post = publish_post(author=alice, text="my garden today excerpt-mark")
        like(account=bob, post=post)
        boost(account=carol, post=post)
        follow(follower=carol, followee=alice)
        publish_post(author=bob, text="@alice hello mention-mark")

    body = _client(alice).get("/notifications").content.decode()

    assert "liked your post" in body
    assert "boosted your post" in body
    assert "followed you" in body
    assert "mentioned you" in body
    assert 'href="/@bob"' in body
    assert 'href="/@carol"' in body
    assert f'href="/@alice/{post.id}"' in body
    assert "excerpt-mark" in body
    assert "mention-mark" in body


def test_unread_ones_are_marked_then_read_after_viewing(
    alice: Account, bob: Account, committed
) -> None:
    with committed():
        post = publish_post(author=alice, text="hello")
        like(account=bob, post=post)
    client = _client(alice)

    first = client.get("/notifications").content.decode()
    second = client.get("/notifications").content.decode()

    assert 'class="card notification notification-favourite unread"' in first
    assert "liked your post" in second
    assert " unread" not in second.split("<main", 1)[1]
    assert unread_count(alice) == 0


def test_badge_counts_unread_and_mark_all_read_clears_it(
    alice: Account, bob: Account, carol: Account, committed
) -> None:
    with committed():
        post = publish_post(author=alice, text="hello")
        like(account=bob, post=post)
        like(account=carol, post=post)
    client = _client(alice)

    before = _badge(client)
    response = client.post("/notifications/read")
    after = _badge(client)

    assert before == 2
    assert response.status_code == 302
    assert response["Location"] == "/notifications"
    assert after is None


def test_mark_all_read_needs_a_post(alice: Account) -> None:
    assert _client(alice).get("/notifications/read").status_code == 405


def test_actor_names_are_escaped(alice: Account, committed) -> None:
    mallory = AccountFactory.create(username="mallory", display_name="<img src=x onerror=alert(1)>")
    with committed():
        post = publish_post(author=alice, text="hello")
        like(account=mallory, post=post)

    body = _client(alice).get("/notifications").content.decode()

    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


def test_mentions_filter_leaves_out_likes(alice: Account, bob: Account, committed) -> None:
    with committed():
        post = publish_post(author=alice, text="hello")
        like(account=bob, post=post)
        publish_post(author=bob, text="@alice look mention-mark")

    body = _client(alice).get("/notifications?filter=mentions").content.decode()

    assert "mention-mark" in body
    assert "liked your post" not in body


def test_load_more_pages_through_older_notifications(alice: Account, committed) -> None:
    fans = [AccountFactory.create(username=f"fan{number}") for number in range(3)]
    with committed():
        post = publish_post(author=alice, text="hello")
        for fan in fans:
            like(account=fan, post=post)
    client = _client(alice)

    first = client.get("/notifications?limit=2").content.decode()
    link = re.search(r'<a class="load-more" href="([^"]+)"', first)
    assert link is not None
    second = client.get(
        f"/notifications{html.unescape(link.group(1))}", headers={"HX-Request": "true"}
    ).content.decode()

    assert [name for name in ("fan2", "fan1", "fan0") if f'href="/@{name}"' in first] == [
        "fan2",
        "fan1",
    ]
    assert 'href="/@fan0"' in second
    assert "<html" not in second
    assert "load-more" not in second
