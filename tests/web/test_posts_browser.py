"""The post partial in a real browser: htmx swaps only the post acted on; the counter counts."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from tests.conftest import skip_or_fail
from townsquare.accounts.models import Account
from townsquare.instance.selectors import max_post_chars
from townsquare.posts.models import Like
from townsquare.posts.services import publish_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Generous: the machine is shared, and a slow first paint is not what these tests check.
WAIT_MS = 15_000
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def page(asgi_server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    if CHROMIUM is None:
        skip_or_fail("Chromium is not installed")
    # Playwright's sync API runs an event loop; the test's own ORM calls are still sync.
    monkeypatch.setitem(os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.set_default_timeout(WAIT_MS)
        yield page
        browser.close()


def _sign_in(page: Any, base_url: str, account: Account) -> None:
    client = Client()
    client.force_login(account)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def test_like_swaps_only_that_post_without_leaving_the_page(
    page: Any, asgi_server: str, alice: Account, bob: Account
) -> None:
    parent = publish_post(author=bob, text="first of the thread")
    reply = publish_post(author=bob, text="second of the thread", in_reply_to=parent)
    _sign_in(page, asgi_server, alice)
    page.goto(asgi_server + reverse("web:post_detail", args=["bob", parent.id]))
    page.evaluate("window.stillHere = true")

    page.locator(f"#post-{reply.id} button.like").click()

    button = page.locator(f"#post-{reply.id} button.like")
    expect(button).to_have_attribute("aria-pressed", "true", timeout=WAIT_MS)
    expect(button).to_have_text("Like 1")
    assert page.evaluate("window.stillHere") is True
    expect(page.locator(f"#post-{parent.id} button.like")).to_have_attribute(
        "aria-pressed", "false"
    )
    assert Like.objects.filter(account=alice, post=reply).exists()


def test_counter_counts_down_and_warns_over_the_limit(
    page: Any, asgi_server: str, alice: Account
) -> None:
    limit = max_post_chars()
    _sign_in(page, asgi_server, alice)
    page.goto(asgi_server + reverse("web:compose"))
    counter = page.locator(".char-counter")

    page.fill("#id_text", "hello")
    expect(counter).to_have_text(f"{limit - 5} characters left", timeout=WAIT_MS)

    page.fill("#id_text", "x" * (limit + 3))
    expect(counter).to_have_text(f"3 characters over the limit of {limit}")
    expect(counter).to_have_class("helptext char-counter over")
