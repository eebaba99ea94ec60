"""Live updates in a real browser: bob's open home shows a bar when alice posts.

Server-sent events need an ASGI server (the live_server fixture speaks WSGI, which
would buffer an endless response), so this test runs the real ASGI application under
uvicorn in a thread of its own, on the test database.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.test_journey import browser, new_page, sign_up

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the fixture, shared with the journey

POST_TEXT = "Bread is out of the oven, come and get it"


def test_new_posts_bar_appears_on_an_open_home(asgi_server: str, browser: Browser) -> None:
    base_url = asgi_server
    alice, bob = new_page(browser), new_page(browser)
    sign_up(alice, base_url, "alice")
    sign_up(bob, base_url, "bob")
    bob.goto(f"{base_url}/@alice")
    bob.get_by_role("button", name="Follow @alice").click()
    expect(bob.get_by_role("button", name="Unfollow @alice")).to_be_visible()

    bob.goto(f"{base_url}/")
    bar = bob.locator("#new-posts")
    expect(bar).to_be_hidden()
    # The stream is open once the page's EventSource has connected.
    expect(bob.locator("html")).to_have_attribute("data-live", "open")
    time.sleep(0.5)  # the stream joins its groups just after answering

    alice.goto(f"{base_url}/compose")
    alice.get_by_label("What's on your mind?").fill(POST_TEXT)
    alice.get_by_role("button", name="Publish").click()
    expect(alice.locator("article.post", has_text=POST_TEXT).first).to_be_visible()

    expect(bar).to_be_visible(timeout=5_000)
    expect(bar).to_have_text(re.compile(r"^\s*1 new post\s*\W show\s*$"))
    expect(bob.locator("article.post", has_text=POST_TEXT)).to_have_count(0)
    bar.click()
    expect(bob.locator("article.post", has_text=POST_TEXT)).to_have_count(1)
    expect(bob.locator("#new-posts")).to_be_hidden()
    for page in (alice, bob):
        page.context.close()


def test_a_new_message_appears_in_an_open_conversation(asgi_server: str, browser: Browser) -> None:
    base_url = asgi_server
    alice, bob = new_page(browser), new_page(browser)
    sign_up(alice, base_url, "alice")
    sign_up(bob, base_url, "bob")

    alice.goto(f"{base_url}/@bob")
    alice.get_by_role("link", name="Message @bob").click()
    expect(alice.get_by_label("What's on your mind?")).to_have_value("@bob ")
    alice.get_by_label("What's on your mind?").fill("@bob Shall we meet at the market?")
    alice.get_by_role("button", name="Publish").click()
    expect(alice.locator("article.post", has_text="meet at the market").first).to_be_visible()

    bob.goto(f"{base_url}/messages")
    bob.get_by_role("link", name=re.compile(r"Alice")).click()
    expect(bob.locator("#conversation-thread article.post")).to_have_count(1)
    expect(bob.locator("html")).to_have_attribute("data-live", "open")
    time.sleep(0.5)  # the stream joins its groups just after answering

    alice.goto(f"{base_url}/messages")
    alice.get_by_role("link", name=re.compile(r"Bob")).click()
    alice.get_by_label("Your message").fill("Ten o'clock by the fountain")
    alice.get_by_role("button", name="Send").click()
    expect(alice.locator("#conversation-thread article.post")).to_have_count(2)

    thread = bob.locator("#conversation-thread")
    expect(thread.locator("article.post", has_text="by the fountain")).to_be_visible(timeout=5_000)
    expect(thread.locator("article.post")).to_have_count(2)
    for page in (alice, bob):
        page.context.close()
