"""The search page, the navigation's search box and the profile setting to stay out of search."""

from __future__ import annotations

import re

from django.test import Client

from tests.search.conftest import Committed, Publisher
from townsquare.accounts.models import Account
from townsquare.accounts.services import update_profile


def _client(account: Account | None = None) -> Client:
    client = Client()
    if account is not None:
        client.force_login(account)
    return client


def test_every_page_has_a_search_box(alice: Account) -> None:
    body = _client(alice).get("/local").content.decode()
    assert 'role="search"' in body and 'action="/search"' in body


def test_posts_tab_highlights_matches_and_escapes_text(
    publish: Publisher, alice: Account, bob: Account
) -> None:
    publish(alice, "<script>alert(1)</script> Roses are red")
    response = _client(bob).get("/search", {"q": "roses"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<mark>Roses</mark> are red" in body
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert 'aria-current="page">Posts' in body


def test_the_query_itself_is_escaped(alice: Account) -> None:
    body = _client(alice).get("/search", {"q": '"><img src=x onerror=alert(1)>'}).content.decode()
    assert "<img src=x" not in body
    assert "Nothing found" in body


def test_followers_only_posts_are_not_shown_to_strangers(
    publish: Publisher, alice: Account, bob: Account
) -> None:
    publish(alice, "private orchard", visibility="followers")
    for viewer in (bob, None):
        body = _client(viewer).get("/search", {"q": "orchard"}).content.decode()
        assert 'search-result"' not in body and "Nothing found" in body
    assert 'search-result"' in _client(alice).get("/search", {"q": "orchard"}).content.decode()


def test_people_and_hashtags_tabs(
    publish: Publisher, committed: Committed, alice: Account, bob: Account
) -> None:
    with committed():
        update_profile(account=alice, bio="Sourdough baker")
    publish(alice, "#Sourdough starter")
    people = _client(bob).get("/search", {"q": "sourd", "type": "people"}).content.decode()
    assert "@alice" in people and "<mark>Sourdough</mark> baker" in people
    tags = _client(bob).get("/search", {"q": "sour", "type": "hashtags"}).content.decode()
    assert 'href="/tags/Sourdough"' in tags


def test_paging_with_a_more_link(publish: Publisher, alice: Account) -> None:
    for n in range(21):
        publish(alice, f"pebble {n}")
    first = _client().get("/search", {"q": "pebble"}).content.decode()
    assert first.count('class="card post search-result"') == 20
    assert "offset=20" in first
    second = _client().get("/search", {"q": "pebble", "offset": "20"}).content.decode()
    assert second.count('class="card post search-result"') == 1
    assert "offset=40" not in second


def test_hostile_parameters_never_fail(alice: Account) -> None:
    client = _client(alice)
    for params in (
        {"q": "NEAR(a b) AND * \"'; DROP TABLE x; --", "type": "posts"},
        {"q": "x" * 10_000, "type": "people"},
        {"q": "\x00", "type": "hashtags"},
        {"q": "a", "type": "nonsense", "offset": "-5"},
        {"q": "a", "offset": "99999999999999999999"},
        {"q": "a", "offset": "abc"},
    ):
        assert client.get("/search", params).status_code == 200
    assert client.get("/search").status_code == 200


def test_the_profile_form_can_keep_posts_out_of_search(alice: Account) -> None:
    client = _client(alice)
    form = client.get("/settings/profile").content.decode()
    assert '<label for="id_is_indexable"' in form
    assert re.search(r'<input[^>]*name="is_indexable"[^>]*checked', form)
    client.post("/settings/profile", {"display_name": "Alice", "is_discoverable": "on"})
    assert Account.objects.get(pk=alice.pk).is_indexable is False
    client.post("/settings/profile", {"display_name": "Alice", "is_indexable": "on"})
    assert Account.objects.get(pk=alice.pk).is_indexable is True


def test_instant_suggestions_list_people_and_hashtags(
    publish: Publisher, alice: Account, bob: Account
) -> None:
    publish(alice, "#Alpine meadows")
    body = _client(bob).get("/search/suggestions", {"q": "al"}, HTTP_HX_REQUEST="true")
    text = body.content.decode()
    assert body.status_code == 200 and "<html" not in text
    assert 'href="/@alice"' in text and 'href="/tags/Alpine"' in text
    assert 'href="/search?q=al"' in text
    assert _client(bob).get("/search/suggestions", {"q": ""}).content.decode().strip() == ""
    assert 'hx-get="/search/suggestions"' in _client(bob).get("/local").content.decode()
