"""Who may see what: every viewer x every post visibility x every read path.

One world is built per test: Alice (the author) posts once with an image, mentioning
Mia, at the visibility under test. Then each viewer reads through each path, and the
table says whether the post may appear. Anything not allowed must be absent (lists)
or answer 404 (single objects), the same as a post that doesn't exist.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.api.conftest import token_for
from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.media.services import upload_image
from townsquare.posts.models import Post
from townsquare.posts.services import like, publish_post
from townsquare.relationships.services import block, follow

VIEWERS = ("author", "follower", "stranger", "blocked", "mentioned", "anonymous")
VISIBILITIES = ("public", "unlisted", "followers", "direct")
MARKER = "marker-7f3a"

# Single objects (detail page, the thread around a reply, the image file) follow the rule itself.
SEES_OBJECT = {
    "author": {"public", "unlisted", "followers", "direct"},
    "follower": {"public", "unlisted", "followers"},
    "stranger": {"public", "unlisted"},
    "blocked": set(),
    "mentioned": {"public", "unlisted", "followers", "direct"},
    "anonymous": {"public", "unlisted"},
}
# Home holds what was fanned out: the author's own posts, followers' posts, direct to the mentioned.
SEES_IN_HOME = {
    "author": {"public", "unlisted", "followers", "direct"},
    "follower": {"public", "unlisted", "followers"},
    "stranger": set(),
    "blocked": set(),
    "mentioned": {"direct"},
}
# Local and hashtag timelines show public posts only.
SEES_IN_PUBLIC_FEEDS = {viewer: {"public"} for viewer in VIEWERS} | {"blocked": set()}
# Only the mentioned person is notified, whatever the visibility.
SEES_IN_NOTIFICATIONS: dict[str, set[str]] = {viewer: set() for viewer in VIEWERS} | {
    "mentioned": set(VISIBILITIES)
}


@dataclass
class World:
    people: dict[str, Account]
    post: Post
    reply: Post
    media_id: int

    def client_for(self, viewer: str) -> Client:
        client = Client()
        if viewer != "anonymous":
            client.force_login(self.people[viewer])
        return client


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def world_at(committed, db: None) -> Callable[[str], World]:
    """Build the world with the post under test at a given visibility."""

    def build(visibility: str) -> World:
        names = ("author", "follower", "stranger", "blocked", "mentioned")
        people = {name: AccountFactory.create(username=name) for name in names}
        with committed():
            follow(follower=people["follower"], followee=people["author"])
            follow(follower=people["blocked"], followee=people["author"])
            block(blocker=people["author"], blocked=people["blocked"])
            parent = publish_post(author=people["author"], text=f"parent for {MARKER}")
            media = upload_image(owner=people["author"], file=_png(), description="red square")
            post = publish_post(
                author=people["author"],
                text=f"@mentioned {MARKER} #privacytable",
                visibility=visibility,
                media=[media],
            )
            reply = publish_post(
                author=people["author"],
                text=f"@mentioned reply {MARKER}-reply",
                visibility=visibility,
                in_reply_to=parent,
            )
        return World(people=people, post=post, reply=reply, media_id=media.id)

    return build


def _cases(table: dict[str, set[str]], viewers: tuple[str, ...] = VIEWERS) -> list[object]:
    return [
        pytest.param(viewer, visibility, visibility in table[viewer], id=f"{viewer}-{visibility}")
        for viewer in viewers
        for visibility in VISIBILITIES
    ]


def _body(client: Client, url: str) -> tuple[int, str]:
    response = client.get(url)
    return response.status_code, response.content.decode()


@pytest.mark.parametrize(("viewer", "visibility", "allowed"), _cases(SEES_OBJECT))
def test_detail_page(
    viewer: str, visibility: str, allowed: bool, world_at: Callable[[str], World]
) -> None:
    w = world_at(visibility)
    status, body = _body(w.client_for(viewer), f"/@author/{w.post.id}")
    assert (status, MARKER in body) == ((200, True) if allowed else (404, False))


@pytest.mark.parametrize(("viewer", "visibility", "allowed"), _cases(SEES_OBJECT))
def test_thread_of_the_parent(
    viewer: str, visibility: str, allowed: bool, world_at: Callable[[str], World]
) -> None:
    w = world_at(visibility)
    parent_id = w.reply.in_reply_to_id
    status, body = _body(w.client_for(viewer), f"/@author/{parent_id}")
    if viewer == "blocked":
        assert status == 404
    else:
        assert status == 200
        assert (f"{MARKER}-reply" in body) is allowed


@pytest.mark.parametrize(("viewer", "visibility", "allowed"), _cases(SEES_OBJECT))
def test_image_url(
    viewer: str, visibility: str, allowed: bool, world_at: Callable[[str], World]
) -> None:
    w = world_at(visibility)
    response = w.client_for(viewer).get(f"/files/{w.media_id}/original")
    assert response.status_code == (200 if allowed else 404)


@pytest.mark.parametrize(("viewer", "visibility", "allowed"), _cases(SEES_OBJECT))
def test_image_url_an_app_gets_from_the_api(
    viewer: str, visibility: str, allowed: bool, world_at: Callable[[str], World]
) -> None:
    """An app reads the status with its token, then loads the image without token or cookie."""
    w = world_at(visibility)
    token = "" if viewer == "anonymous" else token_for(w.people[viewer], "read")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    status = Client(headers=headers).get(f"/api/v1/statuses/{w.post.id}")
    assert status.status_code == (200 if allowed else 404)
    if allowed:
        url = status.json()["media_attachments"][0]["url"].removeprefix("http://testserver")
        assert ("?sig=" in url) is (visibility not in {"public", "unlisted"})
        assert Client().get(url).status_code == 200
    plain = Client().get(f"/files/{w.media_id}/original")  # no signature, no session
    assert plain.status_code == (200 if visibility in {"public", "unlisted"} else 404)


@pytest.mark.parametrize(("viewer", "visibility", "allowed"), _cases(SEES_OBJECT))
def test_profile(
    viewer: str, visibility: str, allowed: bool, world_at: Callable[[str], World]
) -> None:
    w = world_at(visibility)
    status, body = _body(w.client_for(viewer), "/@author/replies")
    if viewer == "blocked":
        assert status == 404
    else:
        assert status == 200
        assert _shows_post(body) is allowed


@pytest.mark.parametrize(
    ("viewer", "visibility", "allowed"),
    _cases(SEES_IN_HOME, viewers=("author", "follower", "stranger", "blocked", "mentioned")),
)
def test_home_timeline(
    viewer: str, visibility: str, allowed: bool, world_at: Callable[[str], World]
) -> None:
    w = world_at(visibility)
    status, body = _body(w.client_for(viewer), "/")
    assert status == 200
    assert _shows_post(body) is allowed


@pytest.mark.parametrize("path", ["/local", "/tags/privacytable"])
@pytest.mark.parametrize(("viewer", "visibility", "allowed"), _cases(SEES_IN_PUBLIC_FEEDS))
def test_public_feeds(
    path: str, viewer: str, visibility: str, allowed: bool, world_at: Callable[[str], World]
) -> None:
    w = world_at(visibility)
    status, body = _body(w.client_for(viewer), path)
    assert status == 200
    assert _shows_post(body) is allowed


@pytest.mark.parametrize(
    ("viewer", "visibility", "allowed"),
    _cases(
        SEES_IN_NOTIFICATIONS, viewers=("author", "follower", "stranger", "blocked", "mentioned")
    ),
)
def test_notifications(
    viewer: str, visibility: str, allowed: bool, world_at: Callable[[str], World]
) -> None:
    w = world_at(visibility)
    status, body = _body(w.client_for(viewer), "/notifications")
    assert status == 200
    assert _shows_post(body) is allowed


# Explore's trends count public posts only, and never for someone blocked either way.
SEES_IN_TRENDS = SEES_IN_PUBLIC_FEEDS


@pytest.mark.parametrize(("viewer", "visibility", "allowed"), _cases(SEES_IN_TRENDS))
def test_explore_trends(
    viewer: str, visibility: str, allowed: bool, world_at: Callable[[str], World]
) -> None:
    w = world_at(visibility)
    like(account=w.people["mentioned"], post=w.post)  # engagement, so it could trend
    cache.clear()
    client = w.client_for(viewer)
    assert _shows_post(_body(client, "/explore")[1]) is allowed
    assert ("#privacytable" in _body(client, "/explore?tab=hashtags")[1]) is allowed


def _shows_post(body: str) -> bool:
    """Whether the post under test (not the parent or the reply) is on the page."""
    return MARKER in body.replace(f"{MARKER}-reply", "").replace(f"parent for {MARKER}", "")


@pytest.mark.parametrize(
    ("viewer", "visibility", "allowed"),
    _cases(
        SEES_IN_NOTIFICATIONS, viewers=("author", "follower", "stranger", "blocked", "mentioned")
    ),
)
def test_grouped_notifications_api(
    viewer: str, visibility: str, allowed: bool, world_at: Callable[[str], World]
) -> None:
    w = world_at(visibility)
    token = token_for(w.people[viewer], "read")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    status, body = _body(client, "/api/v2/notifications")
    assert status == 200
    assert _shows_post(body) is allowed
