"""Entity URLs come from route templates; they must equal what ``reverse`` builds."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from townsquare.api.serializers.common import absolute, base_url, route

CASES: list[tuple[str, dict[str, Any]]] = [
    ("web:profile", {"username": "alice"}),
    ("web:profile", {"username": "Bob_42"}),
    ("web:post_detail", {"username": "alice", "post_id": 117680000688074245}),
    ("web:post_detail", {"username": "x", "post_id": 0}),
    ("web:media_file", {"media_id": 7, "variant": "thumbnail"}),
    ("web:hashtag", {"tag": "python"}),
    # Values reverse would quote or refuse take the slow path, with the same answer.
    ("web:hashtag", {"tag": "café"}),
    ("web:hashtag", {"tag": "a b?c"}),
    ("web:account_avatar", {"username": "alice"}),
]


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_route_equals_reverse(name: str, kwargs: dict[str, Any]) -> None:
    for _ in range(2):  # the first call builds the template, the second uses it
        assert route(name, **kwargs) == reverse(name, kwargs=kwargs)


def test_a_value_reverse_refuses_is_refused_too() -> None:
    with pytest.raises(NoReverseMatch):
        reverse("web:profile", kwargs={"username": "a/b"})
    with pytest.raises(NoReverseMatch):
        route("web:profile", username="a/b")


def test_absolute_urls_use_the_host_of_the_request() -> None:
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    assert base_url(request) == "http://localhost"
    assert absolute(request, "web:profile", username="alice") == "http://localhost/@alice"
