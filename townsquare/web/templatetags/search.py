"""Highlighting search matches in plain text: escaped first, then the words marked."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from townsquare.search.query import fold

register = template.Library()

_WORD = re.compile(r"[^\W_]+")


def _marked(text: str, is_match: Callable[[str], bool]) -> SafeString:
    pieces: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        word = escape(match.group())
        pieces.append(f"<mark>{word}</mark>" if is_match(fold(match.group())) else word)
        last = match.end()
    pieces.append(escape(text[last:]))
    # Every piece of user text went through escape(); only <mark> and <br> are ours.
    return mark_safe("".join(pieces).replace("\n", "<br>"))  # noqa: S308


@register.filter
def highlight(text: str, words: Iterable[str]) -> SafeString:
    """``text`` escaped, with each whole word searched for in ``<mark>``."""
    wanted = {fold(word) for word in words}
    return _marked(text or "", wanted.__contains__)


@register.filter
def highlight_prefix(text: str, prefixes: Iterable[str]) -> SafeString:
    """``text`` escaped, with each word starting with one of ``prefixes`` in ``<mark>``."""
    wanted = tuple(fold(prefix) for prefix in prefixes)
    return _marked(text or "", lambda word: bool(wanted) and word.startswith(wanted))
