"""The search page: posts, people or hashtags matching ``q``, one tab each.

Any text is a valid query (see ``search.query``); the page pages with a plain "More
results" link carrying the offset.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_safe

from townsquare.search.query import MAX_QUERY_CHARS, parse, tokens
from townsquare.search.selectors import (
    MAX_OFFSET,
    search_accounts,
    search_hashtags,
    search_posts,
)

PAGE_SIZE = 20
SUGGESTIONS = 5
TABS = (("posts", "Posts"), ("people", "People"), ("hashtags", "Hashtags"))


def _offset(raw: str | None) -> int:
    try:
        return max(0, min(int(raw or 0), MAX_OFFSET))
    except ValueError:
        return 0


def _results(request: HttpRequest, kind: str, text: str, offset: int) -> tuple[list[Any], Any]:
    """One page (and one more row, to know if there is a next page) and the words to mark."""
    if kind == "people":
        people = search_accounts(request.user, text, offset=offset, limit=PAGE_SIZE + 1)
        return people, tokens(text.removeprefix("@").split("@")[0])
    if kind == "hashtags":
        return search_hashtags(text, offset=offset, limit=PAGE_SIZE + 1), ()
    query = parse(text)
    posts = search_posts(request.user, query, offset=offset, limit=PAGE_SIZE + 1)
    return posts, query.highlight_words()


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")[:MAX_QUERY_CHARS].strip()
    kind = request.GET.get("type", "posts")
    if kind not in dict(TABS):
        kind = "posts"
    offset = _offset(request.GET.get("offset"))
    results, words = _results(request, kind, text, offset) if text else ([], ())
    params = request.GET.copy()
    params["offset"] = str(offset + PAGE_SIZE)
    context = {
        "q": text,
        "type": kind,
        "tabs": TABS,
        "results": results[:PAGE_SIZE],
        "words": words,
        "next_url": f"?{params.urlencode()}" if len(results) > PAGE_SIZE else None,
        "is_continuation": offset > 0,
    }
    return render(request, "web/search/results.html", context)


@require_safe
def suggestions(request: HttpRequest) -> HttpResponse:
    """A few people and hashtags for what is typed in the navigation's box (htmx)."""
    text = request.GET.get("q", "")[:MAX_QUERY_CHARS].strip()
    people = search_accounts(request.user, text, limit=SUGGESTIONS) if text else []
    hashtags = search_hashtags(text, limit=SUGGESTIONS) if text else []
    context = {"q": text, "people": people, "hashtags": hashtags}
    return render(request, "web/search/_suggestions.html", context)


urlpatterns: list[URLPattern] = [
    path("search", search, name="search"),
    path("search/suggestions", suggestions, name="search_suggestions"),
]
