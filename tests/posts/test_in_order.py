"""``Post.objects.in_order``: a feed page's posts, with everything they show, in a fixed
number of queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from townsquare.accounts.models import Account
from townsquare.media.models import MediaAttachment
from townsquare.posts.models import Post
from townsquare.posts.services import boost, publish_post

pytestmark = pytest.mark.django_db


def test_posts_come_in_the_order_asked_and_missing_ones_are_left_out(alice: Account) -> None:
    first = publish_post(author=alice, text="first")
    second = publish_post(author=alice, text="second")
    loaded = Post.objects.in_order([second.id, 12345, first.id])
    assert [post.id for post in loaded] == [second.id, first.id]
    assert Post.objects.in_order([]) == []


def test_authors_boosts_and_images_need_no_further_query(
    alice: Account,
    bob: Account,
    make_image: Callable[..., MediaAttachment],
    django_assert_num_queries: Any,
) -> None:
    images = [make_image(alice, description=f"image {n}") for n in range(3)]
    pictured = publish_post(author=alice, text="pictures", media=images)
    plain = publish_post(author=bob, text="no pictures")
    boosted = boost(account=bob, post=pictured)
    # Ids and revisions, the posts and the people not read before, then the images.
    with django_assert_num_queries(4):
        loaded = Post.objects.in_order([boosted.id, plain.id, pictured.id])
        by_id = {post.id: post for post in loaded}
        original = by_id[boosted.id].reblog_of
        assert original is not None
        assert original.author.username == "alice"
        assert by_id[boosted.id].author.username == "bob"
        shown = [attachment.media.description for attachment in original.attachments.all()]
        assert shown == ["image 0", "image 1", "image 2"]
        again = [a.media.description for a in by_id[pictured.id].attachments.all()]
        assert again == shown
        assert list(by_id[plain.id].attachments.all()) == []
    # A post loaded without attachments stays without them however it is asked.
    assert not by_id[plain.id].attachments.filter(position=0).exists()
    assert by_id[plain.id].attachments.count() == 0
