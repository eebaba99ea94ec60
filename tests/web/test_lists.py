"""The list pages: create, change, delete, a list's feed with paging, its members, exclusive."""

from __future__ import annotations

import html
import re

from django.test import Client

from tests.web.relationship_pages import client_for
from townsquare.accounts.models import Account
from townsquare.posts.services import publish_post
from townsquare.relationships.services import follow
from townsquare.timelines import services
from townsquare.timelines.models import List, ListMember

LOAD_MORE = re.compile(r'<a class="load-more" href="([^"]+)"')


def _list_of(owner: Account, title: str = "Friends", **options: object) -> List:
    return services.create_list(owner=owner, title=title, **options)  # type: ignore[arg-type]


def test_the_lists_page_needs_a_log_in() -> None:
    response = Client().get("/lists")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_create_rename_and_delete_a_list(alice: Account) -> None:
    client = client_for(alice)
    response = client.post(
        "/lists/new",
        {"new-title": "Gardeners", "new-replies_policy": "followed", "new-is_exclusive": "on"},
    )
    feed = List.objects.get(owner=alice)
    assert response.status_code == 302
    assert (feed.title, feed.replies_policy, feed.is_exclusive) == ("Gardeners", "followed", True)
    assert "Gardeners" in client.get("/lists").content.decode()

    prefix = f"list{feed.pk}"
    client.post(
        f"/lists/{feed.pk}/edit",
        {f"{prefix}-title": "Allotment", f"{prefix}-replies_policy": "none"},
    )
    feed.refresh_from_db()
    assert (feed.title, feed.replies_policy, feed.is_exclusive) == ("Allotment", "none", False)

    client.post(f"/lists/{feed.pk}/delete")
    assert not List.objects.filter(pk=feed.pk).exists()


def test_a_bad_title_is_a_message_not_a_list(alice: Account) -> None:
    client = client_for(alice)
    response = client.post(
        "/lists/new", {"new-title": "   ", "new-replies_policy": "list"}, follow=True
    )
    assert not List.objects.filter(owner=alice).exists()
    assert "Title: This field is required." in response.content.decode()
    response = client.post(
        "/lists/new", {"new-title": "x", "new-replies_policy": "<b>all</b>"}, follow=True
    )
    assert not List.objects.filter(owner=alice).exists()
    assert "<b>all</b>" not in response.content.decode()


def test_someone_elses_list_is_a_404_on_every_page_and_action(alice: Account, bob: Account) -> None:
    feed = _list_of(alice, "Private")
    client = client_for(bob)
    for url in (f"/lists/{feed.pk}", f"/lists/{feed.pk}/members"):
        assert client.get(url).status_code == 404
    for url in (f"/lists/{feed.pk}/edit", f"/lists/{feed.pk}/delete"):
        assert client.post(url, {f"list{feed.pk}-title": "Mine now"}).status_code == 404
    assert client.post(f"/lists/{feed.pk}/members/add", {"username": "alice"}).status_code == 404
    feed.refresh_from_db()
    assert feed.title == "Private"
    assert "Private" not in client.get("/lists").content.decode()


def test_members_are_added_from_people_followed_and_removed(
    alice: Account, bob: Account, carol: Account, committed
) -> None:
    with committed():
        follow(follower=alice, followee=bob)
    feed = _list_of(alice)
    client = client_for(alice)

    page = client.get(f"/lists/{feed.pk}/members").content.decode()
    assert "@bob" in page
    assert "@carol" not in page  # not followed, so not offered

    client.post(f"/lists/{feed.pk}/members/add", {"username": "bob"})
    assert ListMember.objects.filter(list=feed, account=bob).exists()
    response = client.post(f"/lists/{feed.pk}/members/add", {"username": "carol"}, follow=True)
    assert not ListMember.objects.filter(list=feed, account=carol).exists()
    assert "You can only add people you follow" in response.content.decode()

    client.post(f"/lists/{feed.pk}/members/remove", {"username": "bob"})
    assert not ListMember.objects.filter(list=feed).exists()


def test_add_to_list_from_a_profile_of_someone_followed(
    alice: Account, bob: Account, carol: Account, committed
) -> None:
    with committed():
        follow(follower=alice, followee=bob)
    feed = _list_of(alice, "Neighbours")
    client = client_for(alice)
    assert "Add to list" in client.get("/@bob").content.decode()
    assert "Add to list" not in client.get("/@carol").content.decode()

    page = client.get("/lists/people/bob").content.decode()
    assert "Add to Neighbours" in page
    response = client.post(
        f"/lists/{feed.pk}/members/add", {"username": "bob", "next": "/lists/people/bob"}
    )
    assert response["Location"] == "/lists/people/bob"
    assert "Remove from Neighbours" in client.get("/lists/people/bob").content.decode()


def test_a_list_feed_pages_like_home(alice: Account, bob: Account, committed) -> None:
    with committed():
        follow(follower=alice, followee=bob)
        for number in range(5):
            publish_post(author=bob, text=f"note item-{number}-mark")
    feed = _list_of(alice)
    services.add_to_list(feed=feed, accounts=[bob])
    client = client_for(alice)

    body = client.get(f"/lists/{feed.pk}?limit=3").content.decode()
    assert re.findall(r"item-(\d)-mark", body)[:1] == ["4"]
    link = LOAD_MORE.search(body)
    assert link is not None
    more = client.get(html.unescape(link.group(1)), headers={"HX-Request": "true"})
    rest = more.content.decode()
    assert "<html" not in rest
    assert {"1", "0"} <= set(re.findall(r"item-(\d)-mark", rest))
    assert "item-4-mark" not in rest


def test_exclusive_members_are_in_their_list_not_in_home(
    alice: Account, bob: Account, committed
) -> None:
    with committed():
        follow(follower=alice, followee=bob)
        publish_post(author=bob, text="only-in-the-list-mark")
    feed = _list_of(alice, "Bob only", is_exclusive=True)
    services.add_to_list(feed=feed, accounts=[bob])
    client = client_for(alice)
    assert "only-in-the-list-mark" not in client.get("/").content.decode()
    assert "only-in-the-list-mark" in client.get(f"/lists/{feed.pk}").content.decode()
