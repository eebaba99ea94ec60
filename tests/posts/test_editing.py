"""edit_post and delete_post."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core.files.storage import default_storage

from tests.factories import AccountFactory
from tests.posts.conftest import blocks
from townsquare.accounts.models import Account
from townsquare.core.errors import Forbidden, NotFound, ValidationFailed
from townsquare.media.models import MediaAttachment
from townsquare.posts.models import Hashtag, Like, Mention, Post, PostEdit
from townsquare.posts.selectors import can_see
from townsquare.posts.services import (
    boost,
    delete_post,
    edit_post,
    like,
    publish_post,
)

pytestmark = pytest.mark.django_db


def _posts_count(account: Account) -> int:
    account.refresh_from_db()
    return account.posts_count


class TestEdit:
    def test_keeps_the_previous_version_and_changes_the_post(
        self, alice: Account, make_image: Callable[..., MediaAttachment]
    ) -> None:
        image = make_image(alice, "a cat")
        post = publish_post(author=alice, text="first", spoiler_text="cw", media=[image])
        edited = edit_post(editor=alice, post=post, text="second <i>", is_sensitive=True)
        assert edited.text == "second <i>"
        assert edited.content_html == "<p>second &lt;i&gt;</p>"
        assert edited.spoiler_text == ""
        assert edited.is_sensitive
        assert edited.edited_at is not None
        old = PostEdit.objects.get(post=post)
        assert (old.text, old.content_html, old.spoiler_text, old.is_sensitive) == (
            "first",
            "<p>first</p>",
            "cw",
            True,
        )
        assert old.media_descriptions == [{"media_id": image.id, "description": "a cat"}]
        assert old.created_at == post.created_at
        post.refresh_from_db()
        assert post.text == "second <i>"

    def test_each_edit_keeps_the_version_before_it(self, alice: Account) -> None:
        post = publish_post(author=alice, text="v1")
        post = edit_post(editor=alice, post=post, text="v2")
        first_edit_at = post.edited_at
        post = edit_post(editor=alice, post=post, text="v3")
        versions = list(PostEdit.objects.filter(post=post).values_list("text", "created_at"))
        assert versions == [("v1", post.created_at), ("v2", first_edit_at)]

    def test_an_edit_that_changes_nothing_keeps_no_version(self, alice: Account) -> None:
        post = publish_post(author=alice, text="same")
        edit_post(editor=alice, post=post, text="  same ")
        assert not PostEdit.objects.exists()
        post.refresh_from_db()
        assert post.edited_at is None

    def test_mentions_and_hashtags_are_parsed_again(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        post = publish_post(author=alice, text="@bob #old")
        edit_post(editor=alice, post=post, text="@carol #new")
        assert list(Mention.objects.filter(post=post).values_list("account", flat=True)) == [
            carol.id
        ]
        assert list(post.hashtag_links.values_list("hashtag__name", flat=True)) == ["new"]
        assert Hashtag.objects.filter(name="old").exists()

    def test_people_no_longer_mentioned_lose_access_to_a_direct_post(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        post = publish_post(author=alice, text="@bob @carol", visibility="direct")
        assert can_see(carol, post)
        edit_post(editor=alice, post=post, text="@bob only")
        assert can_see(bob, post)
        assert not can_see(carol, post)

    def test_updates_image_descriptions(
        self, alice: Account, make_image: Callable[..., MediaAttachment]
    ) -> None:
        image = make_image(alice, "old")
        post = publish_post(author=alice, text="pic", media=[image])
        edit_post(editor=alice, post=post, text="pic", media_descriptions={image.id: "new"})
        image.refresh_from_db()
        assert image.description == "new"
        assert PostEdit.objects.get(post=post).media_descriptions == [
            {"media_id": image.id, "description": "old"}
        ]

    def test_describing_an_image_not_on_the_post_fails(
        self, alice: Account, make_image: Callable[..., MediaAttachment]
    ) -> None:
        other = make_image(alice, "other")
        post = publish_post(author=alice, text="pic", media=[make_image(alice)])
        with pytest.raises(ValidationFailed) as error:
            edit_post(editor=alice, post=post, text="pic", media_descriptions={other.id: "x"})
        assert error.value.message == "Only images on this post can be described."
        other.refresh_from_db()
        assert other.description == "other"

    def test_only_the_author_may_edit(self, alice: Account, bob: Account) -> None:
        post = publish_post(author=alice, text="mine")
        with pytest.raises(Forbidden) as error:
            edit_post(editor=bob, post=post, text="yours")
        assert error.value.message == "You can only edit your own posts."
        post.refresh_from_db()
        assert post.text == "mine"

    def test_editing_a_post_you_cannot_see_is_not_found(self, alice: Account, bob: Account) -> None:
        post = publish_post(author=alice, text="friends", visibility="followers")
        with pytest.raises(NotFound):
            edit_post(editor=bob, post=post, text="yours")

    def test_staff_may_not_edit_others_posts(self, alice: Account) -> None:
        admin = AccountFactory.create(username="admin", is_staff=True)
        post = publish_post(author=alice, text="mine")
        with pytest.raises(Forbidden):
            edit_post(editor=admin, post=post, text="moderated")

    def test_the_same_rules_as_publishing(self, alice: Account) -> None:
        post = publish_post(author=alice, text="hi @alice", visibility="direct")
        with pytest.raises(ValidationFailed, match="Write something"):
            edit_post(editor=alice, post=post, text=" ")
        with pytest.raises(ValidationFailed, match="must mention at least one person"):
            edit_post(editor=alice, post=post, text="no one")
        with pytest.raises(ValidationFailed, match="Posts can be at most 500 characters"):
            edit_post(editor=alice, post=post, text="@alice " + "a" * 600)
        assert not PostEdit.objects.exists()

    def test_boosts_cannot_be_edited(self, alice: Account, bob: Account) -> None:
        shared = boost(account=bob, post=publish_post(author=alice, text="hi"))
        with pytest.raises(ValidationFailed, match="Boosts can't be edited"):
            edit_post(editor=bob, post=shared, text="mine now")


class TestDelete:
    def test_returns_the_text_and_deletes(self, alice: Account) -> None:
        post = publish_post(author=alice, text="redraft me #tag")
        assert delete_post(actor=alice, post=post) == "redraft me #tag"
        assert not Post.objects.filter(pk=post.pk).exists()
        assert _posts_count(alice) == 0

    def test_staff_may_delete_any_post(self, alice: Account) -> None:
        admin = AccountFactory.create(username="admin", is_staff=True)
        post = publish_post(author=alice, text="@alice note to self", visibility="direct")
        delete_post(actor=admin, post=post)
        assert not Post.objects.exists()

    def test_others_may_not_delete(self, alice: Account, bob: Account) -> None:
        post = publish_post(author=alice, text="mine")
        with pytest.raises(Forbidden) as error:
            delete_post(actor=bob, post=post)
        assert error.value.message == "You can only delete your own posts."
        blocks(alice, bob)
        with pytest.raises(NotFound):
            delete_post(actor=bob, post=post)
        assert Post.objects.filter(pk=post.pk).exists()

    def test_deleting_twice_is_not_found(self, alice: Account) -> None:
        post = publish_post(author=alice, text="bye")
        delete_post(actor=alice, post=post)
        with pytest.raises(NotFound):
            delete_post(actor=alice, post=post)
        assert _posts_count(alice) == 0

    def test_a_deleted_reply_uncounts_itself_from_its_parent(
        self, alice: Account, bob: Account
    ) -> None:
        root = publish_post(author=alice, text="root")
        reply = publish_post(author=bob, text="reply", in_reply_to=root)
        delete_post(actor=bob, post=reply)
        root.refresh_from_db()
        assert root.replies_count == 0

    def test_replies_survive_their_parent(self, alice: Account, bob: Account) -> None:
        root = publish_post(author=alice, text="root")
        reply = publish_post(author=bob, text="reply", in_reply_to=root)
        delete_post(actor=alice, post=root)
        reply.refresh_from_db()
        assert reply.in_reply_to is None
        assert reply.in_reply_to_account_id == alice.id
        assert reply.thread_root_id == root.id
        assert reply.is_reply

    def test_boosts_go_with_the_post_and_are_uncounted(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        post = publish_post(author=alice, text="popular")
        boost(account=bob, post=post)
        boost(account=carol, post=post)
        like(account=bob, post=post)
        assert _posts_count(bob) == 1
        delete_post(actor=alice, post=post)
        assert not Post.objects.exists()
        assert not Like.objects.exists()
        assert (_posts_count(bob), _posts_count(carol), _posts_count(alice)) == (0, 0, 0)

    def test_deleting_a_boost_uncounts_it_from_the_original(
        self, alice: Account, bob: Account
    ) -> None:
        post = publish_post(author=alice, text="popular")
        shared = boost(account=bob, post=post)
        assert delete_post(actor=bob, post=shared) == ""
        post.refresh_from_db()
        assert post.boosts_count == 0
        assert _posts_count(bob) == 0

    def test_images_and_their_files_are_deleted_after_commit(
        self,
        alice: Account,
        make_image: Callable[..., MediaAttachment],
        committed: Callable[[], AbstractContextManager[Any]],
    ) -> None:
        image = make_image(alice)
        names = [str(image.file.name), str(image.thumbnail.name)]
        post = publish_post(author=alice, text="pic", media=[image])
        with committed():
            delete_post(actor=alice, post=post)
        assert not MediaAttachment.objects.exists()
        assert not any(default_storage.exists(name) for name in names)

    def test_counters_never_go_below_zero(self, alice: Account, bob: Account) -> None:
        root = publish_post(author=alice, text="root")
        reply = publish_post(author=bob, text="reply", in_reply_to=root)
        Post.objects.filter(pk=root.pk).update(replies_count=0)
        Account.objects.filter(pk=bob.pk).update(posts_count=0)
        delete_post(actor=bob, post=reply)
        root.refresh_from_db()
        assert root.replies_count == 0
        assert _posts_count(bob) == 0
