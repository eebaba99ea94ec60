"""The visibility rule as a table: viewer x post visibility, through every posts read."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import AccountFactory
from tests.posts.conftest import blocks, follows
from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound
from townsquare.posts.models import Post
from townsquare.posts.selectors import access_post, can_see, thread
from townsquare.posts.services import boost, publish_post

VISIBILITIES = ("public", "unlisted", "followers", "direct")
SEES = {
    "author": {"public", "unlisted", "followers", "direct"},
    "follower": {"public", "unlisted", "followers"},
    "stranger": {"public", "unlisted"},
    "blocked": set(),
    "blocking": set(),
    "mentioned": {"public", "unlisted", "followers", "direct"},
    "mentioned_follower": {"public", "unlisted", "followers", "direct"},
    "blocked_follower": set(),
    "blocked_mentioned": set(),
    "anonymous": {"public", "unlisted"},
    "anonymous_user": {"public", "unlisted"},
}
CASES = [(viewer, visibility) for viewer in SEES for visibility in VISIBILITIES]


def _world(visibility: str) -> tuple[Post, dict[str, Account | AnonymousUser | None]]:
    author = AccountFactory.create(username="author")
    people = {
        name: AccountFactory.create(username=name)
        for name in SEES
        if not name.startswith("anonymous") and name != "author"
    }
    follows(people["follower"], author)
    follows(people["mentioned_follower"], author)
    follows(people["blocked_follower"], author)
    blocks(author, people["blocked"])
    blocks(people["blocking"], author)
    blocks(author, people["blocked_mentioned"])
    post = publish_post(
        author=author,
        text="hi @mentioned @mentioned_follower @blocked_mentioned",
        visibility=visibility,
    )
    # A block made after the follow: the follow row may linger, the block still wins.
    blocks(author, people["blocked_follower"])
    viewers: dict[str, Account | AnonymousUser | None] = {"author": author, **people}
    viewers["anonymous"] = None
    viewers["anonymous_user"] = AnonymousUser()
    return post, viewers


@pytest.mark.django_db
@pytest.mark.parametrize(("viewer_name", "visibility"), CASES)
def test_can_see_follows_the_table(viewer_name: str, visibility: str) -> None:
    post, viewers = _world(visibility)
    assert can_see(viewers[viewer_name], post) is (visibility in SEES[viewer_name])


@pytest.mark.django_db
@pytest.mark.parametrize(("viewer_name", "visibility"), CASES)
def test_visible_to_follows_the_table(viewer_name: str, visibility: str) -> None:
    post, viewers = _world(visibility)
    visible = Post.objects.visible_to(viewers[viewer_name]).filter(pk=post.pk).exists()
    assert visible is (visibility in SEES[viewer_name])


@pytest.mark.django_db
@pytest.mark.parametrize(("viewer_name", "visibility"), CASES)
def test_access_post_and_thread_follow_the_table(viewer_name: str, visibility: str) -> None:
    post, viewers = _world(visibility)
    viewer = viewers[viewer_name]
    if visibility in SEES[viewer_name]:
        assert access_post(post.id, viewer=viewer) == post
        assert thread(post, viewer=viewer).post == post
    else:
        with pytest.raises(NotFound):
            access_post(post.id, viewer=viewer)
        with pytest.raises(NotFound):
            thread(post, viewer=viewer)


@pytest.mark.django_db
@pytest.mark.parametrize(("viewer_name", "visibility"), CASES)
def test_a_reply_appears_in_the_thread_by_the_table(viewer_name: str, visibility: str) -> None:
    post, viewers = _world(visibility)
    root = publish_post(author=AccountFactory.create(username="root"), text="root")
    Post.objects.filter(pk=post.pk).update(in_reply_to=root, thread_root_id=root.id)
    descendants = thread(root, viewer=viewers[viewer_name]).descendants
    assert (post in descendants) is (visibility in SEES[viewer_name])


@pytest.mark.django_db
@pytest.mark.parametrize("viewer_name", ["author", "follower", "stranger", "anonymous"])
def test_posts_of_deactivated_accounts_are_hidden_from_everyone(viewer_name: str) -> None:
    post, viewers = _world("public")
    post.author.is_active = False
    post.author.save(update_fields=["is_active"])
    assert not can_see(viewers[viewer_name], post)
    assert not Post.objects.visible_to(viewers[viewer_name]).filter(pk=post.pk).exists()


@pytest.mark.django_db
def test_missing_post_is_not_found_like_a_hidden_one(alice: Account) -> None:
    with pytest.raises(NotFound) as missing:
        access_post(123456789, viewer=alice)
    hidden = publish_post(author=alice, text="@alice only me", visibility="direct")
    with pytest.raises(NotFound) as not_visible:
        access_post(hidden.id, viewer=None)
    assert missing.value.message == not_visible.value.message


@pytest.mark.django_db
@pytest.mark.parametrize("post_id", [0, -1, 2**63, 10**30])
def test_absurd_ids_are_not_found(alice: Account, post_id: int) -> None:
    with pytest.raises(NotFound):
        access_post(post_id, viewer=alice)


@pytest.mark.django_db
class TestBoostVisibility:
    def test_a_boost_is_hidden_when_the_viewer_blocks_the_original_author(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        shared = boost(account=bob, post=publish_post(author=alice, text="hello"))
        assert can_see(carol, shared)
        blocks(carol, alice)
        assert not can_see(carol, shared)
        assert not Post.objects.visible_to(carol).filter(pk=shared.pk).exists()

    def test_a_boost_is_hidden_when_the_original_author_blocks_the_viewer(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        shared = boost(account=bob, post=publish_post(author=alice, text="hello"))
        blocks(alice, carol)
        assert not can_see(carol, shared)

    def test_a_boost_is_hidden_when_the_viewer_blocks_the_booster(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        shared = boost(account=bob, post=publish_post(author=alice, text="hello"))
        blocks(carol, bob)
        assert not can_see(carol, shared)
        assert can_see(carol, shared.reblog_of)  # type: ignore[arg-type]

    def test_a_boost_of_a_deactivated_author_is_hidden(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        shared = boost(account=bob, post=publish_post(author=alice, text="hello"))
        alice.is_active = False
        alice.save(update_fields=["is_active"])
        assert not can_see(carol, shared)
        assert not can_see(None, shared)

    def test_blocking_someone_else_hides_nothing_of_third_parties(
        self, alice: Account, bob: Account, carol: Account, dave: Account
    ) -> None:
        original = publish_post(author=alice, text="hello")
        shared = boost(account=bob, post=original)
        blocks(carol, dave)
        blocks(dave, carol)
        visible_ids = set(Post.objects.visible_to(carol).values_list("id", flat=True))
        assert visible_ids == {original.id, shared.id}

    def test_anonymous_viewers_see_public_boosts(self, alice: Account, bob: Account) -> None:
        shared = boost(account=bob, post=publish_post(author=alice, text="hello"))
        assert can_see(None, shared)
        assert can_see(AnonymousUser(), shared)

    def test_originals_stay_visible_to_third_parties_after_blocks(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        original = publish_post(author=alice, text="hello")
        shared = boost(account=bob, post=original)
        blocks(alice, bob)
        visible_ids = set(Post.objects.visible_to(carol).values_list("id", flat=True))
        assert {original.id, shared.id} <= visible_ids
        assert original.id not in set(Post.objects.visible_to(bob).values_list("id", flat=True))
