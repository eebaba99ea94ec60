"""Polls on the web: compose one, vote (plain form or htmx), see results; privacy."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.posts.models import Poll, Post
from townsquare.posts.services import PollSpec, boost, edit_post, publish_post, vote
from townsquare.relationships.services import follow

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _client(account: Account | None = None) -> Client:
    client = Client()
    if account is not None:
        client.force_login(account)
    return client


def _detail(post: Post) -> str:
    return reverse("web:post_detail", args=[post.author.username, post.id])


def _compose(client: Client, **fields: object) -> Any:
    data: dict[str, object] = {"text": "Tea or coffee?", "visibility": "public"}
    data.update(fields)
    return client.post(reverse("web:compose"), data)


def _poll_post(author: Account, **kwargs: Any) -> Post:
    spec = kwargs.pop("spec", None) or PollSpec(options=["tea", "coffee"], expires_in=3600)
    return publish_post(author=author, text="Tea or coffee?", poll=spec, **kwargs)


def _vote_url(post: Post) -> str:
    return reverse("web:poll_vote", args=[post.poll.id])


class TestCompose:
    def test_form_offers_poll_fields(self, alice: Account) -> None:
        body = _client(alice).get(reverse("web:compose")).content.decode()
        assert body.count('name="poll_option_') == 4
        assert 'name="poll_expires_in"' in body
        assert 'name="poll_multiple"' in body
        assert "<summary>Add a poll</summary>" in body

    def test_compose_with_poll(self, alice: Account) -> None:
        response = _compose(
            _client(alice),
            poll_option_1="tea",
            poll_option_2="coffee",
            poll_option_3="",
            poll_expires_in="3600",
            poll_multiple="on",
        )
        assert response.status_code == 302
        poll = Poll.objects.get(post__author=alice)
        assert [option.title for option in poll.options.all()] == ["tea", "coffee"]
        assert poll.is_multiple
        assert poll.expires_at is not None
        assert 3500 < (poll.expires_at - timezone.now()).total_seconds() <= 3600

    def test_compose_with_hidden_totals(self, alice: Account) -> None:
        body = _client(alice).get(reverse("web:compose")).content.decode()
        assert 'name="poll_hide_totals"' in body
        assert "Hide vote counts until the poll closes" in body
        response = _compose(
            _client(alice), poll_option_1="tea", poll_option_2="coffee", poll_hide_totals="on"
        )
        assert response.status_code == 302
        assert Poll.objects.get(post__author=alice).hide_totals
        _compose(_client(alice), poll_option_1="yes", poll_option_2="no")
        assert not Poll.objects.exclude(hide_totals=True).get().hide_totals

    def test_without_options_no_poll(self, alice: Account) -> None:
        assert _compose(_client(alice)).status_code == 302
        assert Post.objects.filter(author=alice).exists()
        assert not Poll.objects.exists()

    def test_one_option_names_the_limit(self, alice: Account) -> None:
        response = _compose(_client(alice), poll_option_1="tea", poll_expires_in="3600")
        assert response.status_code == 400
        body = response.content.decode()
        assert "A poll needs at least 2 options." in body
        assert 'compose-poll" open' in body  # the poll fields stay open to fix
        assert not Post.objects.exists()

    def test_long_option_names_the_limit(self, alice: Account) -> None:
        response = _compose(
            _client(alice), poll_option_1="tea", poll_option_2="c" * 51, poll_expires_in="300"
        )
        assert response.status_code == 400
        assert "at most 50 characters" in response.content.decode()

    def test_unknown_duration_is_a_form_error(self, alice: Account) -> None:
        response = _compose(
            _client(alice), poll_option_1="tea", poll_option_2="coffee", poll_expires_in="5"
        )
        assert response.status_code == 400
        assert not Post.objects.exists()


class TestShowAndVote:
    def test_voter_sees_a_radio_form(self, alice: Account, bob: Account) -> None:
        post = _poll_post(alice)
        body = _client(bob).get(_detail(post)).content.decode()
        assert f'action="{_vote_url(post)}"' in body
        assert body.count('type="radio" name="choices"') == 2
        assert "Closes in" in body

    def test_multiple_choice_uses_checkboxes(self, alice: Account, bob: Account) -> None:
        spec = PollSpec(options=["a", "b", "c"], expires_in=3600, is_multiple=True)
        post = _poll_post(alice, spec=spec)
        body = _client(bob).get(_detail(post)).content.decode()
        assert body.count('type="checkbox" name="choices"') == 3

    def test_author_sees_results_not_a_form(self, alice: Account, bob: Account) -> None:
        post = _poll_post(alice)
        vote(voter=bob, poll_id=post.poll.id, choices=[1])
        body = _client(alice).get(_detail(post)).content.decode()
        assert 'name="choices"' not in body
        assert 'class="poll-results"' in body
        assert '<meter min="0" max="100" value="100"' in body
        assert "1 vote" in body

    def test_vote_without_javascript(self, alice: Account, bob: Account, carol: Account) -> None:
        post = _poll_post(alice)
        vote(voter=carol, poll_id=post.poll.id, choices=[0])
        client = _client(bob)
        response = client.post(_vote_url(post), {"choices": "1", "next": _detail(post)})
        assert response.status_code == 302
        assert response["Location"] == _detail(post)
        page = client.get(_detail(post)).content.decode()
        assert "Your vote is counted." in page
        assert 'name="choices"' not in page
        assert "50%" in page
        assert "(your choice)" in page
        post.poll.refresh_from_db()
        assert post.poll.votes_count == 2

    def test_vote_with_htmx_returns_the_results(self, alice: Account, bob: Account) -> None:
        post = _poll_post(alice)
        response = _client(bob).post(_vote_url(post), {"choices": "0"}, headers=HTMX)
        assert response.status_code == 200
        body = response.content.decode()
        assert body.lstrip().startswith('<section class="poll"')
        assert "100%" in body
        assert "(your choice)" in body

    def test_refusal_with_htmx_shows_the_message(self, alice: Account, bob: Account) -> None:
        post = _poll_post(alice)
        response = _client(bob).post(_vote_url(post), {"choices": "7"}, headers=HTMX)
        assert response.status_code == 200
        assert "Choices must be option numbers from 0 to 1." in response.content.decode()
        post.poll.refresh_from_db()
        assert post.poll.votes_count == 0

    def test_refusal_without_javascript_is_a_message(self, alice: Account, bob: Account) -> None:
        post = _poll_post(alice)
        client = _client(bob)
        response = client.post(_vote_url(post), {"choices": ["0", "1"]}, follow=True)
        assert "This poll allows only one choice." in response.content.decode()

    def test_closed_poll_shows_results_and_closed(self, alice: Account, bob: Account) -> None:
        post = _poll_post(alice)
        Poll.objects.filter(pk=post.poll.id).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
        body = _client(bob).get(_detail(post)).content.decode()
        assert 'name="choices"' not in body
        assert "Closed" in body

    def test_anonymous_sees_results_and_a_log_in_link(self, alice: Account) -> None:
        post = _poll_post(alice)
        body = _client().get(_detail(post)).content.decode()
        assert 'class="poll-results"' in body
        assert "Log in to vote" in body
        response = _client().post(_vote_url(post), {"choices": "0"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))

    def test_poll_shows_in_timelines_and_on_boosts(self, alice: Account, bob: Account) -> None:
        post = _poll_post(alice)
        boost(account=bob, post=post)
        body = _client(bob).get(reverse("web:profile", args=["bob"])).content.decode()
        assert f'id="poll-{post.poll.id}"' in body


class TestHistory:
    def test_history_page_lists_the_options_of_each_version(self, alice: Account) -> None:
        post = _poll_post(alice)
        edit_post(
            editor=alice,
            post=post,
            text="Tea or coffee?",
            poll=PollSpec(options=["tea", "juice"], expires_in=3600),
        )
        body = _client().get(reverse("web:post_history", args=[post.id])).content.decode()
        assert body.count("Poll options:") == 2
        assert body.index("<li>juice</li>") < body.index("<li>coffee</li>")


class TestPrivacy:
    def test_followers_only_poll(self, alice: Account, bob: Account, carol: Account) -> None:
        follow(follower=carol, followee=alice)
        post = _poll_post(alice, visibility="followers")
        stranger = _client(bob)
        assert stranger.post(_vote_url(post), {"choices": "0"}).status_code == 404
        assert stranger.post(_vote_url(post), {"choices": "0"}, headers=HTMX).status_code == 404
        assert _client(carol).post(_vote_url(post), {"choices": "0"}).status_code == 302
        post.poll.refresh_from_db()
        assert post.poll.votes_count == 1

    def test_missing_poll_is_404(self, bob: Account) -> None:
        assert _client(bob).post("/polls/123/vote", {"choices": "0"}).status_code == 404
        assert _client(bob).post(f"/polls/{2**64}/vote", {"choices": "0"}).status_code == 404
