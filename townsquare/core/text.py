"""Turning what people type into safe HTML.

Plain text becomes paragraphs with mentions, hashtags and links made into links; the
result is passed through nh3 with a small allow-list anyway, so a bug in the
linkifier can never inject markup. Names are resolved by callbacks so this layer
knows nothing of accounts.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import nh3

MENTION_RE = re.compile(r"(?<![\w/@])@([A-Za-z0-9_]{1,30})(?![\w@])")
HASHTAG_RE = re.compile(r"(?<![\w/&#])#(\w{1,100})", re.UNICODE)
URL_RE = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
_TOKEN_RE = re.compile(f"{URL_RE.pattern}|{MENTION_RE.pattern}|{HASHTAG_RE.pattern}", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?)]}'\""
# Bidi overrides and isolates can make text display differently from what it says.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))

ALLOWED_TAGS = {"p", "br", "a", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href", "class", "rel", "target"}, "span": {"class"}}
LINK_DISPLAY_LIMIT = 40


@dataclass(slots=True)
class RenderedText:
    """HTML plus what the text referred to, for the caller to store."""

    html: str
    mentions: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def clean_text(text: str) -> str:
    """Normalise user text: NUL and other control characters and bidi overrides removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_BIDI_CONTROLS)
    return "".join(
        char for char in text if char in "\n\t" or unicodedata.category(char) not in {"Cc", "Cs"}
    )


def normalise_hashtag(name: str) -> str:
    """The stored form of a hashtag: NFKC case-folded, so #Café and #CAFÉ are one tag."""
    return unicodedata.normalize("NFKC", name).casefold()


def render(
    text: str,
    *,
    mention_url: Callable[[str], str | None],
    hashtag_url: Callable[[str], str],
) -> RenderedText:
    """Render ``text`` to sanitised HTML; ``mention_url`` returns None for unknown people."""
    result = RenderedText(html="")
    paragraphs = [part for part in re.split(r"\n{2,}", clean_text(text).strip()) if part.strip()]
    rendered = []
    for paragraph in paragraphs:
        lines = [
            _render_line(line, result, mention_url, hashtag_url) for line in paragraph.split("\n")
        ]
        rendered.append("<p>" + "<br>".join(lines) + "</p>")
    result.html = sanitise("".join(rendered))
    return result


def sanitise(markup: str) -> str:
    """Keep only the tags and attributes post text may carry."""
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel=None,
    )


def _render_line(
    line: str,
    result: RenderedText,
    mention_url: Callable[[str], str | None],
    hashtag_url: Callable[[str], str],
) -> str:
    out: list[str] = []
    position = 0
    for match in _TOKEN_RE.finditer(line):
        token = match.group(0)
        start, end = match.span()
        if token.lower().startswith(("http://", "https://")):
            stripped = token.rstrip(_TRAILING_PUNCTUATION)
            end = start + len(stripped)
            out.append(html.escape(line[position:start]))
            out.append(_link(stripped))
            if stripped not in result.links:
                result.links.append(stripped)
        elif token.startswith("@"):
            username = token[1:]
            url = mention_url(username)
            out.append(html.escape(line[position:start]))
            if url is None:
                out.append(html.escape(token))
            else:
                out.append(
                    f'<span class="h-card"><a href="{html.escape(url)}" class="u-url mention">'
                    f"@<span>{html.escape(username)}</span></a></span>"
                )
                if username.lower() not in (m.lower() for m in result.mentions):
                    result.mentions.append(username)
        else:
            name = token[1:]
            if name.isdigit():
                out.append(html.escape(line[position:end]))
                position = end
                continue
            out.append(html.escape(line[position:start]))
            tag = normalise_hashtag(name)
            out.append(
                f'<a href="{html.escape(hashtag_url(tag))}" class="mention hashtag" rel="tag">'
                f"#<span>{html.escape(name)}</span></a>"
            )
            if tag not in result.hashtags:
                result.hashtags.append(tag)
        position = end
    out.append(html.escape(line[position:]))
    return "".join(out)


def _link(url: str) -> str:
    shown = re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE)
    if len(shown) > LINK_DISPLAY_LIMIT:
        shown = shown[: LINK_DISPLAY_LIMIT - 1] + "…"
    return (
        f'<a href="{html.escape(url)}" rel="nofollow noopener noreferrer" target="_blank">'
        f"{html.escape(shown)}</a>"
    )
