"""like, boost, bookmark, pin and their undos."""

from __future__ import annotations

import pytest

from tests.posts.conftest import blocks, follows
from townsquare.accounts.models import Account
from townsquare.core.errors import Forbidden, NotFound, ValidationFailed
from townsquare.posts.models import Bookmark, Like, Pin, Post
from townsquare.posts.services import (
    MAX_PINS,
    bookmark,
    boost,
    like,
    pin,
    publish_post,
    unbookmark,
    unboost,
    unlike,
    unpin,
)

pytestmark = pytest.mark.django_db


def _counts(post: Post) -> tuple[int, int, int]:
    post.refresh_from_db()
    return post.likes_count, post.boosts_count, post.replies_count


def _posts_count(account: Account) -> int:
    account.refresh_from_db()
    return account.posts_count


class TestLike:
    def test_like_counts_once(self, alice: Account, bob: Account) -> None:
        post = publish_post(author=alice, text="hi")
        first = like(account=bob, post=post)
        again = like(account=bob, post=post)
        assert first == again
        assert Like.objects.count() == 1
        assert _counts(post) == (1, 0, 0)

    def test_unlike_uncounts_once(self, alice: Account, bob: Account, carol: Account) -> None:
        post = publish_post(author=alice, text="hi")
        like(account=bob, post=post)
        like(account=carol, post=post)
        unlike(account=bob, post=post)
        unlike(account=bob, post=post)
        assert _counts(post) == (1, 0, 0)
        assert list(Like.objects.values_list("account", flat=True)) == [carol.id]

    def test_unlike_without_a_like_changes_nothing(self, alice: Account, bob: Account) -> None:
        post = publish_post(author=alice, text="hi")
        unlike(account=bob, post=post)
        assert _counts(post) == (0, 0, 0)

    def test_liking_a_boost_likes_the_original(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        post = publish_post(author=alice, text="hi")
        shared = boost(account=bob, post=post)
        assert like(account=carol, post=shared).post == post
        assert _counts(post) == (1, 1, 0)
        unlike(account=carol, post=shared)
        assert _counts(post) == (0, 1, 0)

    def test_liking_an_invisible_post_is_not_found(self, alice: Account, bob: Account) -> None:
        hidden = publish_post(author=alice, text="friends", visibility="followers")
        with pytest.raises(NotFound):
            like(account=bob, post=hidden)
        public = publish_post(author=alice, text="public")
        blocks(bob, alice)
        with pytest.raises(NotFound):
            like(account=bob, post=public)
        assert not Like.objects.exists()
        assert _counts(public) == (0, 0, 0)

    def test_likes_count_never_goes_below_zero(self, alice: Account, bob: Account) -> None:
        post = publish_post(author=alice, text="hi")
        like(account=bob, post=post)
        Post.objects.filter(pk=post.pk).update(likes_count=0)
        unlike(account=bob, post=post)
        assert _counts(post) == (0, 0, 0)


class TestBoost:
    @pytest.mark.parametrize("visibility", ["public", "unlisted"])
    def test_boost_is_a_post_with_the_originals_visibility(
        self, alice: Account, bob: Account, visibility: str
    ) -> None:
        post = publish_post(author=alice, text="hi", visibility=visibility)
        shared = boost(account=bob, post=post)
        assert shared.reblog_of == post
        assert shared.author == bob
        assert shared.visibility == visibility
        assert shared.text == ""
        assert shared.is_boost
        assert _counts(post) == (0, 1, 0)
        assert _posts_count(bob) == 1
        bob.refresh_from_db()
        assert bob.last_posted_at == shared.created_at

    def test_boosting_twice_returns_the_same_boost(self, alice: Account, bob: Account) -> None:
        post = publish_post(author=alice, text="hi")
        assert boost(account=bob, post=post) == boost(account=bob, post=post)
        assert _counts(post) == (0, 1, 0)
        assert _posts_count(bob) == 1

    def test_boosting_a_boost_boosts_the_original(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        post = publish_post(author=alice, text="hi")
        shared = boost(account=carol, post=boost(account=bob, post=post))
        assert shared.reblog_of == post
        assert _counts(post) == (0, 2, 0)

    def test_you_may_boost_your_own_public_post(self, alice: Account) -> None:
        post = publish_post(author=alice, text="hi")
        assert boost(account=alice, post=post).reblog_of == post

    @pytest.mark.parametrize("booster", ["alice", "bob"])
    def test_followers_only_posts_cannot_be_boosted(
        self, alice: Account, bob: Account, booster: str
    ) -> None:
        follows(bob, alice)
        post = publish_post(author=alice, text="friends", visibility="followers")
        with pytest.raises(Forbidden) as error:
            boost(account={"alice": alice, "bob": bob}[booster], post=post)
        assert error.value.message == "This post can't be boosted."
        assert not Post.objects.filter(reblog_of__isnull=False).exists()

    def test_direct_posts_cannot_be_boosted(self, alice: Account, bob: Account) -> None:
        post = publish_post(author=alice, text="psst @bob", visibility="direct")
        with pytest.raises(Forbidden, match="can't be boosted"):
            boost(account=bob, post=post)

    def test_boosting_an_invisible_post_is_not_found(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        with pytest.raises(NotFound):
            boost(account=bob, post=publish_post(author=alice, text="x", visibility="followers"))
        public = publish_post(author=alice, text="public")
        blocks(alice, bob)
        with pytest.raises(NotFound):
            boost(account=bob, post=public)

    def test_unboost_deletes_the_boost_and_uncounts(self, alice: Account, bob: Account) -> None:
        post = publish_post(author=alice, text="hi")
        shared = boost(account=bob, post=post)
        unboost(account=bob, post=post)
        assert not Post.objects.filter(pk=shared.pk).exists()
        assert _counts(post) == (0, 0, 0)
        assert _posts_count(bob) == 0
        unboost(account=bob, post=post)
        assert _counts(post) == (0, 0, 0)

    def test_unboost_through_the_boost_itself(self, alice: Account, bob: Account) -> None:
        post = publish_post(author=alice, text="hi")
        shared = boost(account=bob, post=post)
        unboost(account=bob, post=shared)
        assert not Post.objects.filter(pk=shared.pk).exists()

    def test_unboost_only_touches_your_own_boost(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        post = publish_post(author=alice, text="hi")
        shared = boost(account=bob, post=post)
        unboost(account=carol, post=post)
        assert Post.objects.filter(pk=shared.pk).exists()
        assert _counts(post) == (0, 1, 0)


class TestBookmark:
    def test_bookmark_is_idempotent_and_private(self, alice: Account, bob: Account) -> None:
        post = publish_post(author=alice, text="hi")
        assert bookmark(account=bob, post=post) == bookmark(account=bob, post=post)
        assert Bookmark.objects.count() == 1
        unbookmark(account=bob, post=post)
        unbookmark(account=bob, post=post)
        assert not Bookmark.objects.exists()

    def test_bookmarking_a_boost_bookmarks_the_original(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        post = publish_post(author=alice, text="hi")
        assert bookmark(account=carol, post=boost(account=bob, post=post)).post == post

    def test_bookmarking_an_invisible_post_is_not_found(self, alice: Account, bob: Account) -> None:
        with pytest.raises(NotFound):
            bookmark(
                account=bob, post=publish_post(author=alice, text="@alice", visibility="direct")
            )
        assert not Bookmark.objects.exists()


class TestPin:
    def test_pin_and_unpin_your_own_post(self, alice: Account) -> None:
        post = publish_post(author=alice, text="hi")
        assert pin(account=alice, post=post) == pin(account=alice, post=post)
        assert Pin.objects.count() == 1
        unpin(account=alice, post=post)
        unpin(account=alice, post=post)
        assert not Pin.objects.exists()

    @pytest.mark.parametrize("visibility", ["public", "unlisted", "followers"])
    def test_each_non_direct_visibility_may_be_pinned(
        self, alice: Account, visibility: str
    ) -> None:
        pin(account=alice, post=publish_post(author=alice, text="hi", visibility=visibility))
        assert Pin.objects.count() == 1

    def test_at_most_five_pins(self, alice: Account) -> None:
        posts = [publish_post(author=alice, text=f"post {n}") for n in range(MAX_PINS + 1)]
        for post in posts[:MAX_PINS]:
            pin(account=alice, post=post)
        with pytest.raises(ValidationFailed) as error:
            pin(account=alice, post=posts[-1])
        assert error.value.message == "You can pin at most 5 posts; unpin one first."
        pin(account=alice, post=posts[0])  # pinning a pinned post again is fine at the limit
        unpin(account=alice, post=posts[0])
        pin(account=alice, post=posts[-1])
        assert Pin.objects.count() == MAX_PINS

    def test_others_posts_cannot_be_pinned(self, alice: Account, bob: Account) -> None:
        with pytest.raises(Forbidden) as error:
            pin(account=bob, post=publish_post(author=alice, text="hi"))
        assert error.value.message == "You can only pin your own posts."
        with pytest.raises(NotFound):
            pin(account=bob, post=publish_post(author=alice, text="x", visibility="followers"))

    def test_boosts_cannot_be_pinned(self, alice: Account, bob: Account) -> None:
        shared = boost(account=bob, post=publish_post(author=alice, text="hi"))
        with pytest.raises(ValidationFailed) as error:
            pin(account=bob, post=shared)
        assert error.value.message == "Boosts can't be pinned."

    def test_direct_posts_cannot_be_pinned(self, alice: Account, bob: Account) -> None:
        with pytest.raises(ValidationFailed) as error:
            pin(account=alice, post=publish_post(author=alice, text="@bob", visibility="direct"))
        assert error.value.message == "Direct posts can't be pinned."

    def test_unpin_only_touches_your_own_pins(self, alice: Account, bob: Account) -> None:
        post = publish_post(author=alice, text="hi")
        pin(account=alice, post=post)
        unpin(account=bob, post=post)
        assert Pin.objects.count() == 1
