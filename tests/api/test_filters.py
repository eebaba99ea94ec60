"""Filters over the API: v2 CRUD, keywords and posts, the v1 form, and Status.filtered."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client
from pydantic import TypeAdapter

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.filter import Filter, FilterKeyword, FilterStatus, V1Filter
from townsquare.api.schemas.notification import Notification
from townsquare.api.schemas.status import Context, Status
from townsquare.posts.services import publish_post
from townsquare.relationships.services import follow

type Committed = Callable[[], AbstractContextManager[Any]]
filters = TypeAdapter(list[Filter])
statuses = TypeAdapter(list[Status])
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def _create(client: Client, **body: Any) -> dict[str, Any]:
    body = {"title": "Spoilers", "context": ["home"], **body}
    response = client.post("/api/v2/filters", body, JSON)
    assert response.status_code == 200, response.content
    return dict(response.json())


def test_v2_filter_lifecycle(api_client: ApiClientFactory, alice: Account) -> None:
    client = api_client(alice)
    made = Filter.model_validate(
        _create(
            client,
            filter_action="hide",
            expires_in=3600,
            keywords_attributes=[
                {"keyword": "dune", "whole_word": True},
                {"keyword": "arrakis", "whole_word": False},
            ],
        )
    )
    assert (made.title, made.context, made.filter_action) == ("Spoilers", ["home"], "hide")
    assert made.expires_at is not None
    assert [(k.keyword, k.whole_word) for k in made.keywords or []] == [
        ("dune", True),
        ("arrakis", False),
    ]
    assert made.statuses == []
    assert filters.validate_python(client.get("/api/v2/filters").json())[0].id == made.id

    dune, arrakis = made.keywords or []
    updated = client.put(
        f"/api/v2/filters/{made.id}",
        {
            "title": "Books",
            "context": ["home", "public"],
            "expires_in": "",
            "keywords_attributes": [
                {"id": dune.id, "_destroy": True},
                {"id": arrakis.id, "keyword": "spice"},
                {"keyword": "sandworm"},
            ],
        },
        JSON,
    )
    assert updated.status_code == 200, updated.content
    after = Filter.model_validate(updated.json())
    assert (after.title, after.context, after.expires_at) == ("Books", ["home", "public"], None)
    assert [k.keyword for k in after.keywords or []] == ["spice", "sandworm"]

    assert client.delete(f"/api/v2/filters/{made.id}").json() == {}
    assert client.get(f"/api/v2/filters/{made.id}").status_code == 404
    assert client.get("/api/v2/filters").json() == []


def test_v2_form_bodies_as_rails_reads_them(api_client: ApiClientFactory, alice: Account) -> None:
    client = api_client(alice)
    body = (
        "title=test&context[]=public&context[]=thread"
        "&keywords_attributes[][keyword]=foo&keywords_attributes[][whole_word]=false"
        "&keywords_attributes[][keyword]=bar&keywords_attributes[][whole_word]=true"
    )
    response = client.post("/api/v2/filters", body, FORM)
    assert response.status_code == 200, response.content
    made = Filter.model_validate(response.json())
    assert made.context == ["public", "thread"]
    assert made.filter_action == "warn"
    assert [(k.keyword, k.whole_word) for k in made.keywords or []] == [
        ("foo", False),
        ("bar", True),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"title": "", "context": ["home"]}, "Title can't be blank"),
        ({"title": "x", "context": []}, "Context"),
        ({"title": "x", "context": ["elsewhere"]}, "Context"),
        ({"title": "x", "context": ["home"], "filter_action": "nuke"}, "Filter action"),
        ({"title": "x", "context": ["home"], "expires_in": -1}, "expires_in"),
        ({"title": "x", "context": ["home"], "keywords_attributes": [{"keyword": ""}]}, "Keyword"),
    ],
)
def test_bad_filters_answer_422(
    api_client: ApiClientFactory, alice: Account, body: dict[str, Any], message: str
) -> None:
    response = api_client(alice).post("/api/v2/filters", body, JSON)
    assert response.status_code == 422
    assert message in response.json()["error"]


def test_keywords_and_statuses_endpoints(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    client = api_client(alice)
    made = _create(client)
    added = client.post(f"/api/v2/filters/{made['id']}/keywords", {"keyword": "some"}, JSON)
    keyword = FilterKeyword.model_validate(added.json())
    assert (keyword.keyword, keyword.whole_word) == ("some", True)
    assert client.get(f"/api/v2/filters/keywords/{keyword.id}").json() == added.json()
    changed = client.put(
        f"/api/v2/filters/keywords/{keyword.id}", {"keyword": "other", "whole_word": False}, JSON
    )
    assert changed.json() == {"id": keyword.id, "keyword": "other", "whole_word": False}
    listed = client.get(f"/api/v2/filters/{made['id']}/keywords").json()
    assert [item["keyword"] for item in listed] == ["other"]
    blank = client.post(f"/api/v2/filters/{made['id']}/keywords", {"keyword": " "}, JSON)
    assert blank.status_code == 422

    post = publish_post(author=bob, text="hi")
    status = client.post(
        f"/api/v2/filters/{made['id']}/statuses", {"status_id": str(post.id)}, JSON
    )
    found = FilterStatus.model_validate(status.json())
    assert found.status_id == str(post.id)
    assert client.get(f"/api/v2/filters/statuses/{found.id}").json() == status.json()
    assert [s["id"] for s in client.get(f"/api/v2/filters/{made['id']}/statuses").json()] == [
        found.id
    ]
    assert client.delete(f"/api/v2/filters/statuses/{found.id}").json() == {}
    assert client.get(f"/api/v2/filters/statuses/{found.id}").status_code == 404
    assert client.delete(f"/api/v2/filters/keywords/{keyword.id}").json() == {}
    assert client.get(f"/api/v2/filters/keywords/{keyword.id}").status_code == 404


def test_a_post_the_caller_cant_see_cant_be_filtered(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    client = api_client(alice)
    made = _create(client)
    hidden = publish_post(author=bob, text="for followers", visibility="followers")
    response = client.post(
        f"/api/v2/filters/{made['id']}/statuses", {"status_id": str(hidden.id)}, JSON
    )
    assert response.status_code == 404


def test_someone_elses_filters_answer_404(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    mine = api_client(alice)
    made = _create(mine, keywords_attributes=[{"keyword": "secret"}])
    post = publish_post(author=alice, text="x")
    status = mine.post(f"/api/v2/filters/{made['id']}/statuses", {"status_id": str(post.id)}, JSON)
    keyword_id = made["keywords"][0]["id"]
    status_id = status.json()["id"]
    theirs = api_client(bob)
    for method, path in [
        ("get", f"/api/v2/filters/{made['id']}"),
        ("put", f"/api/v2/filters/{made['id']}"),
        ("delete", f"/api/v2/filters/{made['id']}"),
        ("get", f"/api/v2/filters/{made['id']}/keywords"),
        ("post", f"/api/v2/filters/{made['id']}/keywords"),
        ("get", f"/api/v2/filters/{made['id']}/statuses"),
        ("post", f"/api/v2/filters/{made['id']}/statuses"),
        ("get", f"/api/v2/filters/keywords/{keyword_id}"),
        ("put", f"/api/v2/filters/keywords/{keyword_id}"),
        ("delete", f"/api/v2/filters/keywords/{keyword_id}"),
        ("get", f"/api/v2/filters/statuses/{status_id}"),
        ("delete", f"/api/v2/filters/statuses/{status_id}"),
        ("get", f"/api/v1/filters/{keyword_id}"),
        ("put", f"/api/v1/filters/{keyword_id}"),
        ("delete", f"/api/v1/filters/{keyword_id}"),
    ]:
        response = getattr(theirs, method)(path, {"keyword": "x", "title": "x"}, JSON)
        assert response.status_code == 404, (method, path)
        assert response.json() == {"error": "Record not found"}
    assert theirs.get("/api/v2/filters").json() == []
    assert theirs.get("/api/v1/filters").json() == []
    # Nothing changed.
    assert mine.get(f"/api/v2/filters/{made['id']}").json() == {
        **made,
        "statuses": [status.json()],
    }
    # A malformed id answers like a missing one.
    assert mine.get("/api/v2/filters/nope").status_code == 404


def test_scopes_and_tokens(api_client: ApiClientFactory, alice: Account) -> None:
    assert Client().get("/api/v2/filters").status_code == 401
    assert Client().get("/api/v1/filters").status_code == 401
    assert api_client(alice, scopes="write").get("/api/v2/filters").status_code == 403
    assert api_client(alice, scopes="read:filters").get("/api/v2/filters").status_code == 200
    refused = api_client(alice, scopes="read").post(
        "/api/v2/filters", {"title": "x", "context": ["home"]}, JSON
    )
    assert refused.status_code == 403


def test_v1_filters(api_client: ApiClientFactory, alice: Account) -> None:
    client = api_client(alice)
    created = client.post(
        "/api/v1/filters",
        "phrase=test&context[]=home&context[]=thread&irreversible=true&expires_in=600",
        FORM,
    )
    assert created.status_code == 200, created.content
    made = V1Filter.model_validate(created.json())
    assert (made.phrase, made.context, made.irreversible, made.whole_word) == (
        "test",
        ["home", "thread"],
        True,
        False,
    )
    assert made.expires_at is not None
    assert client.get("/api/v1/filters").json() == [created.json()]
    assert client.get(f"/api/v1/filters/{made.id}").json() == created.json()
    # The v2 view of the same filter: titled after the phrase, action hide.
    [v2] = client.get("/api/v2/filters").json()
    assert (v2["title"], v2["filter_action"]) == ("test", "hide")

    updated = client.put(
        f"/api/v1/filters/{made.id}",
        {"phrase": "other", "context": ["public"], "whole_word": True, "irreversible": False},
        JSON,
    )
    assert updated.status_code == 200, updated.content
    assert {k: updated.json()[k] for k in ("phrase", "context", "whole_word", "irreversible")} == {
        "phrase": "other",
        "context": ["public"],
        "whole_word": True,
        "irreversible": False,
    }
    blank = client.post("/api/v1/filters", {"phrase": "", "context": ["home"]}, JSON)
    assert blank.status_code == 422
    assert client.delete(f"/api/v1/filters/{made.id}").json() == {}
    assert client.get(f"/api/v1/filters/{made.id}").status_code == 404


def test_statuses_carry_filter_results_in_their_context(
    api_client: ApiClientFactory, alice: Account, bob: Account, committed: Committed
) -> None:
    client = api_client(alice)
    made = _create(
        client,
        context=["home", "thread", "account", "notifications"],
        keywords_attributes=[{"keyword": "spoiler"}],
    )
    with committed():
        follow(follower=alice, followee=bob)
        spoiler = publish_post(author=bob, text="Big spoiler @alice")
        plain = publish_post(author=bob, text="nothing", in_reply_to=spoiler)
    client.post(f"/api/v2/filters/{made['id']}/statuses", {"status_id": str(plain.id)}, JSON)

    home = {s.id: s for s in statuses.validate_python(client.get("/api/v1/timelines/home").json())}
    [result] = home[str(spoiler.id)].filtered or []
    assert result.filter.id == made["id"]
    assert result.filter.keywords is None  # left out inside a FilterResult, as in Mastodon
    assert result.keyword_matches == ["spoiler"]
    assert result.status_matches is None
    [by_post] = home[str(plain.id)].filtered or []
    assert (by_post.keyword_matches, by_post.status_matches) == (None, [str(plain.id)])

    context = Context.model_validate(client.get(f"/api/v1/statuses/{plain.id}/context").json())
    assert [r.filter.id for r in context.ancestors[0].filtered or []] == [made["id"]]
    profile = client.get(f"/api/v1/accounts/{bob.id}/statuses").json()
    assert all(item["filtered"] for item in profile)
    notifications = TypeAdapter(list[Notification]).validate_python(
        client.get("/api/v1/notifications").json()
    )
    mention = next(n for n in notifications if n.status is not None)
    assert mention.status is not None and mention.status.filtered

    # Not in a context the filter doesn't name; never for anyone else.
    public = client.get("/api/v1/timelines/public").json()
    assert all(item["filtered"] == [] for item in public)
    theirs = api_client(bob).get(f"/api/v1/accounts/{bob.id}/statuses").json()
    assert all(item["filtered"] == [] for item in theirs)
    assert all("filtered" not in item for item in Client().get("/api/v1/timelines/public").json())
