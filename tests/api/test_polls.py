"""Polls through the API: created with a status (form or JSON), read, voted in, kept private."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.poll import Poll as PollSchema
from townsquare.api.schemas.status import Status, StatusEdit
from townsquare.posts.models import Poll, Post
from townsquare.posts.services import PollSpec, publish_post, vote
from townsquare.relationships.services import follow

pytestmark = pytest.mark.django_db

POLL_KEYS = {
    "id",
    "expires_at",
    "expired",
    "multiple",
    "votes_count",
    "voters_count",
    "options",
    "emojis",
}


def _poll_post(author: Account, **kwargs: Any) -> Post:
    spec = kwargs.pop("spec", None) or PollSpec(options=["tea", "coffee"], expires_in=3600)
    return publish_post(author=author, text="Which?", poll=spec, **kwargs)


def _votes(client: Client, poll_id: int | str, data: Any, **kwargs: Any) -> Any:
    return client.post(f"/api/v1/polls/{poll_id}/votes", data, **kwargs)


class TestCreate:
    def test_json_body(self, api_client: ApiClientFactory, alice: Account) -> None:
        response = api_client(alice).post(
            "/api/v1/statuses",
            {
                "status": "Tea or coffee?",
                "poll": {
                    "options": ["tea", "coffee", "water"],
                    "expires_in": 600,
                    "multiple": True,
                    "hide_totals": False,
                },
            },
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        status = Status.model_validate(response.json())
        assert status.poll is not None
        poll = response.json()["poll"]
        assert set(poll) == POLL_KEYS | {"voted", "own_votes"}
        assert poll["multiple"] is True
        assert poll["expired"] is False
        assert poll["voted"] is True  # the author, as in Mastodon
        assert poll["own_votes"] == []
        assert poll["voters_count"] == 0
        assert poll["options"] == [
            {"title": "tea", "votes_count": 0},
            {"title": "coffee", "votes_count": 0},
            {"title": "water", "votes_count": 0},
        ]
        assert poll["expires_at"].endswith("Z")
        stored = Poll.objects.get(pk=int(poll["id"]))
        assert stored.post_id == int(status.id)

    def test_form_body(self, api_client: ApiClientFactory, alice: Account) -> None:
        response = api_client(alice).post(
            "/api/v1/statuses",
            {
                "status": "Tea or coffee?",
                "poll[options][]": ["tea", "coffee"],
                "poll[expires_in]": "300",
                "poll[multiple]": "false",
                "poll[hide_totals]": "true",
            },
        )
        assert response.status_code == 200, response.content
        poll = response.json()["poll"]
        assert poll["multiple"] is False
        assert poll["voters_count"] is None  # documented as null for single choice
        assert [option["title"] for option in poll["options"]] == ["tea", "coffee"]
        assert Poll.objects.get(pk=int(poll["id"])).hide_totals

    @pytest.mark.parametrize(
        ("poll", "message"),
        [
            ({"options": ["a"], "expires_in": 600}, "at least 2 options"),
            ({"options": ["a", "b", "c", "d", "e"], "expires_in": 600}, "at most 4 options"),
            ({"options": ["a", "b" * 51], "expires_in": 600}, "50 characters"),
            ({"options": ["a", "b"], "expires_in": 10}, "300 seconds"),
            ({"options": ["a", "b"], "expires_in": 99_999_999}, "2629746 seconds"),
        ],
    )
    def test_limits_answer_422_naming_them(
        self, api_client: ApiClientFactory, alice: Account, poll: dict[str, Any], message: str
    ) -> None:
        response = api_client(alice).post(
            "/api/v1/statuses", {"status": "?", "poll": poll}, content_type="application/json"
        )
        assert response.status_code == 422
        assert message in response.json()["error"]
        assert not Post.objects.exists()

    def test_limits_are_in_the_instance_configuration(self, anonymous: Client) -> None:
        polls = anonymous.get("/api/v2/instance").json()["configuration"]["polls"]
        assert polls == {
            "max_options": 4,
            "max_characters_per_option": 50,
            "min_expiration": 300,
            "max_expiration": 2629746,
        }

    def test_status_without_poll_has_null(
        self, api_client: ApiClientFactory, alice: Account
    ) -> None:
        response = api_client(alice).post("/api/v1/statuses", {"status": "plain"})
        assert response.json()["poll"] is None


class TestReadAndVote:
    def test_get_poll_anonymous_has_no_viewer_fields(
        self, anonymous: Client, alice: Account
    ) -> None:
        post = _poll_post(alice)
        response = anonymous.get(f"/api/v1/polls/{post.poll.id}")
        assert response.status_code == 200
        PollSchema.model_validate(response.json())
        assert set(response.json()) == POLL_KEYS

    def test_vote_with_form_and_read_back(
        self, api_client: ApiClientFactory, alice: Account, bob: Account
    ) -> None:
        post = _poll_post(alice)
        client = api_client(bob)
        response = _votes(client, post.poll.id, {"choices[]": ["1"]})
        assert response.status_code == 200, response.content
        poll = response.json()
        assert poll["voted"] is True
        assert poll["own_votes"] == [1]
        assert poll["votes_count"] == 1
        assert [option["votes_count"] for option in poll["options"]] == [0, 1]
        status = client.get(f"/api/v1/statuses/{post.id}").json()
        assert status["poll"]["own_votes"] == [1]

    def test_vote_with_json_multiple(
        self, api_client: ApiClientFactory, alice: Account, bob: Account
    ) -> None:
        spec = PollSpec(options=["a", "b", "c"], expires_in=3600, is_multiple=True)
        post = _poll_post(alice, spec=spec)
        response = _votes(
            api_client(bob),
            post.poll.id,
            {"choices": ["0", "2"]},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        assert response.json()["own_votes"] == [0, 2]
        assert response.json()["voters_count"] == 1
        assert response.json()["votes_count"] == 2

    @pytest.mark.parametrize(
        ("choices", "message"),
        [
            (["0", "1"], "only one choice"),
            (["5"], "from 0 to 1"),
            ([], "at least one option"),
        ],
    )
    def test_bad_votes_answer_422(
        self,
        api_client: ApiClientFactory,
        alice: Account,
        bob: Account,
        choices: list[str],
        message: str,
    ) -> None:
        post = _poll_post(alice)
        response = _votes(
            api_client(bob), post.poll.id, {"choices": choices}, content_type="application/json"
        )
        assert response.status_code == 422
        assert message in response.json()["error"]

    def test_second_vote_own_poll_and_ended_poll_answer_422(
        self, api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
    ) -> None:
        post = _poll_post(alice)
        vote(voter=bob, poll_id=post.poll.id, choices=[0])
        again = _votes(api_client(bob), post.poll.id, {"choices[]": ["1"]})
        assert again.status_code == 422
        assert "already voted" in again.json()["error"]
        own = _votes(api_client(alice), post.poll.id, {"choices[]": ["1"]})
        assert own.status_code == 422
        assert "own poll" in own.json()["error"]
        Poll.objects.filter(pk=post.poll.id).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
        late = _votes(api_client(carol), post.poll.id, {"choices[]": ["1"]})
        assert late.status_code == 422
        assert "ended" in late.json()["error"]
        read = api_client(carol).get(f"/api/v1/polls/{post.poll.id}").json()
        assert read["expired"] is True

    def test_hidden_totals_are_null_for_others_until_the_end(
        self, api_client: ApiClientFactory, alice: Account, bob: Account
    ) -> None:
        spec = PollSpec(options=["a", "b"], expires_in=3600, hide_totals=True)
        post = _poll_post(alice, spec=spec)
        vote(voter=bob, poll_id=post.poll.id, choices=[0])
        for_bob = api_client(bob).get(f"/api/v1/polls/{post.poll.id}").json()
        assert [option["votes_count"] for option in for_bob["options"]] == [None, None]
        for_alice = api_client(alice).get(f"/api/v1/polls/{post.poll.id}").json()
        assert [option["votes_count"] for option in for_alice["options"]] == [1, 0]

    def test_vote_needs_a_token_and_write_scope(
        self, api_client: ApiClientFactory, anonymous: Client, alice: Account, bob: Account
    ) -> None:
        post = _poll_post(alice)
        assert _votes(anonymous, post.poll.id, {"choices[]": ["0"]}).status_code == 401
        read_only = api_client(bob, scopes="read")
        assert _votes(read_only, post.poll.id, {"choices[]": ["0"]}).status_code == 403

    def test_timeline_polls_cost_no_query_per_status(
        self,
        api_client: ApiClientFactory,
        alice: Account,
        bob: Account,
        django_assert_max_num_queries: Any,
    ) -> None:
        client = api_client(bob)
        _poll_post(alice)
        client.get(f"/api/v1/accounts/{alice.id}/statuses")  # warm caches
        with django_assert_max_num_queries(60) as few:
            client.get(f"/api/v1/accounts/{alice.id}/statuses")
        for _ in range(5):
            _poll_post(alice)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(f"/api/v1/accounts/{alice.id}/statuses")
        assert all(status["poll"] for status in response.json())


class TestPrivacy:
    def test_followers_only_poll_is_404_for_a_stranger(
        self, api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
    ) -> None:
        follow(follower=carol, followee=alice)
        post = _poll_post(alice, visibility="followers")
        stranger = api_client(bob)
        missing = stranger.get("/api/v1/polls/1")
        hidden = stranger.get(f"/api/v1/polls/{post.poll.id}")
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()
        voted = _votes(stranger, post.poll.id, {"choices[]": ["0"]})
        assert voted.status_code == 404
        assert voted.json() == missing.json()
        assert api_client(carol).get(f"/api/v1/polls/{post.poll.id}").status_code == 200
        assert _votes(api_client(carol), post.poll.id, {"choices[]": ["0"]}).status_code == 200
        post.poll.refresh_from_db()
        assert post.poll.votes_count == 1

    def test_garbage_ids_are_404(self, api_client: ApiClientFactory, bob: Account) -> None:
        client = api_client(bob)
        assert client.get("/api/v1/polls/abc").status_code == 404
        assert client.get("/api/v1/polls/99999999999999999999999").status_code == 404
        assert _votes(client, "abc", {"choices[]": ["0"]}).status_code == 404


class TestEdit:
    def test_changed_options_reset_votes_and_no_poll_removes_it(
        self, api_client: ApiClientFactory, alice: Account, bob: Account
    ) -> None:
        post = _poll_post(alice)
        vote(voter=bob, poll_id=post.poll.id, choices=[0])
        client = api_client(alice)
        same = client.put(
            f"/api/v1/statuses/{post.id}",
            {"status": "Which?", "poll": {"options": ["tea", "coffee"], "expires_in": 3600}},
            content_type="application/json",
        )
        assert same.json()["poll"]["votes_count"] == 1
        changed = client.put(
            f"/api/v1/statuses/{post.id}",
            {"status": "Which?", "poll": {"options": ["tea", "juice"], "expires_in": 3600}},
            content_type="application/json",
        )
        assert changed.status_code == 200, changed.content
        assert changed.json()["poll"]["votes_count"] == 0
        assert [o["title"] for o in changed.json()["poll"]["options"]] == ["tea", "juice"]
        removed = client.put(
            f"/api/v1/statuses/{post.id}", {"status": "Which?"}, content_type="application/json"
        )
        assert removed.json()["poll"] is None

    def test_history_shows_the_options_of_each_version(
        self, api_client: ApiClientFactory, alice: Account
    ) -> None:
        post = _poll_post(alice)
        changed = api_client(alice).put(
            f"/api/v1/statuses/{post.id}",
            {"status": "Which?", "poll": {"options": ["tea", "juice"], "expires_in": 3600}},
            content_type="application/json",
        )
        assert changed.status_code == 200, changed.content
        history = Client().get(f"/api/v1/statuses/{post.id}/history").json()
        edits = [StatusEdit.model_validate(version) for version in history]
        assert [[o.title for o in edit.poll.options] for edit in edits if edit.poll] == [
            ["tea", "coffee"],
            ["tea", "juice"],
        ]
        plain = publish_post(author=alice, text="no poll")
        assert Client().get(f"/api/v1/statuses/{plain.id}/history").json()[0]["poll"] is None
