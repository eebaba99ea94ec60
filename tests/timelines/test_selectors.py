"""Reading feeds: who sees what, in which order, page by page."""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.core.errors import ValidationFailed
from townsquare.core.pagination import MAX_LIMIT, PageRequest
from townsquare.media.models import MediaAttachment
from townsquare.media.services import upload_image
from townsquare.posts.models import Hashtag, Post
from townsquare.posts.services import (
    bookmark,
    boost,
    delete_post,
    like,
    pin,
    publish_post,
)
from townsquare.relationships.models import Follow
from townsquare.relationships.services import block, follow, mute, unfollow
from townsquare.timelines import selectors
from townsquare.timelines.models import TimelineEntry
from townsquare.timelines.services import follow_tag

Committed = Callable[[], AbstractContextManager[Any]]
FIRST = PageRequest()


def ids(page: Any) -> list[int]:
    return [item.id for item in page.items]


def post(committed: Committed, author: Account, text: str = "hello", **options: Any) -> Post:
    with committed():
        return publish_post(author=author, text=text, **options)


def follows(committed: Committed, follower: Account, followee: Account) -> None:
    with committed():
        follow(follower=follower, followee=followee)


def image(owner: Account) -> MediaAttachment:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 200)).save(buffer, "PNG")
    upload = SimpleUploadedFile("pic.png", buffer.getvalue(), content_type="image/png")
    return upload_image(owner=owner, file=upload, description="a blue square")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# home


def test_home_shows_own_and_followed_posts_newest_first(committed, alice, bob, carol):
    follows(committed, alice, bob)
    first = post(committed, alice)
    second = post(committed, bob)
    post(committed, carol)
    assert ids(selectors.home(alice, FIRST)) == [second.id, first.id]


def test_home_rechecks_visibility_of_stale_rows(committed, alice, bob):
    follows(committed, bob, alice)
    secret = post(committed, alice, visibility="followers")
    assert ids(selectors.home(bob, FIRST)) == [secret.id]
    unfollow(follower=bob, followee=alice)  # not committed: the row stays behind
    assert ids(selectors.home(bob, FIRST)) == []


def test_home_hides_muted_authors_and_their_boosted_posts(committed, alice, bob, carol):
    follows(committed, carol, alice)
    follows(committed, carol, bob)
    hers = post(committed, alice)
    with committed():
        boosted = boost(account=bob, post=hers)
    his = post(committed, bob)
    assert set(ids(selectors.home(carol, FIRST))) == {hers.id, boosted.id, his.id}
    with committed():
        mute(muter=carol, muted=alice)
    assert ids(selectors.home(carol, FIRST)) == [his.id]


def test_home_of_a_deleted_post_is_gone(committed, alice, bob):
    follows(committed, bob, alice)
    hello = post(committed, alice)
    with committed():
        delete_post(actor=alice, post=hello)
    assert ids(selectors.home(bob, FIRST)) == []
    assert not TimelineEntry.objects.filter(post_id=hello.id).exists()


def test_home_passes_over_entries_whose_post_is_gone_without_them(committed, alice, bob):
    # Entries have no constraint in the database: fan-out may write one for a post
    # deleted meanwhile, and the home page must not trip on it.
    follows(committed, bob, alice)
    kept = post(committed, alice, "kept")
    with committed():
        TimelineEntry.objects.create(owner=bob, post_id=kept.id + 1, author_id=alice.id)
    assert ids(selectors.home(bob, FIRST)) == [kept.id]


def test_home_merges_large_accounts_at_read_time(committed, settings, alice, bob, carol, dave):
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "FANOUT_THRESHOLD": 2}
    follows(committed, bob, alice)
    follows(committed, carol, alice)  # alice is now "large"
    follows(committed, bob, dave)
    mixed = []
    for n in range(6):
        mixed.append(post(committed, alice, f"large {n}"))
        mixed.append(post(committed, dave, f"small {n}"))
    newest_first = [p.id for p in reversed(mixed)]
    assert ids(selectors.home(bob, FIRST)) == newest_first
    first = selectors.home(bob, PageRequest(limit=5))
    second = selectors.home(bob, PageRequest(max_id=first.next_max_id, limit=5))
    assert ids(first) + ids(second) == newest_first[:10]
    newer = selectors.home(bob, PageRequest(min_id=newest_first[5], limit=3))
    assert ids(newer) == newest_first[2:5]
    assert ids(selectors.home(dave, FIRST)) == [p.id for p in reversed(mixed) if p.author == dave]


def test_home_merge_respects_followers_only_and_show_boosts(
    committed, settings, alice, bob, carol, dave
):
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "FANOUT_THRESHOLD": 2}
    follows(committed, bob, alice)
    follows(committed, carol, alice)
    secret = post(committed, alice, visibility="followers")
    elsewhere = post(committed, dave)
    with committed():
        boosted = boost(account=alice, post=elsewhere)
    assert ids(selectors.home(bob, FIRST)) == [boosted.id, secret.id]
    Follow.objects.filter(follower=bob, followee=alice).update(show_boosts=False)
    assert ids(selectors.home(bob, FIRST)) == [secret.id]
    assert ids(selectors.home(dave, FIRST)) == [elsewhere.id]  # dave doesn't follow alice


def test_home_merge_leaves_out_replies_to_strangers(committed, settings, alice, bob, carol, dave):
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "FANOUT_THRESHOLD": 2}
    follows(committed, bob, alice)
    follows(committed, carol, alice)
    question = post(committed, dave, "question")
    answer = post(committed, alice, "answer", in_reply_to=question)
    assert answer.id not in ids(selectors.home(bob, FIRST))
    follows(committed, bob, dave)
    assert answer.id in ids(selectors.home(bob, FIRST))


def test_home_costs_the_same_few_queries_for_any_page_size(
    committed, alice, bob, carol, django_assert_max_num_queries
):
    follows(committed, alice, bob)
    follows(committed, alice, carol)
    for n in range(10):
        with_media = post(committed, bob, f"picture {n}", media=[image(bob)])
        with committed():
            boost(account=carol, post=with_media)
    page = PageRequest(limit=20)
    with django_assert_max_num_queries(8) as captured:
        shown = selectors.home(alice, page)
        for item in shown.items:
            original = item.reblog_of or item
            _ = (item.author.username, original.author.username)
            _ = [a.media.description for a in original.attachments.all()]
    assert len(shown.items) == 20
    assert sum(1 for item in shown.items if item.reblog_of is not None) == 10
    small = len(captured.captured_queries)
    with django_assert_max_num_queries(small) as again:
        selectors.home(alice, PageRequest(limit=2))
    assert len(again.captured_queries) <= small


def home_queries(viewer: Account) -> int:
    with CaptureQueriesContext(connection) as queries:
        selectors.home(viewer, FIRST)
    return len(queries.captured_queries)


def test_home_with_large_followees_and_followed_tags_costs_no_more_queries(
    committed, settings, alice, bob, carol, dave
):
    follows(committed, alice, bob)
    follows(committed, alice, carol)
    for n in range(3):
        post(committed, bob, f"bob {n}", visibility="followers")
        post(committed, carol, f"carol {n}")
    without = home_queries(alice)

    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "FANOUT_THRESHOLD": 1}  # bob and carol
    merged = [post(committed, bob, "bob merged", visibility="followers")]
    merged.append(post(committed, carol, "carol merged"))
    merged.append(post(committed, dave, "#birds"))
    follow_tag(account=alice, hashtag=Hashtag.objects.get(name="birds"))
    assert not TimelineEntry.objects.filter(owner=alice, post__in=merged).exists()
    assert ids(selectors.home(alice, FIRST))[:3] == [p.id for p in reversed(merged)]
    assert home_queries(alice) <= without


# paging


@pytest.fixture
def twelve(committed, alice) -> list[int]:
    """Twelve of alice's posts in her home, newest first."""
    return [post(committed, alice, f"n{n}").id for n in range(12)][::-1]


def test_paging_with_max_id_walks_back_without_gaps(alice, twelve):
    seen: list[int] = []
    page = PageRequest(limit=5)
    while True:
        result = selectors.home(alice, page)
        if not result.items:
            break
        seen += ids(result)
        page = PageRequest(max_id=result.next_max_id, limit=5)
    assert seen == twelve


def test_since_id_gives_the_newest_and_min_id_the_next_newer(alice, twelve):
    anchor = twelve[8]
    assert ids(selectors.home(alice, PageRequest(since_id=anchor, limit=3))) == twelve[:3]
    assert ids(selectors.home(alice, PageRequest(min_id=anchor, limit=3))) == twelve[5:8]
    page = selectors.home(alice, PageRequest(min_id=anchor, limit=3))
    assert (page.prev_min_id, page.next_max_id) == (twelve[5], twelve[7])


@pytest.mark.parametrize(("limit", "expected"), [(0, 1), (-5, 1), (10_000, MAX_LIMIT), (3, 3)])
def test_the_limit_is_clamped(committed, alice, limit, expected):
    for n in range(MAX_LIMIT + 1):
        post(committed, alice, f"n{n}")
    assert len(selectors.home(alice, PageRequest(limit=limit)).items) == expected
    assert len(selectors.local(None, PageRequest(limit=limit)).items) == expected


def test_absurd_parameters_mean_the_first_page(alice, twelve):
    params = {"max_id": "'; DROP TABLE", "since_id": "-4", "min_id": str(10**40), "limit": "x"}
    page = selectors.home(alice, PageRequest.from_params(params))
    assert ids(page) == twelve


def test_an_empty_page_has_no_cursors(alice):
    page = selectors.home(alice, FIRST)
    assert (list(page.items), page.next_max_id, page.prev_min_id) == ([], None, None)


# local and hashtag


def test_local_shows_public_originals_without_replies_to_others(committed, alice, bob):
    hello = post(committed, alice)
    post(committed, alice, visibility="unlisted")
    post(committed, alice, visibility="followers")
    post(committed, alice, "@bob hi", visibility="direct")
    thread = post(committed, alice, "more", in_reply_to=hello)
    post(committed, bob, "reply", in_reply_to=hello)
    with committed():
        boost(account=bob, post=hello)
    expected = [thread.id, hello.id]
    assert ids(selectors.local(None, FIRST)) == expected
    assert ids(selectors.local(AnonymousUser(), FIRST)) == expected
    assert ids(selectors.local(bob, FIRST)) == expected


def test_local_hides_blocked_and_muted_authors(committed, alice, bob, carol):
    hers = post(committed, alice)
    his = post(committed, bob)
    with committed():
        mute(muter=carol, muted=alice)
    assert ids(selectors.local(carol, FIRST)) == [his.id]
    with committed():
        block(blocker=bob, blocked=carol)
    assert ids(selectors.local(carol, FIRST)) == []
    assert ids(selectors.local(None, FIRST)) == [his.id, hers.id]


def test_hashtag_finds_public_posts_in_any_case(committed, alice, bob, carol):
    tagged = post(committed, alice, "I like #Django")
    post(committed, alice, "quiet #django", visibility="unlisted")
    post(committed, alice, "secret #django", visibility="followers")
    post(committed, alice, "no tag")
    muted_tag = post(committed, bob, "#DJANGO too")
    assert ids(selectors.hashtag("django", None, FIRST)) == [muted_tag.id, tagged.id]
    assert ids(selectors.hashtag("#DJANGO", carol, FIRST)) == [muted_tag.id, tagged.id]
    with committed():
        mute(muter=carol, muted=bob)
    assert ids(selectors.hashtag("Django", carol, FIRST)) == [tagged.id]
    assert ids(selectors.hashtag("nothing", carol, FIRST)) == []


# profiles


@pytest.fixture
def profile_world(committed, alice, bob):
    hello = post(committed, alice, "hello")
    own_thread = post(committed, alice, "and more", in_reply_to=hello)
    elsewhere = post(committed, bob, "bob's")
    to_bob = post(committed, alice, "reply to bob", in_reply_to=elsewhere)
    picture = post(committed, alice, "look", media=[image(alice)])
    with committed():
        boosted = boost(account=alice, post=elsewhere)
    secret = post(committed, alice, "followers", visibility="followers")
    return {
        "hello": hello.id,
        "own_thread": own_thread.id,
        "to_bob": to_bob.id,
        "picture": picture.id,
        "boosted": boosted.id,
        "secret": secret.id,
    }


def test_profile_tabs(alice, profile_world):
    w = profile_world
    posts_tab = [w["secret"], w["boosted"], w["picture"], w["own_thread"], w["hello"]]
    assert ids(selectors.profile(alice, None, FIRST, "posts")) == [
        i for i in posts_tab if i != w["secret"]
    ]
    assert ids(selectors.profile(alice, alice, FIRST, "posts")) == posts_tab
    replies = sorted(w.values(), reverse=True)
    assert ids(selectors.profile(alice, alice, FIRST, "replies")) == replies
    assert ids(selectors.profile(alice, alice, FIRST, "media")) == [w["picture"]]


def test_profile_rejects_unknown_tabs(alice):
    with pytest.raises(ValidationFailed):
        selectors.profile(alice, None, FIRST, "secrets")  # type: ignore[arg-type]


def test_profile_of_a_blocked_pair_is_empty(committed, alice, bob, profile_world):
    with committed():
        pin(account=alice, post=Post.objects.get(id=profile_world["hello"]))
        block(blocker=bob, blocked=alice)
    assert ids(selectors.profile(alice, bob, FIRST, "posts")) == []
    assert ids(selectors.profile(bob, alice, FIRST, "replies")) == []
    assert selectors.pinned(alice, bob) == []


def test_profile_of_a_muted_person_still_shows_their_posts(committed, alice, bob):
    hello = post(committed, alice)
    with committed():
        mute(muter=bob, muted=alice)
    assert ids(selectors.profile(alice, bob, FIRST, "posts")) == [hello.id]


def test_pinned_shows_visible_pins_latest_first(committed, alice, bob, carol):
    follows(committed, bob, alice)
    hello = post(committed, alice)
    secret = post(committed, alice, visibility="followers")
    with committed():
        pin(account=alice, post=hello)
        pin(account=alice, post=secret)
    assert [p.id for p in selectors.pinned(alice, bob)] == [secret.id, hello.id]
    assert [p.id for p in selectors.pinned(alice, carol)] == [hello.id]
    assert [p.id for p in selectors.pinned(alice, None)] == [hello.id]


# bookmarks and likes


@pytest.mark.parametrize(("action", "feed"), [(bookmark, "bookmarks"), (like, "likes")])
def test_saved_posts_page_by_when_they_were_saved(committed, alice, bob, action, feed):
    older = post(committed, bob, "older")
    newer = post(committed, bob, "newer")
    with committed():
        first = action(account=alice, post=newer)
        second = action(account=alice, post=older)
    read = getattr(selectors, feed)
    page = read(alice, PageRequest(limit=1))
    assert ids(page) == [older.id]
    assert page.next_max_id == second.id
    following = read(alice, PageRequest(max_id=page.next_max_id, limit=1))
    assert ids(following) == [newer.id]
    assert following.next_max_id == first.id
    assert ids(read(alice, PageRequest(min_id=first.id))) == [older.id]


@pytest.mark.parametrize(("action", "feed"), [(bookmark, "bookmarks"), (like, "likes")])
def test_saved_posts_disappear_when_no_longer_visible(committed, alice, bob, action, feed):
    follows(committed, alice, bob)
    secret = post(committed, bob, "followers", visibility="followers")
    hello = post(committed, bob)
    with committed():
        action(account=alice, post=secret)
        action(account=alice, post=hello)
    read = getattr(selectors, feed)
    assert ids(read(alice, FIRST)) == [hello.id, secret.id]
    with committed():
        unfollow(follower=alice, followee=bob)
    assert ids(read(alice, FIRST)) == [hello.id]
    with committed():
        delete_post(actor=bob, post=hello)
    assert ids(read(alice, FIRST)) == []


def test_saved_posts_of_others_are_private(committed, alice, bob):
    hello = post(committed, bob)
    with committed():
        bookmark(account=alice, post=hello)
    other = AccountFactory.create()
    assert ids(selectors.bookmarks(other, FIRST)) == []
