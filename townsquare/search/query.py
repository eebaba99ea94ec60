"""The search query language, parsed into a small syntax tree that backends render.

    words  "exact phrases"  -excluded  #hashtag  @person  from:name
    has:media  has:poll  is:reply  before:YYYY-MM-DD  after:YYYY-MM-DD

Parsing never fails: anything that isn't an operator is text, text is reduced to word
tokens (letters, digits, underscore), and what is left of hostile input is only words.
Backends quote every token, so no user text is ever read as FTS or SQL syntax.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from townsquare.core.text import clean_text, normalise_hashtag

MAX_QUERY_CHARS = 500
MAX_TERMS = 16
MAX_TOKENS_PER_TERM = 8
_CLAUSE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_TOKEN = re.compile(r"\w+")
# Letters and digits only: underscores and punctuation separate words, as in both indexes.
_WORD = re.compile(r"[^\W_]+")
_USERNAME = re.compile(r"@?([A-Za-z0-9_]{1,30})(?:@\S*)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def fold(text: str) -> str:
    """Lower-cased text without diacritics, as FTS5's ``remove_diacritics`` reads it."""
    if text.isascii():  # the common case, and the same answer: nothing to decompose
        return text.lower()
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", plain)


def tokens(text: str) -> tuple[str, ...]:
    """The words of ``text`` (folded): the unit both indexes agree on."""
    return tuple(_WORD.findall(fold(text)))[:MAX_TOKENS_PER_TERM]


@dataclass(frozen=True, slots=True)
class Term:
    """Words that must appear in order (one word, or a quoted phrase)."""

    tokens: tuple[str, ...]
    is_phrase: bool = False


@dataclass(slots=True)
class Query:
    """What a search asks for; ``terms`` are matched by the index, the rest filters."""

    terms: list[Term] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    has_media: bool = False
    has_poll: bool = False
    is_reply: bool = False
    before: datetime | None = None
    after: datetime | None = None

    @property
    def has_filters(self) -> bool:
        return bool(
            self.hashtags
            or self.mentions
            or self.authors
            or self.has_media
            or self.has_poll
            or self.is_reply
            or self.before
            or self.after
        )

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.has_filters

    def highlight_words(self) -> list[str]:
        """The words worth marking in a result: those searched for, and the hashtags."""
        return [token for term in self.terms for token in term.tokens] + self.hashtags


def parse(raw: str) -> Query:
    """Parse user input; never raises, whatever the input."""
    query = Query()
    text = clean_text(raw[: MAX_QUERY_CHARS * 2]).replace("\n", " ")[:MAX_QUERY_CHARS]
    for match in _CLAUSE.finditer(text):
        if len(query.terms) + len(query.excluded) >= MAX_TERMS:
            break
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        if phrase is not None:
            _add_text(query, phrase, is_phrase=True, negated=bool(negated))
        elif not _add_operator(query, word):
            is_negated = word.startswith("-") and len(word) > 1
            _add_text(query, word[1:] if is_negated else word, is_phrase=False, negated=is_negated)
    return query


def _add_text(query: Query, text: str, *, is_phrase: bool, negated: bool) -> None:
    found = tokens(text)
    if not found:
        return
    term = Term(tokens=found, is_phrase=is_phrase or len(found) > 1)
    (query.excluded if negated else query.terms).append(term)


def _add_operator(query: Query, word: str) -> bool:
    """Apply ``word`` if it is an operator (``from:x``, ``#tag``, ...); False if it is text."""
    lowered = word.lower()
    if word.startswith("#") and _TOKEN.fullmatch(word[1:]):
        query.hashtags.append(normalise_hashtag(word[1:])[:100])
        return True
    if word.startswith("@") and (mention := _USERNAME.fullmatch(word)):
        query.mentions.append(mention.group(1).lower())
        return True
    name, _, value = lowered.partition(":")
    if not value:
        return False
    if name == "from" and (author := _USERNAME.fullmatch(value)):
        query.authors.append(author.group(1))
    elif (name, value) == ("has", "media"):
        query.has_media = True
    elif (name, value) == ("has", "poll"):
        query.has_poll = True
    elif (name, value) == ("is", "reply"):
        query.is_reply = True
    elif name in ("before", "after") and (day := _day(value)) is not None:
        setattr(query, name, day)
    else:
        return False
    return True


def _day(value: str) -> datetime | None:
    """Midnight UTC of a YYYY-MM-DD date; None if it isn't one."""
    if not _DATE.fullmatch(value):
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return datetime(parsed.year, parsed.month, parsed.day, tzinfo=UTC)
