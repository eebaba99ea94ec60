"""The benchmark dataset: a deterministic, implementation-neutral dump in JSON lines.

One object a line, in an order any importer can stream: the ``meta`` line, then every
``person``, ``follow``, ``post`` (replies after their parents), ``like`` and ``boost``.
Times are ``at`` seconds from the start of a window of ``window_s`` seconds that an
importer ends at its own "now", so a fresh import always looks recent. Ids in the dump
are small integers of the dump's own; importers map them to theirs.

The social graph is skewed the way real ones are: how many people someone follows is
log-normal (median ~50 at size M), whom they follow is a power law over popularity, so
a few accounts have most of the followers and most have a handful.
"""

from __future__ import annotations

import json
import math
import random
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any, TextIO

SEED = 20261126
WINDOW_S = 30 * 24 * 3600
HASHTAGS = 100
WORDS = (
    "town",
    "square",
    "morning",
    "coffee",
    "bike",
    "river",
    "market",
    "garden",
    "music",
    "rain",
    "train",
    "book",
    "bread",
    "cat",
    "dog",
    "walk",
    "night",
    "sky",
    "library",
    "concert",
    "street",
    "park",
    "bridge",
    "harbour",
    "tea",
    "lunch",
    "window",
    "theatre",
    "museum",
    "school",
    "festival",
    "ferry",
    "hill",
    "lantern",
)


@dataclass(frozen=True, slots=True)
class Size:
    """How big a dataset is and how its graph is shaped."""

    name: str
    people: int
    posts: int
    median_following: int
    # Popularity is (rank + offset) ** -exponent; the offset keeps the top from taking all.
    popularity_exponent: float = 1.1
    popularity_offset: float = 10.0
    celebrity_share: float = 0.0


SIZES = {
    "S": Size("S", people=200, posts=5_000, median_following=20),
    "M": Size("M", people=2_000, posts=50_000, median_following=50),
    "L": Size("L", people=20_000, posts=1_000_000, median_following=50),
    "celebrity": Size(
        "celebrity", people=2_000, posts=50_000, median_following=50, celebrity_share=0.5
    ),
}

REPLY_SHARE = 0.2
TAGGED_SHARE = 0.3
LIKES_PER_POST = 1.0
BOOSTS_PER_POST = 0.1
VISIBILITIES = (("public", 0.85), ("unlisted", 0.08), ("followers", 0.07))


def write_dump(size: Size, out: TextIO, *, seed: int = SEED) -> dict[str, int]:
    """Write the whole dataset for ``size`` to ``out``; returns how many of each kind."""
    counts: dict[str, int] = {}
    for record in records(size, seed=seed):
        kind = str(record["type"])
        counts[kind] = counts.get(kind, 0) + 1
        out.write(json.dumps(record, separators=(",", ":")))
        out.write("\n")
    return counts


def records(size: Size, *, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """Every line of the dump, in order; the same ``size`` and ``seed`` give the same lines."""
    rng = random.Random(seed)
    yield {
        "type": "meta",
        "format": 1,
        "size": size.name,
        "seed": seed,
        "window_s": WINDOW_S,
        "people": size.people,
        "posts": size.posts,
    }
    for person in range(size.people):
        yield {
            "type": "person",
            "id": person,
            "username": f"bench{person:06d}",
            "display_name": f"Bench Person {person}",
            "bio": _sentence(rng, 8),
            "at": round(rng.uniform(0, WINDOW_S / 10), 3),
        }
    popularity = _popularity(rng, size)
    yield from _follows(rng, size, popularity)
    yield from _posts_and_interactions(rng, size, popularity)


def read_meta(path: Path) -> dict[str, Any]:
    """The meta line of a dump."""
    with path.open(encoding="utf-8") as dump:
        meta: dict[str, Any] = json.loads(dump.readline())
    if meta.get("type") != "meta":
        raise ValueError(f"{path} is not a benchmark dump (no meta line)")
    return meta


def _popularity(rng: random.Random, size: Size) -> list[float]:
    ranks = list(range(size.people))
    rng.shuffle(ranks)
    return [(rank + size.popularity_offset) ** -size.popularity_exponent for rank in ranks]


def _follows(rng: random.Random, size: Size, popularity: list[float]) -> Iterator[dict[str, Any]]:
    cumulative = list(accumulate(popularity))
    celebrity = max(range(size.people), key=popularity.__getitem__)
    sigma = 0.8
    for follower in range(size.people):
        wanted = min(
            size.people - 1,
            max(1, round(rng.lognormvariate(math.log(size.median_following), sigma))),
        )
        chosen: set[int] = set()
        if size.celebrity_share and follower != celebrity and rng.random() < size.celebrity_share:
            chosen.add(celebrity)
        while len(chosen) < wanted:
            pick = bisect_left(cumulative, rng.random() * cumulative[-1])
            if pick != follower and (pick != celebrity or not size.celebrity_share):
                chosen.add(min(pick, size.people - 1))
        for followee in sorted(chosen):
            yield {
                "type": "follow",
                "follower": follower,
                "followee": followee,
                "at": round(rng.uniform(WINDOW_S / 10, WINDOW_S / 5), 3),
            }


def _posts_and_interactions(
    rng: random.Random, size: Size, popularity: list[float]
) -> Iterator[dict[str, Any]]:
    # Popular people post more; activity has a long tail of its own.
    activity = list(accumulate(rng.paretovariate(1.5) * (1 + 50 * p) for p in popularity))
    tags = list(accumulate((rank + 1) ** -1.0 for rank in range(HASHTAGS)))
    start = WINDOW_S / 5
    step = (WINDOW_S - start) / size.posts
    public: list[tuple[int, float]] = []  # originals that can be boosted, with their time
    # (kind, account, post, at), kept as tuples: at size L there are a million of them.
    done: list[tuple[str, int, int, float]] = []
    seen: set[tuple[str, int, int]] = set()
    for post in range(size.posts):
        at = round(start + post * step + rng.uniform(0, step / 2), 3)
        author = bisect_left(activity, rng.random() * activity[-1])
        record = _post(rng, post, author, at, tags, public)
        yield record
        if record["visibility"] == "public" and record["reply_to"] is None:
            public.append((post, at))
        for kind, rate in (("like", LIKES_PER_POST), ("boost", BOOSTS_PER_POST)):
            if public and rng.random() < rate:
                target, posted = _recent(rng, public, 100)
                account = rng.randrange(size.people)
                if (kind, account, target) not in seen:
                    seen.add((kind, account, target))
                    when = min(WINDOW_S, max(posted, at) + rng.uniform(1, 600))
                    done.append((kind, account, target, round(when, 3)))
    for wanted in ("like", "boost"):
        for kind, account, target, when in done:
            if kind == wanted:
                yield {"type": kind, "account": account, "post": target, "at": when}


def _recent(rng: random.Random, public: list[tuple[int, float]], mean: int) -> tuple[int, float]:
    """One of the last public originals, most likely one of the last ``mean`` or so."""
    return public[max(0, len(public) - 1 - int(rng.expovariate(1 / mean)))]


def _post(
    rng: random.Random,
    post: int,
    author: int,
    at: float,
    tags: list[float],
    public: list[tuple[int, float]],
) -> dict[str, Any]:
    text = _sentence(rng, rng.randint(5, 30))
    names: list[str] = []
    if rng.random() < TAGGED_SHARE:
        for _ in range(rng.randint(1, 2)):
            names.append(f"topic{bisect_left(tags, rng.random() * tags[-1])}")
        text += " " + " ".join(f"#{name}" for name in dict.fromkeys(names))
    reply_to = None
    if public and rng.random() < REPLY_SHARE:
        reply_to = _recent(rng, public, 50)[0]
    (visibility,) = rng.choices([v for v, _ in VISIBILITIES], [w for _, w in VISIBILITIES])
    return {
        "type": "post",
        "id": post,
        "author": author,
        "at": at,
        "text": text,
        "visibility": visibility,
        "tags": list(dict.fromkeys(names)),
        "reply_to": reply_to,
    }


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."
