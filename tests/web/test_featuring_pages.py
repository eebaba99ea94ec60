"""Featured hashtags and featured people: chosen in settings or on a profile, shown on it."""

from __future__ import annotations

import pytest

from tests.web.relationship_pages import HTMX, client_for, page
from townsquare.accounts.models import Account
from townsquare.posts.models import FeaturedTag
from townsquare.posts.services import feature_tag, publish_post
from townsquare.relationships.models import Endorsement
from townsquare.relationships.services import block, endorse, follow

pytestmark = pytest.mark.django_db


class TestFeaturedHashtags:
    def test_feature_from_settings_and_see_it_on_the_profile(self, alice: Account) -> None:
        publish_post(author=alice, text="about #Cats")
        client = client_for(alice)
        settings_page = page(client, "/settings/featured-tags")
        assert "Feature #Cats" in settings_page  # a suggestion from her own posts
        response = client.post("/settings/featured-tags", {"name": "cats"}, follow=True)
        assert "#Cats is on your profile." in response.content.decode()
        profile = page(client_for(), "/@alice")
        assert "Featured hashtags" in profile
        assert 'href="/@alice?tagged=cats"' in profile
        assert "1 post," in profile

    def test_an_invalid_name_is_a_form_error(self, alice: Account) -> None:
        response = client_for(alice).post("/settings/featured-tags", {"name": "two words"})
        assert response.status_code == 400
        assert "Tag is invalid" in response.content.decode()
        assert not FeaturedTag.objects.exists()

    def test_remove_own_only(self, alice: Account, bob: Account) -> None:
        featured = feature_tag(account=alice, name="cats")
        url = f"/settings/featured-tags/{featured.pk}/remove"
        assert client_for(bob).post(url).status_code == 404
        assert FeaturedTag.objects.exists()
        client_for(alice).post(url)
        assert not FeaturedTag.objects.exists()

    def test_the_profile_filters_by_tag(self, alice: Account) -> None:
        publish_post(author=alice, text="about #cats")
        publish_post(author=alice, text="about dogs")
        html = page(client_for(), "/@alice?tagged=cats")
        assert "about <a" in html
        assert "about dogs" not in html
        assert "Showing posts tagged <strong>#cats</strong>" in html
        unknown = page(client_for(), "/@alice?tagged=nothing")
        assert "about dogs" not in unknown


class TestFeaturedPeople:
    def test_feature_someone_you_follow_from_their_profile(
        self, alice: Account, bob: Account
    ) -> None:
        follow(follower=alice, followee=bob)
        client = client_for(alice)
        assert "Feature on profile" in page(client, "/@bob")
        response = client.post("/@bob/feature", follow=True)
        assert "@bob is featured on your profile." in response.content.decode()
        assert "Unfeature" in page(client, "/@bob")
        profile = page(client_for(), "/@alice")
        assert "Featured people" in profile
        assert 'href="/@bob"' in profile

    def test_htmx_swaps_the_controls(self, alice: Account, bob: Account) -> None:
        follow(follower=alice, followee=bob)
        response = client_for(alice).post("/@bob/feature", headers=HTMX)
        assert "Unfeature" in response.content.decode()
        response = client_for(alice).post("/@bob/unfeature", headers=HTMX)
        assert "Feature on profile" in response.content.decode()
        assert not Endorsement.objects.exists()

    def test_not_following_is_refused_with_a_message(self, alice: Account, bob: Account) -> None:
        assert "Feature on profile" not in page(client_for(alice), "/@bob")
        response = client_for(alice).post("/@bob/feature", follow=True)
        assert "Follow @bob before featuring them" in response.content.decode()
        assert not Endorsement.objects.exists()

    def test_featured_people_hide_who_blocks_the_viewer(
        self, alice: Account, bob: Account, carol: Account
    ) -> None:
        follow(follower=alice, followee=bob)
        endorse(account=alice, target=bob)
        block(blocker=bob, blocked=carol)
        assert 'href="/@bob"' in page(client_for(), "/@alice")
        assert 'href="/@bob"' not in page(client_for(carol), "/@alice")

    def test_blocked_either_way_is_404(self, alice: Account, bob: Account) -> None:
        block(blocker=bob, blocked=alice)
        assert client_for(alice).post("/@bob/feature").status_code == 404
