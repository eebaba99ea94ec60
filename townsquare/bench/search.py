"""Search latency at a given number of posts (``townsquare bench search --posts N``).

Posts are written in bulk (no events, nothing queued) by a fixed set of authors, with
text drawn from a Zipf-shaped vocabulary, as natural language is: a few words are in
most posts, most words are rare. The index is then rebuilt with the search app's own
``reindex`` (so its time is measured too), and two kinds of two-word queries are timed
through the search selector and through ``/api/v2/search`` in-process:

- ``typical``: two words of middling frequency (ranks 20-60), each in a few per cent
  of posts, both together in a fraction of a per cent: what people mostly type;
- ``common``: two of the ten most frequent words, found in most posts: the worst case,
  bounded by ranking only the newest ``TOWNSQUARE_SEARCH_RANK_WINDOW`` matches.

The run reuses posts and index already there from an earlier run of the same size, so a
second measurement costs seconds.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import timedelta
from itertools import accumulate, islice
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.html import escape

from townsquare.accounts.models import Account
from townsquare.api.services import issue_token, register_app
from townsquare.bench.dataset import SEED, WORDS
from townsquare.core.ids import next_id_at
from townsquare.core.statistics import refresh_planner_statistics
from townsquare.posts.models import Post
from townsquare.relationships.models import Follow
from townsquare.search.backends import backend
from townsquare.search.query import parse
from townsquare.search.selectors import search_posts
from townsquare.search.services import reindex

PREFIX = "searchbench"
AUTHORS = 200
FOLLOWED = 50
VOCABULARY = 20_000
BATCH = 5_000
WINDOW = timedelta(days=30)
FOLLOWERS_ONLY_SHARE = 0.1
QUERY_PAIRS = 10
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]

type Report = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Latency:
    path: str  # "selector" or "api"
    query: str  # "typical" or "common"
    samples: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    mean_hits: float


def vocabulary(rng: random.Random) -> list[str]:
    """Real words first (the most frequent), then pronounceable made-up ones, all distinct."""
    words = list(WORDS)
    seen = set(words)
    while len(words) < VOCABULARY:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def texts(rng: random.Random, words: list[str]) -> Iterator[str]:
    """Endless post texts of 5-25 words, word ranks following Zipf's law."""
    weights = list(accumulate(1.0 / (rank + 1) for rank in range(len(words))))
    while True:
        chosen = rng.choices(words, cum_weights=weights, k=rng.randint(5, 25))
        yield " ".join(chosen).capitalize() + "."


def queries(words: list[str]) -> dict[str, list[str]]:
    """The two-word queries of each kind, rotated through while measuring."""
    return {
        "typical": [f"{words[20 + i]} {words[40 + 2 * i]}" for i in range(QUERY_PAIRS)],
        "common": [f"{words[i % 10]} {words[(i + 3) % 10]}" for i in range(QUERY_PAIRS)],
    }


def prepare(
    posts: int, *, analyze: bool, report: Report
) -> tuple[Account, list[str], dict[str, float]]:
    """Authors, a viewer following some of them, and ``posts`` posts, all indexed."""
    rng = random.Random(SEED)
    words = vocabulary(rng)
    timings: dict[str, float] = {}
    authors = _authors()
    viewer = _viewer(authors)
    have = Post.objects.filter(author__username__startswith=PREFIX).count()
    if have not in (0, posts):
        raise ValueError(
            f"This database holds {have} search benchmark posts, not {posts}: use a fresh one."
        )
    if have == 0:
        started = time.perf_counter()
        _write_posts(rng, words, authors, posts, report=report)
        timings["write_s"] = round(time.perf_counter() - started, 1)
    indexed = sum(backend().count_posts_by(author.id) for author in authors)
    if indexed != posts:
        report(f"Rebuilding the search index over {posts} posts (townsquare reindex)...")
        started = time.perf_counter()
        reindex()
        timings["reindex_s"] = round(time.perf_counter() - started, 1)
    if analyze:
        started = time.perf_counter()
        refresh_planner_statistics(everywhere=True)
        timings["analyze_s"] = round(time.perf_counter() - started, 1)
    return viewer, words, timings


def measure(
    viewer: Account, words: list[str], *, samples: int, with_api: bool, report: Report
) -> list[Latency]:
    """p50/p90/p99 of each query kind, through the selector and (optionally) the API."""
    token = _token(viewer) if with_api else ""
    client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {token}")
    # Hundreds of searches in a row by one token: the API's rate limit would refuse them.
    with override_settings(RATE_LIMITS_ENABLED=False):
        return _measure_all(
            viewer, words, client, samples=samples, with_api=with_api, report=report
        )


def _measure_all(
    viewer: Account,
    words: list[str],
    client: Client,
    *,
    samples: int,
    with_api: bool,
    report: Report,
) -> list[Latency]:
    results = []
    for kind, texts_ in queries(words).items():
        results.append(_timed("selector", kind, texts_, samples, lambda q: _select(viewer, q)))
        report(f"  {kind} query through the selector: done")
        if with_api:
            results.append(_timed("api", kind, texts_, samples, lambda q: _api(client, q)))
            report(f"  {kind} query through /api/v2/search: done")
    return results


def run(
    posts: int, *, samples: int, with_api: bool, analyze: bool = True, report: Report
) -> dict[str, Any]:
    """The whole measurement; the JSON document ``bench search`` writes."""
    viewer, words, timings = prepare(posts, analyze=analyze, report=report)
    report(f"Measuring {samples} searches of each kind...")
    return {
        "backend": connection.vendor,
        "posts": posts,
        "analyzed": analyze,
        **timings,
        "queries": queries(words),
        "results": [
            asdict(row)
            for row in measure(viewer, words, samples=samples, with_api=with_api, report=report)
        ],
    }


def table(document: dict[str, Any]) -> str:
    """The latencies as a fixed-width table."""
    header = f"{'backend':<12}{'posts':>9}{'path':>10}{'query':>9}{'p50 ms':>9}{'p90 ms':>9}"
    header += f"{'p99 ms':>9}{'hits':>7}"
    lines = [header, "-" * len(header)]
    for row in document["results"]:
        lines.append(
            f"{document['backend']:<12}{document['posts']:>9}{row['path']:>10}{row['query']:>9}"
            f"{row['p50_ms']:>9.2f}{row['p90_ms']:>9.2f}{row['p99_ms']:>9.2f}"
            f"{row['mean_hits']:>7.1f}"
        )
    lines.append("statistics: " + ("ANALYZE run" if document.get("analyzed") else "as loaded"))
    for name in ("write_s", "reindex_s", "analyze_s"):
        if name in document:
            lines.append(f"{name.removesuffix('_s')}: {document[name]} s")
    return "\n".join(lines)


def _authors() -> list[Account]:
    existing = list(Account.objects.filter(username__startswith=f"{PREFIX}0").order_by("id"))
    if existing:
        return existing
    password = make_password(None)
    joined = timezone.now() - WINDOW - timedelta(days=1)
    Account.objects.bulk_create(
        Account(
            id=next_id_at(joined),
            username=f"{PREFIX}{number:04d}",
            email=f"{PREFIX}{number:04d}@bench.invalid",
            display_name=f"Search Bench {number}",
            password=password,
            date_joined=joined,
        )
        for number in range(AUTHORS)
    )
    return list(Account.objects.filter(username__startswith=f"{PREFIX}0").order_by("id"))


def _viewer(authors: list[Account]) -> Account:
    viewer = Account.objects.filter(username=f"{PREFIX}viewer").first()
    if viewer is not None:
        return viewer
    joined = timezone.now() - WINDOW - timedelta(days=1)
    viewer = Account.objects.create(
        id=next_id_at(joined),
        username=f"{PREFIX}viewer",
        email=f"{PREFIX}viewer@bench.invalid",
        password=make_password(None),
        date_joined=joined,
        following_count=FOLLOWED,
    )
    Follow.objects.bulk_create(
        Follow(id=next_id_at(joined), follower=viewer, followee=author, created_at=joined)
        for author in authors[:FOLLOWED]
    )
    return viewer


def _write_posts(
    rng: random.Random, words: list[str], authors: list[Account], count: int, *, report: Report
) -> None:
    start = timezone.now() - WINDOW
    step = WINDOW / count
    author_ids = [author.id for author in authors]
    text = texts(rng, words)
    written = 0
    while written < count:
        batch = []
        for number in range(written, min(count, written + BATCH)):
            at = start + step * number
            body = next(text)
            batch.append(
                Post(
                    id=next_id_at(at),
                    author_id=rng.choice(author_ids),
                    text=body,
                    content_html=f"<p>{escape(body)}</p>",
                    visibility="followers" if rng.random() < FOLLOWERS_ONLY_SHARE else "public",
                    created_at=at,
                )
            )
        with transaction.atomic():
            Post.objects.bulk_create(batch, batch_size=1000)
        written += len(batch)
        report(f"[{_bar(written, count)}] posts written")


def _token(viewer: Account) -> str:
    app = register_app(name="townsquare bench search", redirect_uris="urn:ietf:wg:oauth:2.0:oob")
    return issue_token(
        application_id=app.client_app.application_id, account=viewer, scopes=("read",)
    ).token


def _select(viewer: Account, text: str) -> int:
    return len(search_posts(viewer, parse(text), limit=20))


def _api(client: Client, text: str) -> int:
    answer = client.get("/api/v2/search", {"q": text, "type": "statuses", "limit": "20"})
    if answer.status_code != 200:
        raise RuntimeError(f"/api/v2/search answered {answer.status_code}")
    return len(answer.json()["statuses"])


def _timed(
    path: str, kind: str, texts_: list[str], samples: int, search: Callable[[str], int]
) -> Latency:
    for text in texts_[:3]:  # warm-up: caches, prepared statements, first page faults
        search(text)
    times, hits = [], []
    for text in islice(_cycle(texts_), samples):
        started = time.perf_counter()
        hits.append(search(text))
        times.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return Latency(
        path, kind, samples, round(cuts[49], 2), round(cuts[89], 2), round(cuts[98], 2),
        round(statistics.fmean(hits), 1),
    )  # fmt: skip


def _cycle(items: list[str]) -> Iterator[str]:
    while True:
        yield from items


def _bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total)
    return "#" * filled + "." * (width - filled) + f" {done}/{total}"
