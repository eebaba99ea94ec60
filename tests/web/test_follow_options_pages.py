"""The boosts and notify toggles on a followed profile, and ``status`` notifications on the page."""

from __future__ import annotations

import html

from tests.web.relationship_pages import HTMX, client_for, page
from townsquare.accounts.models import Account
from townsquare.posts.services import publish_post
from townsquare.relationships import services
from townsquare.relationships.models import Follow


def options(follower: Account, followee: Account) -> tuple[bool, bool]:
    edge = Follow.objects.get(follower=follower, followee=followee)
    return edge.show_boosts, edge.notify


def test_a_followed_profile_offers_both_toggles(alice, bob):
    services.follow(follower=alice, followee=bob)

    body = page(client_for(alice), "/@bob")

    assert "Hide boosts" in body
    assert "Notify me of posts" in body
    assert 'action="/@bob/follow-options"' in body


def test_a_profile_one_does_not_follow_has_no_toggles(alice, bob):
    body = page(client_for(alice), "/@bob")

    assert "Hide boosts" not in body
    assert "Notify me of posts" not in body


def test_toggles_work_without_javascript(alice, bob):
    services.follow(follower=alice, followee=bob)
    client = client_for(alice)

    hidden = client.post("/@bob/follow-options", {"show_boosts": "false", "next": "/@bob"})
    assert hidden.status_code == 302
    assert hidden["Location"] == "/@bob"
    assert options(alice, bob) == (False, False)

    shown = client.post("/@bob/follow-options", {"notify": "true"}, follow=True)
    assert options(alice, bob) == (False, True)
    body = shown.content.decode()
    assert "You will be notified when @bob posts." in body
    assert "Show boosts" in body
    assert "Stop notifying" in body


def test_htmx_swaps_the_controls_with_the_new_state(alice, bob):
    services.follow(follower=alice, followee=bob)

    response = client_for(alice).post("/@bob/follow-options", {"notify": "on"}, headers=HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div class="follow-controls" id="follow-controls-bob">')
    assert "Stop notifying" in body
    assert "Hide boosts" in body
    assert options(alice, bob) == (True, True)


def test_without_a_follow_the_toggle_says_why(alice, bob):
    response = client_for(alice).post("/@bob/follow-options", {"notify": "true"}, follow=True)

    assert "You don&#x27;t follow @bob." in response.content.decode()
    assert not Follow.objects.exists()


def test_toggles_need_log_in_and_post(alice, bob):
    assert client_for().post("/@bob/follow-options", {"notify": "true"}).status_code == 302
    assert client_for(alice).get("/@bob/follow-options").status_code == 405


def test_someone_who_blocks_you_is_a_404(alice, bob):
    services.follow(follower=alice, followee=bob)
    services.block(blocker=bob, blocked=alice)

    response = client_for(alice).post("/@bob/follow-options", {"notify": "true"})

    assert response.status_code == 404


def test_the_notifications_page_shows_who_posted_what(committed, alice, bob):
    services.follow(follower=bob, followee=alice, notify=True)
    with committed():
        publish_post(author=alice, text="Fresh <bread> today", visibility="followers")

    body = page(client_for(bob), "/notifications")

    assert "<strong>Alice</strong></a> posted" in " ".join(body.split())
    assert html.escape("Fresh <bread> today") in body
    assert "<bread>" not in body
