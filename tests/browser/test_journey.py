"""The first journey through a real browser: sign up, post a picture, follow, like, get told.

Drives Debian's Chromium (never a downloaded one) with Playwright's sync API against
pytest-django's live server; tasks run inline and after-commit work fires, as the
live server's database is transactional.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import skip_or_fail

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "a-quiet-morning-walk"
POST_TEXT = "First light over the allotments #gardening"
ALT_TEXT = "A red square sun over a green field"


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    # Playwright's sync API keeps an event loop in this thread; the live server's
    # database work happens in its own threads, so Django's guard doesn't apply here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def new_page(browser: Browser) -> Page:
    """A page in a context of its own: each person has their own cookies."""
    page = browser.new_context().new_page()
    page.set_default_timeout(15_000)
    return page


def picture(path: Path) -> Path:
    image = Image.new("RGB", (320, 200), (90, 160, 80))
    image.paste((200, 40, 40), (130, 40, 190, 100))
    image.save(path, format="PNG")
    return path


def sign_up(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/signup")
    page.get_by_label("Username").fill(username)
    page.get_by_label("E-mail address").fill(f"{username}@example.org")
    page.get_by_label("Display name (optional)").fill(username.title())
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password, again").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_liked_picture_reaches_its_author(asgi_server, browser, tmp_path):
    base_url = asgi_server
    alice, bob = new_page(browser), new_page(browser)
    sign_up(alice, base_url, "alice")
    sign_up(bob, base_url, "bob")

    alice.goto(f"{base_url}/compose")
    alice.get_by_label("What's on your mind?").fill(POST_TEXT)
    alice.get_by_label("Image", exact=True).first.set_input_files(picture(tmp_path / "sun.png"))
    alice.get_by_label("Image description (alt text)").first.fill(ALT_TEXT)
    alice.get_by_role("button", name="Publish").click()
    expect(alice.locator("article.post", has_text=POST_TEXT).first).to_be_visible()

    bob.goto(f"{base_url}/@alice")
    bob.get_by_role("button", name="Follow @alice").click()
    expect(bob.get_by_role("button", name="Unfollow @alice")).to_be_visible()

    bob.goto(f"{base_url}/")
    post = bob.locator("article.post", has_text=POST_TEXT)
    expect(post).to_have_count(1)
    image = post.get_by_role("img", name=ALT_TEXT)
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    bob.screenshot(path=str(tmp_path / "bob-home.png"), full_page=True)
    like = post.get_by_role("button", name=re.compile(r"^Like"))
    like.click()
    expect(
        bob.locator("article.post", has_text=POST_TEXT).get_by_role(
            "button", name=re.compile(r"^Like")
        )
    ).to_have_attribute("aria-pressed", "true")

    alice.goto(f"{base_url}/")
    # Two unread: Bob followed her, then liked her post.
    expect(alice.get_by_label("2 unread")).to_be_visible()
    alice.get_by_role("link", name=re.compile(r"^Notifications")).click()
    notification = alice.locator("article.notification", has_text="liked your post")
    expect(notification).to_contain_text("Bob")
    expect(notification).to_contain_text(POST_TEXT.split(" #")[0])
    alice.screenshot(path=str(tmp_path / "journey.png"), full_page=True)
