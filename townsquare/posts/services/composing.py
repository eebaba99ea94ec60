"""Turning what someone typed into a post's stored text, HTML, mentions and hashtags.

Shared by publishing and editing so both apply the same limits: the length limit
counts the content warning plus the text, each link as ``URL_CHARS`` characters
whatever its length (as Mastodon does, so people aren't punished for long URLs).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from townsquare.accounts.models import Account
from townsquare.accounts.selectors import accounts_by_usernames
from townsquare.core.errors import ValidationFailed
from townsquare.core.text import (
    _TRAILING_PUNCTUATION,
    HASHTAG_RE,
    MENTION_RE,
    URL_RE,
    clean_text,
    normalise_hashtag,
    render,
)
from townsquare.instance.selectors import max_post_chars
from townsquare.posts.models import Hashtag, Visibility

URL_CHARS = 23
MAX_SPOILER_CHARS = 500
HASHTAG_NAME_CHARS = 100


@dataclass(frozen=True, slots=True)
class Composed:
    """A validated post body, ready to store."""

    text: str
    spoiler_text: str
    html: str
    mentioned: Sequence[Account]
    hashtags: Sequence[tuple[str, str]]  # (normalised name, name as first typed)


def compose(*, text: str, spoiler_text: str, visibility: str, has_media: bool) -> Composed:
    """Validate and render a post body; ValidationFailed names the rule that was broken."""
    text = clean_text(text).strip()
    # A content warning is one line: newlines in it would only confuse its display.
    spoiler = " ".join(clean_text(spoiler_text).split())
    if len(spoiler) > MAX_SPOILER_CHARS:
        raise ValidationFailed(
            f"Content warnings can be at most {MAX_SPOILER_CHARS} characters.",
            field="spoiler_text",
        )
    if not text and not has_media:
        raise ValidationFailed("Write something or attach an image.", field="text")
    limit = max_post_chars()
    length = counted_length(text) + len(spoiler)
    if length > limit:
        raise ValidationFailed(
            f"Posts can be at most {limit} characters; this one has {length}.", field="text"
        )
    known = accounts_by_usernames({name.lower() for name in MENTION_RE.findall(text)})
    rendered = render(
        text,
        mention_url=lambda name: (
            f"/@{known[name.lower()].username}" if name.lower() in known else None
        ),
        hashtag_url=lambda name: f"/tags/{name}",
    )
    mentioned = _unique_accounts(known[name.lower()] for name in rendered.mentions)
    if visibility == Visibility.DIRECT and not mentioned:
        raise ValidationFailed(
            "A direct post must mention at least one person (@username).", field="text"
        )
    return Composed(
        text=text,
        spoiler_text=spoiler,
        html=rendered.html,
        mentioned=mentioned,
        hashtags=_hashtags(text, rendered.hashtags),
    )


def counted_length(text: str) -> int:
    """Characters as the limit counts them: every link is ``URL_CHARS`` long."""
    length = len(text)
    for match in URL_RE.finditer(text):
        url = match.group(0).rstrip(_TRAILING_PUNCTUATION)
        length += URL_CHARS - len(url)
    return length


def stored_hashtags(hashtags: Sequence[tuple[str, str]]) -> list[Hashtag]:
    """The Hashtag rows for ``hashtags``, created when new; safe against concurrent creation."""
    if not hashtags:
        return []
    names = [name for name, _ in hashtags]
    # Nearly every tag exists already: look first, and write (then look again) only the
    # new ones, rather than an insert that is ignored on every post.
    by_name = {tag.name: tag for tag in Hashtag.objects.filter(name__in=names)}
    new = [(name, display) for name, display in hashtags if name not in by_name]
    if new:
        Hashtag.objects.bulk_create(
            [Hashtag(name=name, display_name=display) for name, display in new],
            ignore_conflicts=True,
        )
        created = Hashtag.objects.filter(name__in=[name for name, _ in new])
        by_name |= {tag.name: tag for tag in created}
    return [by_name[name] for name in names if name in by_name]


def _unique_accounts(accounts: Iterable[Account]) -> list[Account]:
    seen: dict[int, Account] = {}
    for account in accounts:
        seen.setdefault(account.id, account)
    return list(seen.values())


def _hashtags(text: str, names: Sequence[str]) -> list[tuple[str, str]]:
    displays: dict[str, str] = {}
    for match in HASHTAG_RE.finditer(text):
        displays.setdefault(normalise_hashtag(match.group(1)), match.group(1))
    # NFKC case folding can lengthen a name (ß -> ss); a name that no longer fits is not stored.
    return [
        (name, displays.get(name, name)[:HASHTAG_NAME_CHARS])
        for name in names
        if len(name) <= HASHTAG_NAME_CHARS
    ]
