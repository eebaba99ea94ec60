"""Whatever people type, a post's HTML carries only the markup we allow."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from townsquare.accounts.models import Account
from townsquare.core.errors import ValidationFailed
from townsquare.posts.models import Hashtag, Post
from townsquare.posts.services import edit_post, publish_post

pytestmark = pytest.mark.django_db

EVENT_HANDLER_IN_TAG = re.compile(r"<[^>]*\bon\w+\s*=", re.IGNORECASE)
ALLOWED = {"p": set(), "br": set(), "span": {"class"}, "a": {"href", "class", "rel", "target"}}
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "<a href='javascript:alert(1)'>x</a>",
    'https://example.com/"onmouseover="alert(1)',
    "https://example.com/<script>",
    "@bob\"onmouseover='x'",
    "#tag<script>alert(1)</script>",
    "<iframe src=https://evil.example>",
    "<<script>script>alert(1)<</script>/script>",
    "<p onclick=alert(1)>hi</p>",
    "&lt;script&gt;",
    "<style>*{display:none}</style>",
    "\x00\u202e\u2066\ud800",
]


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.problems.append(f"tag {tag}")
            return
        for name, value in attrs:
            if name not in ALLOWED[tag]:
                self.problems.append(f"attribute {name} on {tag}")
            if name == "href" and not (value or "").startswith(("http://", "https://", "/")):
                self.problems.append(f"href {value!r}")


def assert_safe(markup: str) -> None:
    lowered = markup.lower()
    assert "<script" not in lowered
    assert EVENT_HANDLER_IN_TAG.search(markup) is None
    parser = _Markup()
    parser.feed(markup)
    parser.close()
    assert parser.problems == []


hostile_text = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(PAYLOADS),
        st.sampled_from(["@bob", "@alice", "#Tag", "https://example.com/a?b=1&c=<d>", "\n\n"]),
    ),
    max_size=8,
).map("".join)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=hostile_text, spoiler=st.text(max_size=20))
def test_published_html_never_carries_scripts_or_handlers(
    alice: Account, bob: Account, text: str, spoiler: str
) -> None:
    try:
        post = publish_post(author=alice, text=text, spoiler_text=spoiler)
    except ValidationFailed:
        return
    assert_safe(post.content_html)
    assert "\x00" not in post.text
    assert "\x00" not in post.spoiler_text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_known_payloads_are_escaped(alice: Account, bob: Account, payload: str) -> None:
    post = publish_post(author=alice, text=f"look {payload} here @bob")
    assert_safe(post.content_html)
    edited = edit_post(editor=alice, post=post, text=f"again {payload}{payload}")
    assert_safe(edited.content_html)


def test_control_characters_and_bidi_overrides_are_removed(alice: Account) -> None:
    post = publish_post(
        author=alice, text="a\x00b\u202ec\u2066d\x1be\ud800f", spoiler_text="x\x00\u202ey"
    )
    assert post.text == "abcdef"
    assert post.spoiler_text == "xy"


def test_ten_thousand_characters_are_refused_whole(alice: Account) -> None:
    with pytest.raises(ValidationFailed) as error:
        publish_post(author=alice, text="<b>" * 3334)
    assert error.value.message == "Posts can be at most 500 characters; this one has 10002."
    assert not Post.objects.exists()
    alice.refresh_from_db()
    assert alice.posts_count == 0


def test_text_of_only_controls_is_empty(alice: Account) -> None:
    with pytest.raises(ValidationFailed, match="Write something"):
        publish_post(author=alice, text="\x00" * 10_000)


def test_hashtags_too_long_once_normalised_are_not_stored(alice: Account) -> None:
    post = publish_post(author=alice, text="#" + "ß" * 100 + " #ok")
    assert list(Hashtag.objects.values_list("name", flat=True)) == ["ok"]
    assert post.hashtag_links.count() == 1


def test_many_unknown_mentions_are_plain_text(alice: Account) -> None:
    text = " ".join(f"@nobody{n}" for n in range(40))
    post = publish_post(author=alice, text=text)
    assert "<a" not in post.content_html
    assert not post.mentions.exists()
