"""The admin deletes through the service, so nothing is left half-counted."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import AdminSite
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.core.errors import Forbidden
from townsquare.posts.admin import PostAdmin
from townsquare.posts.models import Post
from townsquare.posts.services import boost, publish_post

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
