"""The pages for lists, messages, discovery, filters, polls and the server render in a browser.

With JavaScript on and off: each page answers 200, shows its heading and logs no console
error; without JavaScript its forms still post (vote, follow options, dismiss, add to list).
Drives Debian's Chromium like test_journey.py (skip_or_fail when it is missing), against the
ASGI application under uvicorn as test_live.py does: the pages keep a live-updates stream open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_journey import browser
from tests.factories import PASSWORD
from townsquare.accounts.models import Account
from townsquare.filters.models import FilterContext
from townsquare.filters.services import KeywordChange, create_filter
from townsquare.instance.services import create_announcement, create_rule
from townsquare.posts.models import Hashtag, Post
from townsquare.posts.services import PollSpec, feature_tag, publish_post, schedule_post
from townsquare.relationships.services import follow
from townsquare.timelines.models import List
from townsquare.timelines.services import add_to_list, create_list, follow_tag

pytestmark = pytest.mark.browser

__all__ = ["browser"]  # the fixture, shared with the journey and live tests


@dataclass(frozen=True)
class Town:
    """What the pages show: Alice (staff) follows Bob, who follows Carol."""

    feed: List
    alice_poll: Post
    bob_poll: Post


@pytest.fixture
def town(alice: Account, bob: Account, carol: Account) -> Town:
    Account.objects.filter(pk=alice.pk).update(is_staff=True)
    follow(follower=alice, followee=bob)
    follow(follower=bob, followee=carol)
    publish_post(author=alice, text="Sowing beans today #gardening")
    follow_tag(account=alice, hashtag=Hashtag.objects.get(name="gardening"))
    feature_tag(account=alice, name="gardening")
    feed = create_list(owner=alice, title="Neighbours")
    add_to_list(feed=feed, accounts=[bob])
    publish_post(author=alice, text="@bob coming on Saturday?", visibility="direct")
    create_filter(
        account=alice,
        title="Spoilers",
        contexts=[FilterContext.HOME],
        keywords=[KeywordChange(keyword="finale")],
    )
    schedule_post(
        author=alice, text="Seed swap at noon", scheduled_at=timezone.now() + timedelta(days=1)
    )
    vegetables = PollSpec(options=["Potatoes", "Beans"], expires_in=3600)
    alice_poll = publish_post(author=alice, text="What first?", poll=vegetables)
    drinks = PollSpec(options=["Tea", "Coffee"], expires_in=3600)
    bob_poll = publish_post(author=bob, text="Tea or coffee?", poll=drinks)
    create_rule(text="Be kind to your neighbours")
    create_announcement(text="The server restarts on Sunday")
    return Town(feed=feed, alice_poll=alice_poll, bob_poll=bob_poll)


def log_in(browser: Browser, base_url: str, *, js: bool, errors: list[str]) -> Page:
    page = browser.new_context(java_script_enabled=js).new_page()
    page.set_default_timeout(15_000)
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base_url}/login")
    page.get_by_label("Username").fill("alice")
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def visit(page: Page, url: str, heading: str | re.Pattern[str], errors: list[str]) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    expect(page.get_by_role("heading", name=heading).first).to_be_visible()
    assert page.locator("h1").count() == 1, f"{url} has {page.locator('h1').count()} <h1>"
    assert not errors, f"{url}: {errors}"


def pages(town: Town) -> list[tuple[str, str | re.Pattern[str]]]:
    poll_url = reverse("web:post_detail", args=["alice", town.alice_poll.pk])
    list_id = town.feed.pk
    return [
        ("/", "Home"),
        ("/", "Announcement"),
        ("/", "People you may know"),
        ("/explore", "Explore"),
        ("/explore?tab=hashtags", "Explore"),
        ("/explore?tab=links", "Explore"),
        ("/explore?tab=people", "People you may know"),
        ("/lists", "Lists"),
        (f"/lists/{list_id}", "Neighbours"),
        (f"/lists/{list_id}/members", "Members of Neighbours"),
        ("/lists/people/bob", "Lists for Bob"),
        ("/messages", "Messages"),
        ("/messages/new?to=bob", "Message Bob"),
        ("/settings/tags", "Followed hashtags"),
        ("/settings/filters", "Filters"),
        ("/settings/featured-tags", "Featured hashtags"),
        ("/scheduled", "Scheduled posts"),
        ("/compose", "New post"),
        (poll_url, "Post by Alice"),
        ("/about", re.compile(r"^About ")),
        ("/admin-tools/server", "Server"),
        ("/@bob", "Bob"),
        ("/@bob/connection", "You and Bob"),
    ]


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_todays_pages_render(asgi_server: str, browser: Browser, town: Town, js: bool) -> None:
    base_url = asgi_server
    errors: list[str] = []
    page = log_in(browser, base_url, js=js, errors=errors)

    for path, heading in pages(town):
        visit(page, base_url + path, heading, errors)

    # Pages found by following links, as a reader would.
    page.goto(f"{base_url}/messages")
    page.get_by_role("link", name="Bob", exact=True).click()
    expect(page.get_by_role("heading", name="Conversation with Bob")).to_be_visible()
    page.goto(f"{base_url}/settings/filters")
    page.get_by_role("link", name="Edit Spoilers").click()
    expect(page.get_by_role("heading", name="Filter “Spoilers”")).to_be_visible()

    page.goto(f"{base_url}/@bob")
    expect(page.get_by_role("link", name="Message @bob")).to_be_visible()
    expect(page.get_by_role("link", name="Add to list (@bob)")).to_be_visible()
    if js:
        expect(page.get_by_text("How you are connected:")).to_be_visible()
    else:
        expect(page.get_by_role("link", name="How are you connected?")).to_be_visible()
    assert page.locator("img:not([alt])").count() == 0

    # Forms post with or without JavaScript.
    page.get_by_role("button", name="Hide boosts by @bob in your home").click()
    expect(page.get_by_role("button", name="Show boosts by @bob in your home")).to_be_visible()
    page.goto(base_url + reverse("web:post_detail", args=["bob", town.bob_poll.pk]))
    page.get_by_label("Coffee").check()
    page.get_by_role("button", name="Vote").click()
    expect(page.get_by_text("(your choice)")).to_be_visible()
    page.goto(f"{base_url}/lists/people/bob")
    page.get_by_role("button", name="Remove from Neighbours").click()
    page.get_by_role("button", name="Add to Neighbours").click()
    expect(page.get_by_role("button", name="Remove from Neighbours")).to_be_visible()
    page.goto(f"{base_url}/")
    page.get_by_role("button", name="Dismiss this announcement").click()
    expect(page.get_by_text("The server restarts on Sunday")).to_have_count(0)
    assert not errors, errors

    # Too many log-in attempts: the 429 page, still a page of the site.
    anonymous = browser.new_context(java_script_enabled=js).new_page()
    status = 0
    for _ in range(6):
        anonymous.goto(f"{base_url}/login")
        anonymous.get_by_label("Username").fill("nobody")
        anonymous.get_by_label(re.compile(r"^Password")).fill("not-the-password")
        with anonymous.expect_response(re.compile(r"/login")) as answer:
            anonymous.get_by_role("button", name="Log in").click()
        status = answer.value.status
    assert status == 429
    expect(anonymous.get_by_role("heading", level=1, name="Slow down")).to_be_visible()
