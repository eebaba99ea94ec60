"""Relationship pages: lists of people, follow requests, and the blocks and mutes settings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import AccountFactory
from tests.web.relationship_pages import HTMX, client_for, follows, lock, page
from townsquare.accounts.models import Account
from townsquare.relationships import services
from townsquare.relationships.models import Follow, FollowRequest, Mute


class TestPeopleLists:
    def test_followers_list_names_and_links(self, alice, bob, carol):
        services.follow(follower=bob, followee=alice)
        services.follow(follower=carol, followee=alice)

        body = page(Client(), "/@alice/followers")

        assert body.index("Carol") < body.index("Bob")
        assert "@bob" in body
        assert f'href="{reverse("web:profile", args=["carol"])}"' in body

    def test_following_list(self, alice, bob, carol):
        services.follow(follower=alice, followee=carol)

        body = page(Client(), "/@alice/following")

        assert "@carol" in body
        assert "@bob" not in body

    def test_friends_list_shows_mutual_follows(self, alice, bob, carol):
        services.follow(follower=alice, followee=bob)
        services.follow(follower=bob, followee=alice)
        services.follow(follower=carol, followee=alice)

        body = page(Client(), "/@alice/friends")

        assert "@bob" in body
        assert "@carol" not in body

    def test_empty_lists_say_so(self, alice):
        assert "No followers yet." in page(Client(), "/@alice/followers")
        assert "Not following anyone yet." in page(Client(), "/@alice/following")
        assert "No friends yet" in page(Client(), "/@alice/friends")

    def test_a_locked_accounts_lists_are_public(self, alice, bob):
        services.follow(follower=bob, followee=lock(alice))
        services.approve_follow_request(target=alice, requester=bob)

        assert "@bob" in page(Client(), "/@alice/followers")

    @pytest.mark.parametrize("kind", ["followers", "following", "friends"])
    @pytest.mark.parametrize("viewer_blocks", [True, False])
    def test_blocked_either_way_is_not_found(self, alice, bob, kind, viewer_blocks):
        if viewer_blocks:
            services.block(blocker=bob, blocked=alice)
        else:
            services.block(blocker=alice, blocked=bob)

        response = client_for(bob).get(f"/@alice/{kind}")

        assert response.status_code == 404

    def test_unknown_people_have_no_lists(self, db):
        assert Client().get("/@nobody/followers").status_code == 404

    def test_people_blocked_by_the_viewer_are_left_out(self, alice, bob, carol, dave):
        services.follow(follower=bob, followee=alice)
        services.follow(follower=carol, followee=alice)
        services.block(blocker=dave, blocked=bob)

        body = page(client_for(dave), "/@alice/followers")

        assert "@carol" in body
        assert "@bob" not in body

    def test_signed_in_viewers_get_follow_controls_per_person(self, alice, bob, carol, dave):
        for follower in (bob, carol, dave):
            services.follow(follower=follower, followee=alice)
        services.follow(follower=carol, followee=bob)
        services.follow(follower=bob, followee=carol)

        body = page(client_for(carol), "/@alice/followers")

        assert 'action="/@bob/unfollow"' in body
        assert 'action="/@dave/follow"' in body
        assert 'id="follow-controls-carol"' not in body  # not for yourself
        assert body.count("Follows you") == 1

    def test_lists_are_paged(self, alice):
        people = [AccountFactory.create() for _ in range(3)]
        for person in people:
            services.follow(follower=person, followee=alice)

        first = page(Client(), "/@alice/followers?limit=2")
        assert f"@{people[2].username}" in first
        assert f"@{people[1].username}" in first
        assert f"@{people[0].username}<" not in first
        next_max_id = Follow.objects.get(follower=people[1]).pk
        assert f"?max_id={next_max_id}" in first

        second = page(Client(), f"/@alice/followers?limit=2&max_id={next_max_id}")
        assert f"@{people[0].username}" in second
        assert f"@{people[1].username}<" not in second
        assert "max_id=" not in second


class TestFollowRequestsPage:
    @pytest.fixture
    def requested(self, alice: Account, bob: Account, carol: Account) -> Account:
        """Alice is locked; Bob and then Carol asked to follow her."""
        alice = lock(alice)
        services.follow(follower=bob, followee=alice)
        services.follow(follower=carol, followee=alice)
        return alice

    def test_lists_requests_newest_first(self, requested):
        body = page(client_for(requested), "/follow-requests")

        assert body.index("@carol") < body.index("@bob")
        assert 'action="/follow-requests/bob/approve"' in body
        assert 'action="/follow-requests/bob/reject"' in body

    def test_nobody_waiting(self, bob):
        assert "No one is waiting" in page(client_for(bob), "/follow-requests")

    def test_approve(self, requested, bob):
        response = client_for(requested).post("/follow-requests/bob/approve")

        assert response.status_code == 302
        assert response["Location"] == "/follow-requests"
        assert follows(bob, requested)
        assert not FollowRequest.objects.filter(requester=bob).exists()

    def test_reject(self, requested, bob):
        client_for(requested).post("/follow-requests/bob/reject")

        assert not follows(bob, requested)
        assert not FollowRequest.objects.filter(requester=bob).exists()
        assert FollowRequest.objects.filter(requester__username="carol").exists()

    def test_approve_with_htmx_replaces_the_row(self, requested, bob):
        response = client_for(requested).post("/follow-requests/bob/approve", headers=HTMX)

        body = response.content.decode()
        assert body.strip().startswith("<li")
        assert "@bob now follows you." in body
        assert follows(bob, requested)

    def test_approving_someone_who_never_asked_is_not_found(self, requested, dave):
        response = client_for(requested).post("/follow-requests/dave/approve")

        assert response.status_code == 404
        assert not follows(dave, requested)

    def test_you_can_only_answer_your_own_requests(self, requested, dave):
        response = client_for(dave).post("/follow-requests/bob/approve")

        assert response.status_code == 404
        assert FollowRequest.objects.filter(requester__username="bob").exists()

    def test_needs_sign_in(self, requested):
        response = Client().get("/follow-requests")

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))


class TestSettingsPages:
    def test_blocks_page_lists_blocks_with_unblock(self, alice, bob, carol):
        services.block(blocker=alice, blocked=bob)
        services.block(blocker=carol, blocked=alice)

        body = page(client_for(alice), "/settings/blocks")

        assert "@bob" in body
        assert "@carol" not in body
        assert 'action="/@bob/unblock"' in body
        assert 'name="next" value="/settings/blocks"' in body

    def test_unblocking_from_the_blocks_page_returns_there(self, alice, bob):
        services.block(blocker=alice, blocked=bob)

        response = client_for(alice).post("/@bob/unblock", {"next": "/settings/blocks"})

        assert response["Location"] == "/settings/blocks"
        assert "You don't block anyone." in page(client_for(alice), "/settings/blocks")

    def test_mutes_page_lists_active_mutes_with_their_end(self, alice, bob, carol, dave):
        services.mute(muter=alice, muted=bob)
        services.mute(muter=alice, muted=carol, duration=timedelta(days=1))
        services.mute(muter=alice, muted=dave, duration=timedelta(hours=1))
        Mute.objects.filter(muted=dave).update(expires_at=timezone.now() - timedelta(minutes=1))

        body = page(client_for(alice), "/settings/mutes")

        assert "@bob" in body
        assert "forever" in body
        assert "@carol" in body
        assert "until <time" in body
        assert "@dave" not in body
        assert 'action="/@carol/unmute"' in body

    def test_no_mutes(self, alice):
        assert "You don't mute anyone." in page(client_for(alice), "/settings/mutes")

    @pytest.mark.parametrize(
        ("url", "current"),
        [
            ("/settings/blocks", "Blocked"),
            ("/settings/mutes", "Muted"),
            ("/follow-requests", "Follow requests"),
        ],
    )
    def test_the_pages_link_to_each_other(self, alice, url, current):
        body = page(client_for(alice), url)

        for link in ("/follow-requests", "/settings/blocks", "/settings/mutes"):
            assert f'href="{link}"' in body
        assert body.count('aria-current="page"') == 1
        assert f'aria-current="page">{current}</a>' in body

    @pytest.mark.parametrize("url", ["/settings/blocks", "/settings/mutes"])
    def test_need_sign_in(self, db, url):
        response = Client().get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))


@pytest.mark.parametrize("page", ["settings_profile", "password_change", "blocks", "mutes"])
def test_every_settings_page_links_to_requests_blocks_and_mutes(alice: Account, page: str) -> None:
    client = Client()
    client.force_login(alice)
    body = client.get(reverse(f"web:{page}")).content.decode()
    for target in ("follow_requests", "blocks", "mutes", "settings_profile"):
        assert f'href="{reverse(f"web:{target}")}"' in body
    assert f'href="{reverse(f"web:{page}")}" aria-current="page"' in body
