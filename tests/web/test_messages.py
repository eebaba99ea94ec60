"""Direct messages on the web: the conversations list, a conversation, replies, privacy."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.relationship_pages import client_for
from townsquare.accounts.models import Account
from townsquare.posts.models import Post, Visibility
from townsquare.posts.services import publish_post
from townsquare.relationships.services import follow
from townsquare.timelines.models import ConversationMark
from townsquare.web.views.messages import addressed_text


def _dm(committed, author: Account, text: str, **options: object) -> Post:
    with committed():
        return publish_post(author=author, text=text, visibility="direct", **options)  # type: ignore[arg-type]


def test_the_messages_page_lists_conversations_with_unread(
    alice: Account, bob: Account, committed
) -> None:
    _dm(committed, alice, "@bob secret-plan-mark")
    page = client_for(bob).get("/messages").content.decode()
    assert "Alice" in page
    assert "secret-plan-mark" in page
    assert "Unread" in page
    assert "Unread" not in client_for(alice).get("/messages").content.decode()  # her own


def test_opening_a_conversation_shows_the_thread_and_marks_it_read(
    alice: Account, bob: Account, committed
) -> None:
    first = _dm(committed, alice, "@bob first-mark")
    second = _dm(committed, bob, "@alice second-mark", in_reply_to=first)
    _dm(committed, alice, "@bob third-mark", in_reply_to=second)
    _dm(committed, alice, "@bob @carol another-conversation-mark")
    client = client_for(bob)

    page = client.get(f"/messages/{first.id}").content.decode()
    assert page.index("first-mark") < page.index("second-mark") < page.index("third-mark")
    assert "another-conversation-mark" not in page
    assert ConversationMark.objects.filter(owner=bob, root_id=first.id).exists()
    listed = client.get("/messages").content.decode()
    assert listed.count("Unread") == 1  # only the other conversation


def test_a_reply_goes_directly_to_every_participant(
    alice: Account, bob: Account, carol: Account, committed
) -> None:
    first = _dm(committed, alice, "@bob @carol hello")
    with committed():
        response = client_for(bob).post(f"/messages/{first.id}/reply", {"text": "reply-mark"})
    assert response["Location"] == f"/messages/{first.id}"
    reply = Post.objects.get(author=bob)
    assert reply.visibility == Visibility.DIRECT
    assert reply.in_reply_to_id == first.id
    assert {"@alice", "@carol"} <= set(reply.text.split())
    assert "reply-mark" in client_for(carol).get(f"/messages/{first.id}").content.decode()


def test_an_empty_reply_sends_nothing(alice: Account, bob: Account, committed) -> None:
    first = _dm(committed, alice, "@bob hello")
    client_for(bob).post(f"/messages/{first.id}/reply", {"text": "   "})
    assert not Post.objects.filter(author=bob).exists()


def test_addressed_text_adds_only_missing_mentions(alice: Account, bob: Account) -> None:
    assert addressed_text("hi", [alice, bob]) == "@alice @bob hi"
    assert addressed_text("hi @Bob", [alice, bob]) == "@alice hi @Bob"
    assert addressed_text("hi @bobby", [bob]) == "@bob hi @bobby"


def test_removing_hides_a_conversation_until_a_new_message(
    alice: Account, bob: Account, committed
) -> None:
    first = _dm(committed, alice, "@bob gone-mark")
    client = client_for(bob)
    client.post(f"/messages/{first.id}/remove")
    assert "gone-mark" not in client.get("/messages").content.decode()
    _dm(committed, alice, "@bob back-mark", in_reply_to=first)
    assert "back-mark" in client.get("/messages").content.decode()


def test_the_message_button_prefills_a_direct_post(alice: Account, bob: Account) -> None:
    client = client_for(alice)
    assert "/messages/new?to=bob" in client.get("/@bob").content.decode()
    page = client.get("/messages/new?to=bob").content.decode()
    assert "@bob </textarea>" in page
    assert '<option value="direct" selected>' in page
    assert client.get("/messages/new?to=nobody").status_code == 404


@pytest.mark.parametrize("who", ["carol", "anonymous"])
def test_a_non_participant_gets_404_for_a_conversation(
    alice: Account, bob: Account, carol: Account, committed, who: str
) -> None:
    first = _dm(committed, alice, "@bob private-mark")
    client = client_for(carol) if who == "carol" else Client()
    for url in (f"/messages/{first.id}",):
        response = client.get(url)
        assert response.status_code == (404 if who == "carol" else 302)
        assert "private-mark" not in response.content.decode()
    for action in ("reply", "remove"):
        response = client.post(f"/messages/{first.id}/{action}", {"text": "sneaky"})
        assert response.status_code == (404 if who == "carol" else 302)
    assert not Post.objects.filter(text__contains="sneaky").exists()
    assert client_for(carol).get(f"/messages/{first.id + 1}").status_code == 404


def test_direct_messages_appear_on_no_other_page_for_others(
    alice: Account, bob: Account, carol: Account, committed
) -> None:
    with committed():
        follow(follower=carol, followee=alice)
    _dm(committed, alice, "@bob #secrets whisper-mark")
    carol_client = client_for(carol)
    dm = Post.objects.get(text__contains="whisper-mark")
    for url in (
        "/",
        "/local",
        "/tags/secrets",
        "/@alice",
        "/@alice/replies",
        "/messages",
        "/search?q=whisper",
    ):
        response = carol_client.get(url)
        assert "whisper-mark" not in response.content.decode(), url
    assert carol_client.get(f"/@alice/{dm.id}").status_code == 404
    for url in ("/local", "/tags/secrets", "/@alice"):
        assert "whisper-mark" not in Client().get(url).content.decode(), url
    # A list of carol's with alice in it doesn't show it either.
    from townsquare.timelines import services

    feed = services.create_list(owner=carol, title="Alice")
    services.add_to_list(feed=feed, accounts=[alice])
    assert "whisper-mark" not in carol_client.get(f"/lists/{feed.pk}").content.decode()
