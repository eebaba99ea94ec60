"""Who may see what, through every API read path: viewers, posts and paths as a table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import token_for
from townsquare.accounts.models import Account
from townsquare.posts.models import Post
from townsquare.posts.services import PollSpec, publish_post
from townsquare.relationships.services import block, follow


@dataclass(frozen=True)
class Scene:
    author: Account
    posts: dict[str, Post]


@pytest.fixture
def scene(alice: Account, bob: Account, carol: Account, dave: Account) -> Scene:
    """alice posts one of each visibility tagged #scene, each with a poll; bob follows her,
    carol is mentioned in the direct post, dave is blocked by her."""
    follow(follower=bob, followee=alice)
    block(blocker=alice, blocked=dave)
    posts = {
        visibility: publish_post(
            author=alice,
            text=f"{visibility} #scene" + (" @carol" if visibility == "direct" else ""),
            visibility=visibility,
            poll=PollSpec(options=["yes", "no"], expires_in=3600),
        )
        for visibility in ("public", "unlisted", "followers", "direct")
    }
    return Scene(author=alice, posts=posts)


def _client(viewer: Account | None) -> Client:
    if viewer is None:
        return Client()
    return Client(headers={"Authorization": f"Bearer {token_for(viewer)}"})


def _detail(client: Client, post: Post, scene: Scene) -> bool:
    return client.get(f"/api/v1/statuses/{post.id}").status_code == 200


def _context(client: Client, post: Post, scene: Scene) -> bool:
    return client.get(f"/api/v1/statuses/{post.id}/context").status_code == 200


def _profile(client: Client, post: Post, scene: Scene) -> bool:
    response = client.get(f"/api/v1/accounts/{scene.author.id}/statuses")
    return response.status_code == 200 and str(post.id) in {item["id"] for item in response.json()}


def _many(client: Client, post: Post, scene: Scene) -> bool:
    response = client.get(f"/api/v1/statuses?id[]={post.id}")
    return response.status_code == 200 and len(response.json()) == 1


def _by_link(client: Client, post: Post, scene: Scene) -> bool:
    url = f"http://testserver/@{scene.author.username}/{post.id}"
    return bool(client.get(f"/api/v2/search?q={url}").json()["statuses"])


def _favourited_by(client: Client, post: Post, scene: Scene) -> bool:
    return client.get(f"/api/v1/statuses/{post.id}/favourited_by").status_code == 200


def _poll(client: Client, post: Post, scene: Scene) -> bool:
    return client.get(f"/api/v1/polls/{post.poll.id}").status_code == 200


PATHS: dict[str, Callable[[Client, Post, Scene], bool]] = {
    "detail": _detail,
    "context": _context,
    "profile": _profile,
    "many": _many,
    "by_link": _by_link,
    "favourited_by": _favourited_by,
    "poll": _poll,
}
# Who sees which visibility (the profile hides nothing else for these posts).
SEES: dict[str, set[str]] = {
    "anonymous": {"public", "unlisted"},
    "author": {"public", "unlisted", "followers", "direct"},
    "follower": {"public", "unlisted", "followers"},
    "mentioned": {"public", "unlisted", "direct"},
    "blocked": set(),
}


def _viewer(name: str, scene: Scene, people: dict[str, Account]) -> Account | None:
    return {
        "anonymous": None,
        "author": scene.author,
        "follower": people["bob"],
        "mentioned": people["carol"],
        "blocked": people["dave"],
    }[name]


@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("viewer_name", sorted(SEES))
def test_each_read_path_follows_the_one_rule(
    scene: Scene, bob: Account, carol: Account, dave: Account, viewer_name: str, path: str
) -> None:
    viewer = _viewer(viewer_name, scene, {"bob": bob, "carol": carol, "dave": dave})
    client = _client(viewer)
    seen = {
        visibility for visibility, post in scene.posts.items() if PATHS[path](client, post, scene)
    }
    assert seen == SEES[viewer_name]


@pytest.mark.parametrize("viewer_name", sorted(SEES))
def test_public_and_tag_timelines_show_only_public_posts(
    scene: Scene, bob: Account, carol: Account, dave: Account, viewer_name: str
) -> None:
    viewer = _viewer(viewer_name, scene, {"bob": bob, "carol": carol, "dave": dave})
    client = _client(viewer)
    expected: Any = [] if viewer_name == "blocked" else [str(scene.posts["public"].id)]
    for path in ("/api/v1/timelines/public", "/api/v1/timelines/tag/scene"):
        assert [item["id"] for item in client.get(path).json()] == expected, path
