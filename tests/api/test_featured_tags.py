"""/api/v1/featured_tags, its suggestions, and /api/v1/accounts/:id/featured_tags."""

from __future__ import annotations

from django.test import Client
from pydantic import TypeAdapter

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.scheduled import FeaturedTag
from townsquare.api.schemas.status import SearchTag
from townsquare.posts.models import FeaturedTag as FeaturedTagModel
from townsquare.posts.services import feature_tag, publish_post
from townsquare.posts.services.featuring import MAX_FEATURED_TAGS
from townsquare.relationships.services import block

featured_list = TypeAdapter(list[FeaturedTag])
tag_list = TypeAdapter(list[SearchTag])


def test_feature_a_tag_counts_own_public_posts(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    publish_post(author=alice, text="one #Cats")
    last = publish_post(author=alice, text="two #cats", visibility="unlisted")
    publish_post(author=alice, text="hidden #cats", visibility="followers")
    publish_post(author=bob, text="not hers #cats")
    client = api_client(alice, scopes="write:accounts")
    response = client.post("/api/v1/featured_tags", {"name": "#Cats"})
    assert response.status_code == 200, response.content
    entity = FeaturedTag.model_validate(response.json())
    assert entity.name == "Cats"
    assert entity.statuses_count == 2
    assert entity.last_status_at is not None
    assert entity.last_status_at.startswith(f"{last.created_at:%Y-%m-%d}")
    assert entity.url == "http://testserver/@alice?tagged=cats"


def test_a_new_tag_can_be_featured_and_twice_is_once(
    api_client: ApiClientFactory, alice: Account
) -> None:
    client = api_client(alice)
    first = client.post(
        "/api/v1/featured_tags", {"name": "brandnew"}, content_type="application/json"
    )
    second = client.post("/api/v1/featured_tags", {"name": "BrandNew"})
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["statuses_count"] == 0
    assert first.json()["last_status_at"] is None
    assert [
        item.name
        for item in featured_list.validate_python(client.get("/api/v1/featured_tags").json())
    ] == ["brandnew"]


def test_invalid_names_and_the_limit_are_422(api_client: ApiClientFactory, alice: Account) -> None:
    client = api_client(alice)
    for name in ("", "two words", "123", "<script>", "#"):
        response = client.post("/api/v1/featured_tags", {"name": name})
        assert response.status_code == 422, name
        assert response.json()["error"] == "Validation failed: Tag is invalid"
    for n in range(MAX_FEATURED_TAGS):
        feature_tag(account=alice, name=f"tag{n}")
    response = client.post("/api/v1/featured_tags", {"name": "onemore"})
    assert response.status_code == 422
    assert "at most 10" in response.json()["error"]


def test_unfeature_own_only(api_client: ApiClientFactory, alice: Account, bob: Account) -> None:
    featured = feature_tag(account=alice, name="cats")
    url = f"/api/v1/featured_tags/{featured.pk}"
    assert api_client(bob).delete(url).status_code == 404
    assert FeaturedTagModel.objects.filter(pk=featured.pk).exists()
    assert api_client(alice, scopes="read").delete(url).status_code == 403
    assert api_client(alice).delete(url).json() == {}
    assert not FeaturedTagModel.objects.exists()
    assert api_client(alice).delete(url).status_code == 404


def test_suggestions_are_most_used_tags_not_yet_featured(
    api_client: ApiClientFactory, alice: Account
) -> None:
    publish_post(author=alice, text="#dogs #cats")
    publish_post(author=alice, text="#dogs #birds")
    publish_post(author=alice, text="#dogs #birds")
    feature_tag(account=alice, name="birds")
    response = api_client(alice, scopes="read:accounts").get("/api/v1/featured_tags/suggestions")
    tags = tag_list.validate_python(response.json())
    assert [tag.name for tag in tags] == ["dogs", "cats"]


def test_anyones_featured_tags_are_public_but_not_to_the_blocked(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    feature_tag(account=alice, name="cats")
    url = f"/api/v1/accounts/{alice.pk}/featured_tags"
    assert [item["name"] for item in Client().get(url).json()] == ["cats"]
    assert [item["name"] for item in api_client(bob).get(url).json()] == ["cats"]
    block(blocker=alice, blocked=bob)
    assert api_client(bob).get(url).status_code == 404


def test_own_list_needs_a_token(api_client: ApiClientFactory, alice: Account) -> None:
    assert Client().get("/api/v1/featured_tags").status_code == 401
    assert api_client(alice, scopes="write").get("/api/v1/featured_tags").status_code == 403
    assert (
        api_client(alice, scopes="read").post("/api/v1/featured_tags", {"name": "x"}).status_code
        == 403
    )
