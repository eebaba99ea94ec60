"""``visible_among`` (the rule on loaded rows) agrees with ``visible_to`` (the rule as SQL)."""

from __future__ import annotations

import random

import pytest
from django.db.models import Q

from tests.factories import AccountFactory
from tests.posts.conftest import blocks, follows
from townsquare.accounts.models import Account
from townsquare.posts.models import Mention, Post
from townsquare.posts.querysets import visible_among

pytestmark = pytest.mark.django_db

VISIBILITIES = ("public", "unlisted", "followers", "direct")


def _world(seed: int) -> list[Account]:
    """Six people with random follows, blocks, mentions, boosts and one deactivated."""
    rng = random.Random(seed)
    people = [AccountFactory.create() for _ in range(6)]
    for a in people:
        for b in people:
            if a == b:
                continue
            if rng.random() < 0.4:
                follows(a, b)
            if rng.random() < 0.1:
                blocks(a, b)
    originals = []
    for author in people:
        for visibility in VISIBILITIES:
            post = Post.objects.create(author=author, visibility=visibility, text="hi")
            for other in rng.sample(people, 2):
                Mention.objects.create(post=post, account=other)
            originals.append(post)
    for booster in people:
        for original in rng.sample(originals, 6):
            Post.objects.create(
                author=booster,
                reblog_of=original,
                visibility=rng.choice(VISIBILITIES),
            )
    Account.objects.filter(pk=people[-1].pk).update(is_active=False)
    return people


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_visible_among_keeps_exactly_what_visible_to_keeps(seed: int) -> None:
    people = _world(seed)
    loaded = list(Post.objects.with_related().order_by("-id"))
    for viewer in [None, *Account.objects.filter(pk__in=[p.pk for p in people])]:
        wanted = set(Post.objects.visible_to(viewer).values_list("id", flat=True))
        kept = visible_among(viewer, loaded)
        assert [post.id for post in kept] == [post.id for post in loaded if post.id in wanted]
        # The world is rich enough to test something: some posts hidden, some shown.
        assert 0 < len(kept) < len(loaded)


def test_a_mention_lets_a_non_follower_see_a_followers_only_post(
    alice: Account, bob: Account
) -> None:
    post = Post.objects.create(author=alice, visibility="followers", text="psst")
    loaded = list(Post.objects.with_related().filter(Q(pk=post.pk)))
    assert visible_among(bob, loaded) == []
    Mention.objects.create(post=post, account=bob)
    assert visible_among(bob, loaded) == loaded


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_viewers_own_posts_alone_agree_with_visible_to(seed: int) -> None:
    # Without anyone else's post on the page the block query is left out: a boost of
    # someone who blocks the viewer must still be hidden.
    people = _world(seed)
    for viewer in Account.objects.filter(pk__in=[p.pk for p in people], is_active=True):
        own = list(Post.objects.with_related().filter(author=viewer).order_by("-id"))
        wanted = set(Post.objects.visible_to(viewer).values_list("id", flat=True))
        kept = visible_among(viewer, own)
        assert [post.id for post in kept] == [post.id for post in own if post.id in wanted]


def test_a_viewers_own_originals_cost_no_query(django_assert_num_queries) -> None:
    me = AccountFactory.create()
    mine = [Post.objects.create(author=me, visibility=v, text="hi") for v in VISIBILITIES]
    loaded = list(Post.objects.with_related().filter(pk__in=[p.pk for p in mine]))
    with django_assert_num_queries(0):
        assert len(visible_among(me, loaded)) == len(mine)
