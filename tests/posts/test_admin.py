"""The admin deletes through the service, so nothing is left half-counted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.admin.sites import AdminSite
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.utils import timezone

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.core.errors import Forbidden
from townsquare.media.models import MediaAttachment
from townsquare.posts.admin import PostAdmin
from townsquare.posts.models import FeaturedTag, PollVote, Post, ScheduledPost
from townsquare.posts.services import (
    PollSpec,
    boost,
    feature_tag,
    publish_post,
    schedule_post,
    vote,
)

pytestmark = pytest.mark.django_db


def _admin() -> PostAdmin:
    return PostAdmin(Post, AdminSite())


def test_deleting_in_the_admin_uses_the_service(alice: Account, bob: Account) -> None:
    staff = AccountFactory.create(username="staff", is_staff=True)
    post = publish_post(author=alice, text="bad")
    boost(account=bob, post=post)
    request = RequestFactory().post("/")
    request.user = staff
    _admin().delete_queryset(request, Post.objects.filter(pk=post.pk))
    assert not Post.objects.exists()
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert (alice.posts_count, bob.posts_count) == (0, 0)


def test_only_staff_delete_in_the_admin(alice: Account) -> None:
    post = publish_post(author=alice, text="mine")
    request = RequestFactory().post("/")
    request.user = AnonymousUser()
    with pytest.raises(Forbidden):
        _admin().delete_model(request, post)
    assert Post.objects.exists()


def test_posts_are_not_added_in_the_admin(alice: Account) -> None:
    request = RequestFactory().get("/")
    request.user = alice
    assert not _admin().has_add_permission(request)


def _superuser_client() -> Client:
    client = Client()
    client.force_login(AccountFactory.create(username="boss", is_staff=True, is_superuser=True))
    return client


def test_polls_votes_scheduled_and_featured_tags_are_listed_and_searchable(
    alice: Account, bob: Account
) -> None:
    post = publish_post(
        author=alice, text="Which?", poll=PollSpec(options=["tea", "coffee"], expires_in=3600)
    )
    vote(voter=bob, poll_id=post.poll.id, choices=[1])
    scheduled = schedule_post(
        author=alice, text="later", scheduled_at=timezone.now() + timedelta(hours=1)
    )
    featured = feature_tag(account=alice, name="tea")
    client = _superuser_client()
    pages = {
        "poll": (post.poll.id, "alice"),
        "pollvote": (PollVote.objects.get().id, "bob"),
        "scheduledpost": (scheduled.id, "alice"),
        "featuredtag": (featured.id, "tea"),
    }
    for model, (pk, query) in pages.items():
        listing = client.get(f"/admin/posts/{model}/?q={query}")
        assert listing.status_code == 200, model
        assert f"/admin/posts/{model}/{pk}/change/" in listing.content.decode(), model
        assert client.get(f"/admin/posts/{model}/{pk}/change/").status_code == 200, model
        assert client.get(f"/admin/posts/{model}/add/").status_code == 403, model
    detail = client.get(f"/admin/posts/poll/{post.poll.id}/change/").content.decode()
    assert "coffee" in detail


def test_polls_and_votes_are_view_only(alice: Account, bob: Account) -> None:
    post = publish_post(
        author=alice, text="Which?", poll=PollSpec(options=["tea", "coffee"], expires_in=3600)
    )
    vote(voter=bob, poll_id=post.poll.id, choices=[0])
    client = _superuser_client()
    assert client.get(f"/admin/posts/poll/{post.poll.id}/delete/").status_code == 403
    changed = client.post(f"/admin/posts/poll/{post.poll.id}/change/", {"votes_count": "99"})
    assert changed.status_code == 403
    vote_id = PollVote.objects.get().id
    deleted = client.post(f"/admin/posts/pollvote/{vote_id}/delete/", {"post": "yes"})
    assert deleted.status_code == 403
    assert PollVote.objects.filter(pk=vote_id).exists()


def test_scheduled_posts_and_featured_tags_are_deleted_and_uploads_kept(
    alice: Account, make_image: Callable[..., MediaAttachment]
) -> None:
    media = make_image(alice)
    scheduled = schedule_post(
        author=alice,
        text="later",
        scheduled_at=timezone.now() + timedelta(hours=1),
        media=[media],
    )
    featured = feature_tag(account=alice, name="tea")
    client = _superuser_client()

    for model, pk in (("scheduledpost", scheduled.id), ("featuredtag", featured.id)):
        response = client.post(f"/admin/posts/{model}/{pk}/delete/", {"post": "yes"})
        assert response.status_code == 302, model

    assert not ScheduledPost.objects.exists()
    assert not FeaturedTag.objects.exists()
    assert MediaAttachment.objects.filter(pk=media.pk).exists()  # back to an unattached upload
