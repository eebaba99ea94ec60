"""Settings > Filters, and filters applied where the web shows posts."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from django.test import Client

from townsquare.accounts.models import Account
from townsquare.filters import services
from townsquare.filters.models import Filter
from townsquare.filters.services import KeywordChange
from townsquare.notifications.models import Notification
from townsquare.posts.services import publish_post
from townsquare.relationships.services import follow

type Committed = Callable[[], AbstractContextManager[Any]]


def _client(account: Account) -> Client:
    client = Client()
    client.force_login(account)
    return client


def _filter(account: Account, word: str, action: str = "warn", **options: Any) -> Filter:
    return services.create_filter(
        account=account,
        title=options.pop("title", "Spoilers"),
        contexts=options.pop("contexts", ["home", "public", "thread", "account", "notifications"]),
        action=action,
        keywords=[KeywordChange(keyword=word)],
    )


def test_filters_page_creates_edits_and_deletes(alice: Account) -> None:
    client = _client(alice)
    page = client.get("/settings/filters")
    assert page.status_code == 200
    assert 'href="/settings/filters"' in page.content.decode()  # in the settings tabs
    created = client.post(
        "/settings/filters",
        {
            "title": "Books",
            "keywords": "dune\narrakis\n\ndune",
            "whole_word": "on",
            "contexts": ["home", "thread"],
            "action": "hide",
            "expires_in": "3600",
        },
    )
    assert created.status_code == 302
    made = Filter.objects.get(account=alice)
    assert (made.title, made.contexts, made.action) == ("Books", ["home", "thread"], "hide")
    assert made.expires_at is not None
    assert sorted(made.keywords.values_list("keyword", flat=True)) == ["arrakis", "dune"]
    listed = client.get("/settings/filters").content.decode()
    assert "Books" in listed and "arrakis" in listed

    edit_url = f"/settings/filters/{made.pk}"
    assert "dune" in client.get(edit_url).content.decode()
    saved = client.post(
        edit_url,
        {
            "title": "Novels",
            "keywords": "dune\nspice",
            "contexts": ["public"],
            "action": "warn",
            "expires_in": "keep",
        },
    )
    assert saved.status_code == 302
    made.refresh_from_db()
    assert (made.title, made.contexts, made.action) == ("Novels", ["public"], "warn")
    assert made.expires_at is not None  # kept
    assert sorted(made.keywords.values_list("keyword", "whole_word")) == [
        ("dune", False),
        ("spice", False),
    ]

    assert client.post(f"/settings/filters/{made.pk}/delete").status_code == 302
    assert not Filter.objects.exists()


def test_invalid_filters_show_the_problem(alice: Account) -> None:
    response = _client(alice).post(
        "/settings/filters", {"title": "x", "keywords": "a", "action": "warn", "expires_in": ""}
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()  # no context chosen
    assert not Filter.objects.exists()


def test_someone_elses_filter_pages_are_404(alice: Account, bob: Account) -> None:
    made = _filter(alice, "secret")
    client = _client(bob)
    assert client.get(f"/settings/filters/{made.pk}").status_code == 404
    assert client.post(f"/settings/filters/{made.pk}", {"title": "x"}).status_code == 404
    assert client.post(f"/settings/filters/{made.pk}/delete").status_code == 404
    assert "secret" not in client.get("/settings/filters").content.decode()
    assert Filter.objects.filter(pk=made.pk).exists()
    assert Client().get("/settings/filters").status_code == 302  # to log in


def test_home_hides_or_collapses_filtered_posts(
    alice: Account, bob: Account, committed: Committed
) -> None:
    _filter(alice, "spoiler", title="Spoilers")
    _filter(alice, "politics", action="hide", title="No politics")
    with committed():
        follow(follower=alice, followee=bob)
        warned = publish_post(author=bob, text="A spoiler ahead")
        hidden = publish_post(author=bob, text="Politics again")
        plain = publish_post(author=bob, text="Just a cat")
    body = _client(alice).get("/").content.decode()
    assert f'id="post-{plain.id}"' in body
    assert f'id="post-{hidden.id}"' not in body
    assert "Politics again" not in body
    assert f'id="post-{warned.id}"' in body
    assert "Filtered: Spoilers" in body
    assert body.index('<details class="filtered">') < body.index(f'id="post-{warned.id}"')
    # Someone without the filters sees everything.
    theirs = _client(bob).get(f"/@{bob.username}").content.decode()
    assert "Politics again" in theirs and "Filtered:" not in theirs


def test_contexts_profile_thread_and_notifications(
    alice: Account, bob: Account, committed: Committed
) -> None:
    _filter(alice, "spoiler", contexts=["account", "thread", "notifications"])
    with committed():
        root = publish_post(author=bob, text="A spoiler @alice")
        reply = publish_post(author=bob, text="another spoiler", in_reply_to=root)
    client = _client(alice)
    assert "Filtered: Spoilers" in client.get(f"/@{bob.username}").content.decode()
    assert "Filtered:" not in client.get("/local").content.decode()  # public isn't chosen
    thread = client.get(f"/@{bob.username}/{reply.id}").content.decode()
    # The reply is what the page is about, so only its parent is collapsed.
    assert thread.count("Filtered: Spoilers") == 1
    assert Notification.objects.filter(recipient=alice).exists()
    assert "Filtered: Spoilers" in client.get("/notifications").content.decode()
