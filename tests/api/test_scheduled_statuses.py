"""/api/v1/statuses with scheduled_at, and /api/v1/scheduled_statuses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pydantic import TypeAdapter

from tests.api.conftest import ApiClientFactory, link_urls, path_of
from townsquare.accounts.models import Account
from townsquare.api.schemas.scheduled import ScheduledStatus
from townsquare.api.serializers.common import iso
from townsquare.media.models import MediaAttachment
from townsquare.posts.models import Post, ScheduledPost
from townsquare.posts.services import publish_due_scheduled_posts, schedule_post
from townsquare.relationships.services import follow

scheduled_list = TypeAdapter(list[ScheduledStatus])


def in_an_hour() -> str:
    return iso(timezone.now() + timedelta(hours=1))


def scheduled_by(author: Account, text: str = "later") -> ScheduledPost:
    return schedule_post(author=author, text=text, scheduled_at=timezone.now() + timedelta(hours=2))


def test_posting_with_scheduled_at_answers_a_scheduled_status(
    api_client: ApiClientFactory, alice: Account, make_image: Callable[..., MediaAttachment]
) -> None:
    image = make_image(alice, "a red square")
    when = in_an_hour()
    response = api_client(alice, scopes="write:statuses").post(
        "/api/v1/statuses",
        {
            "status": "later #news",
            "scheduled_at": when,
            "visibility": "private",
            "spoiler_text": "cw",
            "language": "en",
            "media_ids": [str(image.id)],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    entity = ScheduledStatus.model_validate(response.json())
    assert entity.scheduled_at == when
    assert entity.params.text == "later #news"
    assert entity.params.visibility == "private"
    assert entity.params.spoiler_text == "cw"
    assert entity.params.language == "en"
    assert entity.params.media_ids == [str(image.id)]
    assert entity.params.scheduled_at is None
    assert [media.id for media in entity.media_attachments] == [str(image.id)]
    assert entity.media_attachments[0].description == "a red square"
    assert not Post.objects.exists()
    assert ScheduledPost.objects.get().pk == int(entity.id)


def test_a_form_body_and_a_date_without_zone_mean_utc(
    api_client: ApiClientFactory, alice: Account
) -> None:
    moment = (timezone.now() + timedelta(days=1)).astimezone(UTC).replace(microsecond=0)
    response = api_client(alice).post(
        "/api/v1/statuses",
        {"status": "later", "scheduled_at": moment.strftime("%Y-%m-%dT%H:%M:%S")},
    )
    assert response.status_code == 200, response.content
    assert ScheduledPost.objects.get().scheduled_at == moment


def test_a_poll_can_be_scheduled(api_client: ApiClientFactory, alice: Account) -> None:
    response = api_client(alice).post(
        "/api/v1/statuses",
        {
            "status": "which?",
            "scheduled_at": in_an_hour(),
            "poll": {"options": ["a", "b"], "expires_in": 3600},
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["params"]["poll"] == {
        "options": ["a", "b"],
        "expires_in": 3600,
        "multiple": False,
        "hide_totals": False,
    }


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("not a date", "ISO 8601"),
        ("2020-01-01T00:00:00Z", "at least 5 minutes"),
    ],
)
def test_bad_times_are_422(
    api_client: ApiClientFactory, alice: Account, when: str, message: str
) -> None:
    response = api_client(alice).post(
        "/api/v1/statuses",
        {"status": "later", "scheduled_at": when},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert message in response.json()["error"]
    assert not ScheduledPost.objects.exists()
    assert not Post.objects.exists()


def test_the_idempotency_key_answers_the_same_scheduled_status(
    api_client: ApiClientFactory, alice: Account
) -> None:
    client = api_client(alice)
    body = {"status": "later", "scheduled_at": in_an_hour()}
    headers = {"Idempotency-Key": "once"}
    first = client.post("/api/v1/statuses", body, content_type="application/json", headers=headers)
    second = client.post("/api/v1/statuses", body, content_type="application/json", headers=headers)
    assert first.json() == second.json()
    assert ScheduledPost.objects.count() == 1


def test_list_is_own_only_newest_first_and_paged(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    mine = [scheduled_by(alice, f"mine {n}") for n in range(3)]
    scheduled_by(bob, "bobs")
    client = api_client(alice, scopes="read:statuses")
    response = client.get("/api/v1/scheduled_statuses?limit=2")
    assert response.status_code == 200
    page = scheduled_list.validate_python(response.json())
    assert [item.id for item in page] == [str(mine[2].pk), str(mine[1].pk)]
    rest = client.get(path_of(link_urls(response)["next"])).json()
    assert [item["id"] for item in rest] == [str(mine[0].pk)]


def test_get_put_and_delete_one(api_client: ApiClientFactory, alice: Account) -> None:
    scheduled = scheduled_by(alice)
    client = api_client(alice)
    url = f"/api/v1/scheduled_statuses/{scheduled.pk}"
    assert client.get(url).json()["params"]["text"] == "later"
    when = iso(timezone.now() + timedelta(days=3))
    moved = client.put(url, {"scheduled_at": when}, content_type="application/json")
    assert moved.status_code == 200, moved.content
    assert moved.json()["scheduled_at"] == when
    too_soon = client.put(
        url, {"scheduled_at": iso(timezone.now())}, content_type="application/json"
    )
    assert too_soon.status_code == 422
    assert client.delete(url).json() == {}
    assert client.get(url).status_code == 404


def test_another_accounts_scheduled_post_is_404_everywhere(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    scheduled = scheduled_by(alice)
    client = api_client(bob)
    url = f"/api/v1/scheduled_statuses/{scheduled.pk}"
    missing = client.get("/api/v1/scheduled_statuses/999999999")
    assert missing.status_code == 404
    for response in (
        client.get(url),
        client.put(url, {"scheduled_at": in_an_hour()}, content_type="application/json"),
        client.delete(url),
    ):
        assert response.status_code == 404
        assert response.json() == missing.json()
    assert client.get("/api/v1/scheduled_statuses").json() == []
    assert ScheduledPost.objects.get().scheduled_at == scheduled.scheduled_at


def test_scopes_and_tokens_are_needed(api_client: ApiClientFactory, alice: Account) -> None:
    scheduled = scheduled_by(alice)
    url = f"/api/v1/scheduled_statuses/{scheduled.pk}"
    assert Client().get("/api/v1/scheduled_statuses").status_code == 401
    assert Client().get(url).status_code == 401
    read_only = api_client(alice, scopes="read")
    assert read_only.get(url).status_code == 200
    assert read_only.delete(url).status_code == 403
    write_only = api_client(alice, scopes="write")
    assert write_only.get("/api/v1/scheduled_statuses").status_code == 403


@pytest.mark.django_db
def test_a_scheduled_post_is_nowhere_before_its_time(
    committed: Any, api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    follow(follower=bob, followee=alice)
    scheduled = schedule_post(
        author=alice,
        text="secret plans #launch",
        scheduled_at=timezone.now() + timedelta(hours=1),
    )
    bobs = api_client(bob)
    alices = api_client(alice)
    paths = [
        "/api/v1/timelines/home",
        "/api/v1/timelines/public",
        "/api/v1/timelines/tag/launch",
        f"/api/v1/accounts/{alice.pk}/statuses",
    ]
    for client in (bobs, alices, Client()):
        for path in paths:
            response = client.get(path)
            if response.status_code == 401:
                continue
            assert response.status_code == 200, path
            assert response.json() == [], path
    for client in (bobs, alices):
        found = client.get("/api/v2/search?q=secret&type=statuses").json()
        assert found["statuses"] == []
        assert client.get(f"/api/v1/statuses/{scheduled.pk}").status_code == 404
    # Once due and published, it shows where a post shows.
    with committed():
        assert publish_due_scheduled_posts(now=scheduled.scheduled_at) == 1
    home = bobs.get("/api/v1/timelines/home").json()
    assert [status["content"] for status in home] == [Post.objects.get().content_html]


def test_posting_without_scheduled_at_still_publishes(
    api_client: ApiClientFactory, alice: Account
) -> None:
    response = api_client(alice).post("/api/v1/statuses", {"status": "now", "scheduled_at": ""})
    assert response.status_code == 200
    assert "content" in response.json()
    assert not ScheduledPost.objects.exists()
    assert Post.objects.get().text == "now"
