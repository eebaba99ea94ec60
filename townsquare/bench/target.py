"""What the harness learns about a server before loading it, over the Mastodon API only.

Nothing here knows it is talking to Townsquare: account ids come from
``verify_credentials``, status ids from the public timeline and deep ``max_id`` values
from the home timeline's ``Link`` headers, so any server of this kind can be measured.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TIMEOUT = 30
DEEP_PAGES = 5  # pages of 40 a deep home request skips: ~200 statuses down
DEEP_SAMPLES = 20
NEXT_MAX_ID = re.compile(r'<[^>]*[?&]max_id=(\w+)[^>]*>;\s*rel="next"')


class TargetError(Exception):
    """The server answered something the harness cannot use."""


@dataclass(slots=True)
class Person:
    token: str
    account_id: str
    followers: int
    deep_max_id: str = ""


@dataclass(slots=True)
class Target:
    """A server and the people, statuses and tag the load scenarios use."""

    url: str
    people: list[Person]
    status_ids: list[str]
    hashtag: str
    software: str = ""
    floor_body: bytes = b"[]"
    rate_limit: str = ""  # X-RateLimit-Limit, when the server counts requests
    extra: dict[str, Any] = field(default_factory=dict)
    # Other web processes of the same server (behind no proxy here): posting at a rate
    # spreads over ``url`` and these, as a proxy would spread it.
    also: tuple[str, ...] = ()

    @property
    def web_urls(self) -> tuple[str, ...]:
        return (self.url, *self.also)


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    url: str, path: str, *, token: str = "", method: str = "GET", data: bytes | None = None
) -> Answer:
    """One request; any status comes back as an Answer, network errors raise OSError."""
    request = urllib.request.Request(url.rstrip("/") + path, method=method, data=data)  # noqa: S310 (a URL the operator gave)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return Answer(response.status, response.read(), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read(), dict(error.headers))


def read_tokens(path: Path) -> list[str]:
    tokens = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [token for token in tokens if token and not token.startswith("#")]


def discover(url: str, tokens: list[str], *, hashtag: str) -> Target:
    """Ask the server who the tokens belong to and which statuses exist."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        people = list(pool.map(lambda token: _person(url, token), tokens))
        deep = people[:DEEP_SAMPLES]
        for person, max_id in zip(
            deep, pool.map(lambda p: _deep_max_id(url, p), deep), strict=True
        ):
            person.deep_max_id = max_id
    first = people[0].token
    public = _ok(call(url, "/api/v1/timelines/public?local=true&limit=40", token=first))
    status_ids = [str(status["id"]) for status in public.json()]
    if not status_ids:
        raise TargetError("The public timeline is empty: import a dataset first.")
    floor = _ok(call(url, "/api/v1/timelines/public?local=true&limit=20", token=first))
    instance = call(url, "/api/v1/instance")
    software = str(instance.json().get("version", "")) if instance.status == 200 else ""
    limit = _header(floor, "X-RateLimit-Limit")
    return Target(
        url, people, status_ids, hashtag, software=software, floor_body=floor.body, rate_limit=limit
    )


def _header(answer: Answer, name: str) -> str:
    return next((v for k, v in answer.headers.items() if k.lower() == name.lower()), "")


def _person(url: str, token: str) -> Person:
    me = _ok(call(url, "/api/v1/accounts/verify_credentials", token=token)).json()
    return Person(token=token, account_id=str(me["id"]), followers=int(me["followers_count"]))


def _deep_max_id(url: str, person: Person) -> str:
    """A ``max_id`` DEEP_PAGES full pages down the person's home, or "" when their home is
    shorter: a deep request past the end of a home would measure an empty page."""
    max_id = ""
    for _ in range(DEEP_PAGES):
        query = urllib.parse.urlencode({"limit": 40, **({"max_id": max_id} if max_id else {})})
        answer = _ok(call(url, f"/api/v1/timelines/home?{query}", token=person.token))
        found = NEXT_MAX_ID.search(_header(answer, "Link"))
        if not found or len(answer.json()) < 40:
            return ""
        max_id = found.group(1)
    return max_id


def _ok(answer: Answer) -> Answer:
    if not 200 <= answer.status < 300:
        raise TargetError(f"The server answered {answer.status}: {answer.body[:200]!r}")
    return answer
