"""Mastodon.py, a client nobody on the team wrote, against a live server on loopback."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from mastodon import Mastodon, MastodonNotFoundError
from PIL import Image

from tests.api.e2e.conftest import (
    OOB,
    SCOPES,
    MastodonFor,
    register_app,
    unauthenticated,
)
from townsquare.accounts.models import Account

pytestmark = pytest.mark.slow


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 40, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def test_log_in_by_password_with_the_email_address(
    server: str, mastodon_for: MastodonFor, alice: Account
) -> None:
    me = mastodon_for(alice).account_verify_credentials()
    assert me["username"] == "alice"
    assert str(me["id"]) == str(alice.pk)


def consent(path: str, alice: Account) -> str:
    """Allow the app on the consent page as a logged-in alice; returns the shown code."""
    browser = Client()
    browser.force_login(alice)
    page = browser.get(path)
    assert page.status_code == 200, page.content[:500]
    fields = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.content.decode())
    )
    assert fields["client_id"], "the consent form carries the app"
    shown = browser.post(path, fields | {"allow": "Authorize"})
    assert shown.status_code == 200, shown.content[:500]
    match = re.search(r'value="([^"]+)"[^>]*id="oauth-code"', shown.content.decode())
    assert match is not None and match.group(1), shown.content[:500]
    return match.group(1)


def test_log_in_by_authorization_code(server: str, alice: Account) -> None:
    client_id, client_secret = register_app(server)
    client = unauthenticated(server, client_id, client_secret)
    url = client.auth_request_url(redirect_uris=OOB, scopes=SCOPES, allow_http=True)
    parts = urlsplit(url)
    code = consent(f"{parts.path}?{parts.query}", alice)

    client.log_in(code=code, redirect_uri=OOB, scopes=SCOPES, allow_http=True)

    assert client.account_verify_credentials()["username"] == "alice"


def test_post_with_an_image_and_a_content_warning(
    server: str, mastodon_for: MastodonFor, alice: Account, bob: Account
) -> None:
    client = mastodon_for(alice)
    media = client.media_post(png_bytes(), mime_type="image/png", description="A red square")
    posted = client.status_post(
        "Look at this", media_ids=[media["id"]], spoiler_text="Colours", sensitive=True
    )

    seen = mastodon_for(bob).status(posted["id"])
    assert seen["spoiler_text"] == "Colours"
    assert seen["sensitive"] is True
    assert [item["description"] for item in seen["media_attachments"]] == ["A red square"]
    assert seen["media_attachments"][0]["type"] == "image"


def test_home_timeline_pages_by_link_headers(
    server: str, mastodon_for: MastodonFor, alice: Account, bob: Account
) -> None:
    reader, writer = mastodon_for(alice), mastodon_for(bob)
    relationship = reader.account_follow(bob.pk)
    assert relationship["following"] is True
    posted = [writer.status_post(f"Post number {number}")["id"] for number in range(7)]

    pages = [reader.timeline_home(limit=3)]
    while len(pages) < 3:
        following = reader.fetch_next(pages[-1])
        assert following is not None, "a Link header leads to the next page"
        pages.append(following)

    assert [len(page) for page in pages] == [3, 3, 1]
    assert [status["id"] for page in pages for status in page] == list(reversed(posted))


def test_notifications_of_follows_mentions_and_favourites(
    server: str, mastodon_for: MastodonFor, alice: Account, bob: Account
) -> None:
    mine, theirs = mastodon_for(alice), mastodon_for(bob)
    post = mine.status_post("Hello")
    theirs.account_follow(alice.pk)
    theirs.status_post("Hi @alice")
    theirs.status_favourite(post["id"])

    notifications = mine.notifications()
    assert sorted(item["type"] for item in notifications) == ["favourite", "follow", "mention"]
    assert {item["account"]["username"] for item in notifications} == {"bob"}

    mine.notifications_clear()
    assert mine.notifications() == []


def test_search_finds_accounts_and_hashtags(
    server: str, mastodon_for: MastodonFor, alice: Account, bob: Account
) -> None:
    client = mastodon_for(alice)
    mastodon_for(bob).status_post("Gardening day #allotment")

    assert [account["username"] for account in client.account_search("bo")] == ["bob"]
    results = client.search_v2("#allot")
    assert [tag["name"] for tag in results["hashtags"]] == ["allotment"]
    assert [account["username"] for account in client.search_v2("ali")["accounts"]] == ["alice"]


def test_direct_messages_reach_only_the_mentioned(
    server: str, mastodon_for: MastodonFor, alice: Account, bob: Account, carol: Account
) -> None:
    sender, recipient, stranger = mastodon_for(alice), mastodon_for(bob), mastodon_for(carol)
    sent = sender.status_post("@bob the code is 1234", visibility="direct")
    assert sent["visibility"] == "direct"

    mentions = recipient.notifications(types=["mention"])
    assert [item["status"]["id"] for item in mentions] == [sent["id"]]
    conversations = recipient.conversations()
    assert [conversation["last_status"]["id"] for conversation in conversations] == [sent["id"]]
    assert [account["username"] for account in conversations[0]["accounts"]] == ["alice"]
    with pytest.raises(MastodonNotFoundError):
        stranger.status(sent["id"])
    assert stranger.conversations() == []


def test_an_anonymous_client_reads_the_public_timeline(
    server: str, mastodon_for: MastodonFor, alice: Account
) -> None:
    posted = mastodon_for(alice).status_post("Out in the open")
    anonymous = Mastodon(api_base_url=server, request_timeout=60)
    assert [status["id"] for status in anonymous.timeline_public()] == [posted["id"]]


def test_lists_followed_tags_and_reading_conversations(
    server: str, mastodon_for: MastodonFor, alice: Account, bob: Account, carol: Account
) -> None:
    reader, writer = mastodon_for(alice), mastodon_for(bob)
    reader.account_follow(bob.pk)
    reader.account_follow(carol.pk)
    family = reader.list_create("Family")
    reader.list_accounts_add(family["id"], [bob.pk])
    assert [account["username"] for account in reader.list_accounts(family["id"])] == ["bob"]
    by_bob = writer.status_post("Sunday lunch #family")
    mastodon_for(carol).status_post("Not family")
    assert [status["id"] for status in reader.timeline_list(family["id"])] == [by_bob["id"]]
    reader.list_accounts_delete(family["id"], [bob.pk])
    assert reader.timeline_list(family["id"]) == []
    reader.list_delete(family["id"])
    assert reader.lists() == []

    assert reader.tag_follow("family")["following"] is True
    assert [tag["name"] for tag in reader.followed_tags()] == ["family"]

    writer.status_post("@alice psst", visibility="direct")
    conversation = reader.conversations()[0]
    assert conversation["unread"] is True
    assert reader.conversations_read(conversation["id"])["unread"] is False


def test_a_poll_is_posted_voted_in_and_read(
    server: str, mastodon_for: MastodonFor, alice: Account, bob: Account
) -> None:
    author, voter = mastodon_for(alice), mastodon_for(bob)
    poll = author.make_poll(["Tea", "Coffee", "Water"], expires_in=3600, multiple=True)
    posted = author.status_post("What do you drink?", poll=poll)
    assert [option["title"] for option in posted["poll"]["options"]] == ["Tea", "Coffee", "Water"]
    assert posted["poll"]["multiple"] is True

    voted = voter.poll_vote(posted["poll"]["id"], [0, 2])
    assert voted["voted"] is True
    assert voted["own_votes"] == [0, 2]

    results = author.poll(posted["poll"]["id"])
    assert [option["votes_count"] for option in results["options"]] == [1, 0, 1]
    assert (results["votes_count"], results["voters_count"]) == (2, 1)
    assert results["expired"] is False
    assert voter.status(posted["id"])["poll"]["own_votes"] == [0, 2]
