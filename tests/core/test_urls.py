"""An indexed resolver finds the same route Django's resolver finds, or none where it finds none."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, re_path
from django.urls.exceptions import Resolver404

from townsquare.api.endpoints import api
from townsquare.core.urls import IndexedResolver

SAMPLES = {"int": "7", "str": "abc", "slug": "a-b", "uuid": "12345678-1234-5678-1234-567812345678"}


def view(name: str) -> Callable[[HttpRequest], HttpResponse]:
    def answer(request: HttpRequest) -> HttpResponse:
        return HttpResponse(name)

    answer.__name__ = name
    return answer


def sample_path(route: str) -> str:
    """The route with each converter replaced by a value it accepts."""
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x/y"), route)


def test_every_api_route_resolves_as_django_resolves_it() -> None:
    plain = path("api/", api.urls)
    indexed = IndexedResolver(plain)
    routes = [str(p.pattern) for p in plain.url_patterns if isinstance(p, URLPattern)]
    assert len(routes) > 100
    paths = [f"api/{sample_path(route)}" for route in routes]
    paths.append("api/v1/statuses/7/context")

    for candidate in paths:
        expected, found = plain.resolve(candidate), indexed.resolve(candidate)
        assert (found.func, found.route, found.kwargs) == (
            expected.func,
            expected.route,
            expected.kwargs,
        ), candidate


def test_an_earlier_ungrouped_route_still_wins() -> None:
    routes: list[URLPattern | URLResolver] = [
        path("v1/a/first", view("a-first")),
        path("v1/<str:anything>/y", view("anything")),
        path("v1/a/y", view("a-y")),
        re_path(r"^v1/b/(?P<rest>.+)$", view("regex")),
        path("v1/b/z", view("b-z")),
    ]
    indexed = IndexedResolver(URLResolver(re_path("", view("root")).pattern, routes))

    assert indexed.resolve("v1/a/first").func.__name__ == "a-first"
    assert indexed.resolve("v1/a/y").func.__name__ == "anything"
    assert indexed.resolve("v1/b/z").func.__name__ == "regex"


@pytest.mark.parametrize(
    "missing", ["api/v1/nothing/here", "api/v9", "api/v1/timelines/home/x", "elsewhere"]
)
def test_a_path_no_route_matches_is_not_found(missing: str) -> None:
    with pytest.raises(Resolver404):
        IndexedResolver(path("api/", api.urls)).resolve(missing)
