"""Discovery: the deep ``max_id`` of a home, whatever case the server gives its headers."""

from __future__ import annotations

import json

import pytest

from townsquare.bench import target
from townsquare.bench.target import Answer, Person

PAGE = 40


def _pages(total: int, *, header: str) -> object:
    """A fake ``call`` serving a home of ``total`` statuses, newest id first."""

    def call(url: str, path: str, **kwargs: object) -> Answer:
        below = int(path.partition("max_id=")[2] or total + 1)
        ids = list(range(below - 1, max(0, below - 1 - PAGE), -1))
        link = f'<{url}/api/v1/timelines/home?limit=40&max_id={ids[-1]}>; rel="next"' if ids else ""
        body = json.dumps([{"id": str(i)} for i in ids]).encode()
        return Answer(200, body, {header: link} if link else {})

    return call


@pytest.mark.parametrize("header", ["Link", "link"])
def test_a_long_home_gets_a_max_id_pages_down(monkeypatch, header: str) -> None:
    monkeypatch.setattr(target, "call", _pages(1000, header=header))
    max_id = target._deep_max_id("http://server", Person(token="t", account_id="1", followers=0))
    assert max_id == str(1000 - target.DEEP_PAGES * PAGE + 1)


def test_a_home_shorter_than_the_deep_pages_gets_none(monkeypatch) -> None:
    monkeypatch.setattr(target, "call", _pages(150, header="link"))
    assert (
        target._deep_max_id("http://server", Person(token="t", account_id="1", followers=0)) == ""
    )
