"""Following hashtags from the web: the button on a hashtag's page, the settings page, home."""

from __future__ import annotations

from django.test import Client

from tests.web.relationship_pages import client_for
from townsquare.accounts.models import Account
from townsquare.posts.services import publish_post
from townsquare.timelines.models import FollowedTag


def test_follow_and_unfollow_from_the_hashtag_page(alice: Account, bob: Account, committed) -> None:
    with committed():
        publish_post(author=bob, text="Sowing #Gardening today, tagged-post-mark")
    client = client_for(alice)
    page = client.get("/tags/gardening").content.decode()
    assert "Follow #Gardening" in page
    assert "tagged-post-mark" not in client.get("/").content.decode()

    response = client.post("/tags/gardening/follow", {"next": "/tags/gardening"})
    assert response["Location"] == "/tags/gardening"
    assert FollowedTag.objects.filter(account=alice, hashtag__name="gardening").exists()
    assert "Unfollow #Gardening" in client.get("/tags/gardening").content.decode()
    # Posts with a followed hashtag reach home.
    assert "tagged-post-mark" in client.get("/").content.decode()

    settings_page = client.get("/settings/tags").content.decode()
    assert "#Gardening" in settings_page
    client.post("/tags/gardening/unfollow")
    assert not FollowedTag.objects.filter(account=alice).exists()
    assert "You don't follow any hashtags yet" in client.get("/settings/tags").content.decode()


def test_visitors_see_no_follow_button_and_cannot_follow(bob: Account, committed) -> None:
    with committed():
        publish_post(author=bob, text="#Gardening")
    assert "Follow #" not in Client().get("/tags/gardening").content.decode()
    response = Client().post("/tags/gardening/follow")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")
    assert not FollowedTag.objects.exists()


def test_unknown_or_malformed_hashtags_cannot_be_followed(alice: Account) -> None:
    client = client_for(alice)
    assert client.post("/tags/nobodyusedthis/follow").status_code == 404
    assert client.post("/tags/%3Cscript%3E/follow").status_code == 404
    assert not FollowedTag.objects.exists()


def test_settings_nav_links_followed_hashtags(alice: Account) -> None:
    page = client_for(alice).get("/settings/tags").content.decode()
    assert 'href="/settings/tags" aria-current="page"' in page
    assert "You don't follow any hashtags yet" in page
