"""Follow, block and mute as forms: plain POST with a redirect, and htmx swapping the controls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import AccountFactory
from tests.web.relationship_pages import HTMX, client_for, follows, lock, page
from townsquare.relationships import services
from townsquare.relationships.models import Block, Follow, FollowRequest, Mute


class TestActionsWithoutJavaScript:
    def test_follow_redirects_to_the_profile(self, alice, bob):
        response = client_for(alice).post("/@bob/follow")

        assert response.status_code == 302
        assert response["Location"] == reverse("web:profile", args=["bob"])
        assert follows(alice, bob)

    def test_follow_goes_back_to_next(self, alice, bob):
        response = client_for(alice).post("/@bob/follow", {"next": "/@bob/followers?x=1"})

        assert response["Location"] == "/@bob/followers?x=1"

    @pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/", "javascript:x"])
    def test_next_elsewhere_is_ignored(self, alice, bob, unsafe):
        response = client_for(alice).post("/@bob/follow", {"next": unsafe})

        assert response["Location"] == "/@bob"

    def test_username_is_case_insensitive(self, alice, bob):
        client_for(alice).post("/@BoB/follow")

        assert follows(alice, bob)

    def test_the_outcome_is_shown_as_a_message(self, alice, bob):
        response = client_for(alice).post("/@bob/follow", follow=True)

        assert "You follow @bob." in response.content.decode()

    def test_a_locked_account_gets_a_request(self, alice, bob):
        lock(bob)

        response = client_for(alice).post("/@bob/follow", follow=True)

        assert FollowRequest.objects.filter(requester=alice, target=bob).exists()
        assert not follows(alice, bob)
        assert "You asked to follow @bob." in response.content.decode()

    def test_unfollow(self, alice, bob):
        services.follow(follower=alice, followee=bob)

        response = client_for(alice).post("/@bob/unfollow")

        assert response.status_code == 302
        assert not follows(alice, bob)

    def test_following_someone_you_block_says_why(self, alice, bob):
        services.block(blocker=alice, blocked=bob)

        response = client_for(alice).post("/@bob/follow", follow=True)

        assert "Unblock @bob before following them." in response.content.decode()
        assert not follows(alice, bob)

    def test_block_ends_follows_both_ways(self, alice, bob):
        services.follow(follower=alice, followee=bob)
        services.follow(follower=bob, followee=alice)

        response = client_for(alice).post("/@bob/block")

        assert response.status_code == 302
        assert Block.objects.filter(blocker=alice, blocked=bob).exists()
        assert not Follow.objects.exists()

    def test_unblock(self, alice, bob):
        services.block(blocker=alice, blocked=bob)

        client_for(alice).post("/@bob/unblock")

        assert not Block.objects.exists()

    def test_you_can_unblock_someone_who_blocks_you_too(self, alice, bob):
        services.block(blocker=alice, blocked=bob)
        services.block(blocker=bob, blocked=alice)

        response = client_for(alice).post("/@bob/unblock")

        assert response.status_code == 302
        assert list(Block.objects.values_list("blocker_id", flat=True)) == [bob.pk]

    @pytest.mark.parametrize(
        ("duration", "expected"),
        [("3600", timedelta(hours=1)), ("86400", timedelta(days=1)), ("604800", timedelta(days=7))],
    )
    def test_mute_for_a_while(self, alice, bob, duration, expected):
        before = timezone.now()

        client_for(alice).post("/@bob/mute", {"duration": duration, "hide_notifications": "on"})

        mute = Mute.objects.get(muter=alice, muted=bob)
        assert mute.expires_at is not None
        assert before + expected <= mute.expires_at <= timezone.now() + expected
        assert mute.hide_notifications is True

    def test_mute_forever_keeping_notifications(self, alice, bob):
        client_for(alice).post("/@bob/mute", {"duration": ""})

        mute = Mute.objects.get(muter=alice, muted=bob)
        assert mute.expires_at is None
        assert mute.hide_notifications is False

    def test_mute_with_a_made_up_duration_is_refused(self, alice, bob):
        response = client_for(alice).post("/@bob/mute", {"duration": "12"}, follow=True)

        assert "Choose how long to mute for." in response.content.decode()
        assert not Mute.objects.exists()

    def test_unmute(self, alice, bob):
        services.mute(muter=alice, muted=bob)

        client_for(alice).post("/@bob/unmute")

        assert not Mute.objects.exists()


class TestActionsGuards:
    ACTIONS = ("follow", "unfollow", "block", "unblock", "mute", "unmute")

    @pytest.mark.parametrize("action", ACTIONS)
    def test_anonymous_people_are_sent_to_log_in(self, bob, action):
        response = Client().post(f"/@bob/{action}")

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))

    @pytest.mark.parametrize("action", ACTIONS)
    def test_only_post_is_allowed(self, alice, bob, action):
        response = client_for(alice).get(f"/@bob/{action}")

        assert response.status_code == 405
        assert not Follow.objects.exists()

    @pytest.mark.parametrize("action", ACTIONS)
    def test_unknown_people_are_not_found(self, alice, action):
        response = client_for(alice).post(f"/@nobody/{action}")

        assert response.status_code == 404

    @pytest.mark.parametrize("action", ["follow", "unfollow", "block", "mute"])
    def test_people_who_block_you_are_not_found(self, alice, bob, action):
        services.block(blocker=bob, blocked=alice)

        response = client_for(alice).post(f"/@bob/{action}")

        assert response.status_code == 404
        assert not Follow.objects.exists()
        assert not Mute.objects.exists()
        assert Block.objects.count() == 1

    def test_deactivated_people_are_not_found(self, alice):
        AccountFactory.create(username="gone", is_active=False)

        assert client_for(alice).post("/@gone/follow").status_code == 404

    def test_the_csrf_token_is_required(self, alice, bob):
        client = Client(enforce_csrf_checks=True)
        client.force_login(alice)

        response = client.post("/@bob/follow")

        assert response.status_code == 403
        assert not follows(alice, bob)


class TestActionsWithHtmx:
    def test_follow_answers_with_fresh_controls(self, alice, bob):
        response = client_for(alice).post("/@bob/follow", {"next": "/@bob"}, headers=HTMX)

        body = response.content.decode()
        assert response.status_code == 200
        assert 'id="follow-controls-bob"' in body
        assert "Unfollow" in body
        assert 'hx-post="/@bob/unfollow"' in body
        assert "<html" not in body
        assert follows(alice, bob)

    def test_the_fresh_controls_keep_the_page_to_return_to(self, alice, bob):
        response = client_for(alice).post("/@bob/follow", {"next": "/local"}, headers=HTMX)

        assert 'name="next" value="/local"' in response.content.decode()

    def test_asking_a_locked_account_shows_requested(self, alice, bob):
        lock(bob)

        body = client_for(alice).post("/@bob/follow", headers=HTMX).content.decode()

        assert "Requested (cancel)" in body
        assert 'action="/@bob/unfollow"' in body

    def test_block_shows_unblock_only(self, alice, bob):
        body = client_for(alice).post("/@bob/block", headers=HTMX).content.decode()

        assert "Unblock" in body
        assert 'action="/@bob/follow"' not in body
        assert 'action="/@bob/mute"' not in body

    def test_mute_shows_unmute(self, alice, bob):
        body = (
            client_for(alice)
            .post("/@bob/mute", {"duration": "3600"}, headers=HTMX)
            .content.decode()
        )

        assert 'action="/@bob/unmute"' in body
        assert 'action="/@bob/mute"' not in body

    def test_an_error_is_shown_inside_the_controls(self, alice, bob):
        services.block(blocker=alice, blocked=bob)

        response = client_for(alice).post("/@bob/follow", headers=HTMX)

        assert response.status_code == 200
        assert "Unblock @bob before following them." in response.content.decode()


class TestFollowButton:
    """The partial as a profile shows it, in each state."""

    def test_a_stranger_sees_follow_mute_and_block(self, alice, bob):
        body = page(client_for(alice), "/@bob")

        assert 'action="/@bob/follow"' in body
        assert 'action="/@bob/mute"' in body
        assert 'action="/@bob/block"' in body
        for label in ("Forever", "1 hour", "1 day", "7 days"):
            assert f">{label}</option>" in body

    def test_a_follower_sees_unfollow(self, alice, bob):
        services.follow(follower=alice, followee=bob)

        body = page(client_for(alice), "/@bob")

        assert 'action="/@bob/unfollow"' in body
        assert 'action="/@bob/follow"' not in body

    def test_the_plain_form_returns_to_the_page_it_was_on(self, alice, bob, carol):
        services.follow(follower=carol, followee=alice)

        body = page(client_for(bob), "/@alice/followers")

        assert 'name="next" value="/@alice/followers"' in body
