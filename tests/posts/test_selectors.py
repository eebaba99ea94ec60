"""Reads: thread, viewer_flags, edit_history, liked_by/boosted_by, hashtag_by_name."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AccountFactory
from tests.posts.conftest import blocks, follows
from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound
from townsquare.posts import selectors
from townsquare.posts.models import Post, PostEdit
from townsquare.posts.selectors import (
    PostFlags,
    boosted_by,
    edit_history,
    hashtag_by_name,
    liked_by,
    thread,
    viewer_flags,
)
from townsquare.posts.services import (
    bookmark,
    boost,
    delete_post,
    edit_post,
    like,
    pin,
    publish_post,
)

pytestmark = pytest.mark.django_db


def _ids(posts: list[Post]) -> list[str]:
    return [post.text for post in posts]


class TestThread:
    def test_ancestors_root_first_and_descendants_depth_first(
        self, alice: Account, bob: Account
    ) -> None:
        root = publish_post(author=alice, text="root")
        a = publish_post(author=bob, text="a", in_reply_to=root)
        b = publish_post(author=alice, text="b", in_reply_to=root)
        a1 = publish_post(author=alice, text="a1", in_reply_to=a)
        a1x = publish_post(author=bob, text="a1x", in_reply_to=a1)
        a2 = publish_post(author=alice, text="a2", in_reply_to=a)
        publish_post(author=bob, text="b1", in_reply_to=b)
        around_a = thread(a, viewer=alice)
        assert _ids(around_a.ancestors) == ["root"]
        assert around_a.post == a
        assert _ids(around_a.descendants) == ["a1", "a1x", "a2"]
        assert _ids(thread(root, viewer=alice).descendants) == [
            "a",
            "a1",
            "a1x",
            "a2",
            "b",
            "b1",
        ]
        assert _ids(thread(a1x, viewer=None).ancestors) == ["root", "a", "a1"]
        assert thread(a2, viewer=None).descendants == []

    def test_a_lone_post_is_its_own_thread(self, alice: Account) -> None:
        post = publish_post(author=alice, text="alone")
        assert thread(post, viewer=None) == selectors.Thread(
            ancestors=[], post=post, descendants=[]
        )

    def test_a_boost_shows_the_thread_of_its_original(self, alice: Account, bob: Account) -> None:
        root = publish_post(author=alice, text="root")
        reply = publish_post(author=alice, text="reply", in_reply_to=root)
        shared = boost(account=bob, post=reply)
        around = thread(shared, viewer=None)
        assert around.post == reply
        assert _ids(around.ancestors) == ["root"]

    def test_invisible_ancestors_are_skipped_but_the_chain_continues(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        follows(bob, alice)
        root = publish_post(author=alice, text="root")
        middle = publish_post(author=alice, text="middle", in_reply_to=root, visibility="followers")
        leaf = publish_post(author=bob, text="leaf @carol", in_reply_to=middle)
        assert leaf.visibility == "followers"  # clamped to its parent's
        assert _ids(thread(leaf, viewer=carol).ancestors) == ["root"]
        assert _ids(thread(leaf, viewer=bob).ancestors) == ["root", "middle"]
        assert _ids(thread(root, viewer=carol).descendants) == []
        with pytest.raises(NotFound):
            thread(leaf, viewer=None)

    def test_replies_the_viewer_cannot_see_hide_their_subtree(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        root = publish_post(author=alice, text="root")
        by_bob = publish_post(author=bob, text="bob's", in_reply_to=root)
        publish_post(author=alice, text="under bob's", in_reply_to=by_bob)
        publish_post(author=alice, text="other")
        publish_post(author=carol, text="carol's", in_reply_to=root)
        blocks(carol, bob)
        assert _ids(thread(root, viewer=carol).descendants) == ["carol's"]
        assert _ids(thread(root, viewer=None).descendants) == ["bob's", "under bob's", "carol's"]

    def test_replies_of_deleted_posts_stay_in_the_thread_without_a_parent(
        self, alice: Account, bob: Account
    ) -> None:
        root = publish_post(author=alice, text="root")
        middle = publish_post(author=bob, text="middle", in_reply_to=root)
        leaf = publish_post(author=alice, text="leaf", in_reply_to=middle)
        delete_post(actor=bob, post=middle)
        assert thread(root, viewer=None).descendants == []
        assert thread(leaf, viewer=None).ancestors == []

    def test_sizes_are_capped(
        self, alice: Account, bob: Account, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(selectors, "MAX_ANCESTORS", 2)
        monkeypatch.setattr(selectors, "MAX_DESCENDANTS", 3)
        chain = [publish_post(author=alice, text="0")]
        for n in range(1, 6):
            chain.append(publish_post(author=bob, text=str(n), in_reply_to=chain[-1]))
        assert _ids(thread(chain[-1], viewer=None).ancestors) == ["3", "4"]
        assert _ids(thread(chain[0], viewer=None).descendants) == ["1", "2", "3"]

    def test_loads_in_a_fixed_number_of_queries(self, alice: Account, bob: Account) -> None:
        root = publish_post(author=alice, text="root")
        parent = root
        for n in range(8):
            parent = publish_post(author=bob if n % 2 else alice, text=str(n), in_reply_to=parent)
        with CaptureQueriesContext(connection) as few:
            thread(root, viewer=bob)
        for n in range(8):
            publish_post(author=alice, text=f"more {n}", in_reply_to=root)
        with CaptureQueriesContext(connection) as more:
            around = thread(root, viewer=bob)
            [post.author.username for post in around.descendants]
        assert len(more.captured_queries) == len(few.captured_queries)


class TestViewerFlags:
    def test_flags_concern_the_original_and_are_keyed_by_the_shown_post(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        mine = publish_post(author=alice, text="mine")
        theirs = publish_post(author=bob, text="theirs")
        shared = boost(account=carol, post=theirs)
        like(account=alice, post=theirs)
        boost(account=alice, post=theirs)
        bookmark(account=alice, post=mine)
        pin(account=alice, post=mine)
        flags = viewer_flags(alice, [mine, theirs, shared])
        assert flags == {
            mine.id: PostFlags(is_bookmarked=True, is_pinned=True),
            theirs.id: PostFlags(is_liked=True, is_boosted=True),
            shared.id: PostFlags(is_liked=True, is_boosted=True),
        }
        assert viewer_flags(bob, [mine, theirs]) == {mine.id: PostFlags(), theirs.id: PostFlags()}

    def test_one_query_for_every_kind_of_flag(self, alice: Account, bob: Account) -> None:
        posts = [publish_post(author=bob, text=str(n)) for n in range(10)]
        for post in posts[::2]:
            like(account=alice, post=post)
        with CaptureQueriesContext(connection) as queries:
            flags = viewer_flags(alice, posts)
        assert len(queries.captured_queries) == 1
        assert [flags[post.id].is_liked for post in posts] == [n % 2 == 0 for n in range(10)]

    @pytest.mark.parametrize("viewer", [None, AnonymousUser()])
    def test_anonymous_viewers_get_no_flags_and_no_queries(
        self, alice: Account, viewer: AnonymousUser | None
    ) -> None:
        post = publish_post(author=alice, text="hi")
        like(account=alice, post=post)
        with CaptureQueriesContext(connection) as queries:
            assert viewer_flags(viewer, [post]) == {post.id: PostFlags()}
        assert queries.captured_queries == []

    def test_no_posts_no_queries(self, alice: Account) -> None:
        with CaptureQueriesContext(connection) as queries:
            assert viewer_flags(alice, []) == {}
        assert queries.captured_queries == []


class TestEditHistory:
    def test_every_version_oldest_first_ending_with_the_current(self, alice: Account) -> None:
        post = publish_post(author=alice, text="v1")
        assert [version.text for version in edit_history(post)] == ["v1"]
        post = edit_post(editor=alice, post=post, text="v2")
        post = edit_post(editor=alice, post=post, text="v3", spoiler_text="cw")
        history = edit_history(post)
        assert [(v.text, v.spoiler_text) for v in history] == [
            ("v1", ""),
            ("v2", ""),
            ("v3", "cw"),
        ]
        assert PostEdit.objects.filter(post=post).count() == 2  # the current one is not stored
        assert history[-1].created_at == post.edited_at
        assert [v.created_at for v in history] == sorted(v.created_at for v in history)


class TestWhoInteracted:
    def test_liked_by_latest_first_without_blocked_people(
        self, alice: Account, bob: Account, carol: Account, dave: Account
    ) -> None:
        post = publish_post(author=alice, text="hi")
        for account in (bob, carol, dave):
            like(account=account, post=post)
        assert list(liked_by(post, None)) == [dave, carol, bob]
        blocks(dave, bob)
        blocks(carol, dave)
        assert list(liked_by(post, dave)) == [dave]
        assert list(liked_by(post, alice)) == [dave, carol, bob]

    def test_boosted_by_latest_first_without_blocked_people(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        post = publish_post(author=alice, text="hi")
        boost(account=bob, post=post)
        shared = boost(account=carol, post=post)
        assert list(boosted_by(post, None)) == [carol, bob]
        assert list(boosted_by(shared, None)) == [carol, bob]
        blocks(bob, carol)
        assert list(boosted_by(post, bob)) == [bob]

    def test_only_this_posts_likes_and_boosts_count_in_the_order(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        first = publish_post(author=alice, text="first")
        second = publish_post(author=alice, text="second")
        like(account=bob, post=second)
        like(account=carol, post=first)
        like(account=bob, post=first)
        like(account=carol, post=second)
        boost(account=carol, post=second)
        boost(account=bob, post=first)
        boost(account=carol, post=first)
        boost(account=bob, post=second)
        assert list(liked_by(first, None)) == [bob, carol]
        assert list(liked_by(second, None)) == [carol, bob]
        assert list(boosted_by(first, None)) == [carol, bob]
        assert list(boosted_by(second, None)) == [bob, carol]

    def test_deactivated_people_are_left_out(self, alice: Account, bob: Account) -> None:
        post = publish_post(author=alice, text="hi")
        like(account=bob, post=post)
        boost(account=bob, post=post)
        Account.objects.filter(pk=bob.pk).update(is_active=False)
        assert list(liked_by(post, None)) == []
        assert list(boosted_by(post, None)) == []

    def test_nobody_for_a_post_the_viewer_cannot_see(self, alice: Account, bob: Account) -> None:
        stranger = AccountFactory.create(username="stranger")
        follows(bob, alice)
        post = publish_post(author=alice, text="friends", visibility="followers")
        like(account=bob, post=post)
        assert list(liked_by(post, bob)) == [bob]
        assert list(liked_by(post, stranger)) == []
        assert list(boosted_by(post, None)) == []


class TestHashtagByName:
    @pytest.mark.parametrize("name", ["Café", "#café", "CAFÉ", " #CAFÉ "])
    def test_finds_the_tag_whatever_the_spelling(self, alice: Account, name: str) -> None:
        publish_post(author=alice, text="#Café")
        tag = hashtag_by_name(name)
        assert tag is not None
        assert tag.display_name == "Café"

    def test_unknown_tags(self, alice: Account) -> None:
        publish_post(author=alice, text="#Café")
        assert hashtag_by_name("tea") is None
        assert hashtag_by_name("") is None
        assert hashtag_by_name("'; DROP TABLE posts_post; --") is None


def test_references_and_flags_come_in_one_query_as_each_alone(
    alice: Account, bob: Account, carol: Account
) -> None:
    tagged = publish_post(author=bob, text="for @carol and @alice #Python #django")
    plain = publish_post(author=alice, text="mine")
    shared = boost(account=carol, post=tagged)
    like(account=alice, post=tagged)
    bookmark(account=alice, post=plain)
    posts = [tagged, plain, shared]
    shown = {tagged.id, plain.id, shared.id}
    with CaptureQueriesContext(connection) as queries:
        references, flags = selectors.references_and_flags(alice, posts, shown)
    assert len(queries.captured_queries) == 1
    assert flags == viewer_flags(alice, posts)
    alone = selectors.post_references(shown)
    assert (references.mentions, references.tags) == (alone.mentions, alone.tags)
    assert references.mentions[tagged.id] == [(carol.id, "carol"), (alice.id, "alice")]
    assert references.tags[tagged.id] == ["Python", "django"]
    assert flags[shared.id] == PostFlags(is_liked=True)
