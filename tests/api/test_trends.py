"""/api/v1/trends/*: Tag with history, Status and Trends::Link entities, paging, privacy."""

from __future__ import annotations

import calendar
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.discovery import TrendLink, TrendTag
from townsquare.api.schemas.status import Status
from townsquare.posts.services import publish_post
from townsquare.posts.services.interactions import like
from townsquare.relationships.services import block

pytestmark = pytest.mark.django_db


def test_trending_tags_are_tags_with_seven_days_of_history(alice: Account, bob: Account) -> None:
    publish_post(author=alice, text="#Gardening tomatoes")
    publish_post(author=bob, text="#gardening too")

    response = Client().get("/api/v1/trends/tags")

    assert response.status_code == 200
    tags = [TrendTag.model_validate(item) for item in response.json()]
    assert [tag.name for tag in tags] == ["Gardening"]
    assert tags[0].url.endswith("/tags/Gardening")
    today = calendar.timegm(timezone.now().date().timetuple())
    assert len(tags[0].history) == 7
    assert tags[0].history[0].model_dump() == {"day": str(today), "accounts": "2", "uses": "2"}
    assert tags[0].following is False


def test_trending_tags_say_which_the_caller_follows(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    publish_post(author=bob, text="#birds")
    client = api_client(alice)
    client.post("/api/v1/tags/birds/follow")

    assert client.get("/api/v1/trends/tags").json()[0]["following"] is True
    # The deprecated /api/v1/trends answers the same.
    assert client.get("/api/v1/trends").json()[0]["name"] == "birds"


def test_trending_statuses_are_statuses(alice: Account, bob: Account) -> None:
    post = publish_post(author=alice, text="liked a lot")
    like(account=bob, post=post)
    publish_post(author=bob, text="#hidden", visibility="followers")

    response = Client().get("/api/v1/trends/statuses")

    assert response.status_code == 200
    statuses = [Status.model_validate(item) for item in response.json()]
    assert [status.id for status in statuses] == [str(post.id)]
    assert statuses[0].favourites_count == 1


def test_trending_links_are_trends_links(alice: Account, bob: Account) -> None:
    publish_post(author=alice, text="see https://example.org/story")
    publish_post(author=bob, text="https://example.org/story!")

    response = Client().get("/api/v1/trends/links")

    links = [TrendLink.model_validate(item) for item in response.json()]
    assert [link.url for link in links] == ["https://example.org/story"]
    assert links[0].type == "link"
    assert links[0].provider_name == "example.org"
    assert links[0].history[0].accounts == "2"


def test_limit_offset_and_link_header(alice: Account, bob: Account) -> None:
    for name in ("one", "two", "three"):
        publish_post(author=alice, text=f"#{name}")
    publish_post(author=bob, text="#one #two")

    first = Client().get("/api/v1/trends/tags?limit=2")
    assert [tag["name"] for tag in first.json()] == ["one", "two"]
    assert 'offset=2>; rel="next"' in first["Link"]
    second = Client().get("/api/v1/trends/tags?limit=2&offset=2")
    assert [tag["name"] for tag in second.json()] == ["three"]
    assert 'rel="prev"' in second["Link"]
    assert Client().get("/api/v1/trends/tags?limit=abc&offset=-5").status_code == 200
    assert len(Client().get("/api/v1/trends/tags?limit=1000").json()) == 3


def test_week_period(alice: Account) -> None:
    publish_post(author=alice, text="#older", published_at=timezone.now() - timedelta(days=3))

    assert Client().get("/api/v1/trends/tags").json() == []
    assert [t["name"] for t in Client().get("/api/v1/trends/tags?period=week").json()] == ["older"]


def test_blocked_authors_are_left_out_for_the_caller(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    post = publish_post(author=alice, text="#alicetag https://alice.example/")
    like(account=carol, post=post)
    block(blocker=alice, blocked=bob)
    client = api_client(bob)

    assert client.get("/api/v1/trends/tags").json() == []
    assert client.get("/api/v1/trends/statuses").json() == []
    assert client.get("/api/v1/trends/links").json() == []
    assert len(Client().get("/api/v1/trends/statuses").json()) == 1


def test_a_bad_token_is_refused(alice: Account) -> None:
    client = Client(headers={"Authorization": "Bearer nonsense"})
    assert client.get("/api/v1/trends/tags").status_code == 401
