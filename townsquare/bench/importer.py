"""Loading a benchmark dump into Townsquare through bulk paths.

Replaying a million posts through ``publish_post`` would take hours and measure the
importer, not the server. Instead rows are written with ``bulk_create`` in the shape
the services would have left them: time-sortable ids from each item's own time, every
denormalised counter set, hashtags linked, and homes built by
``timelines.services.rebuild_homes``. No events are published: a dump is history, not
news, so nobody is notified and nothing is queued.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.api.services import issue_token, register_app
from townsquare.core.ids import next_id_at
from townsquare.core.statistics import refresh_planner_statistics
from townsquare.core.text import normalise_hashtag, render
from townsquare.posts.models import Hashtag, Like, Post, PostHashtag
from townsquare.relationships.models import Follow
from townsquare.timelines.services import rebuild_homes

BATCH = 2000
TOKEN_SCOPES = ("read", "write", "follow")
MIN_TOKENS = 200
# Everyone imported shares one password (hashed once: hashing per person would dominate).
PASSWORD = "bench-password"  # noqa: S105 (a benchmark dataset, printed on purpose)
EMAIL_DOMAIN = "bench.invalid"

type Report = Callable[[str], None]


@dataclass(slots=True)
class _State:
    """What the import has to remember between record kinds: dump ids to ours, counters."""

    start: datetime
    accounts: dict[int, int] = field(default_factory=dict)
    posts: dict[int, tuple[int, int, str, int | None]] = field(default_factory=dict)
    tags: dict[str, int] = field(default_factory=dict)
    # Counters by dump id, from a first pass over the file, so rows are born complete.
    person_counts: dict[int, Counter[str]] = field(default_factory=dict)
    post_counts: dict[int, Counter[str]] = field(default_factory=dict)
    last_posted: dict[int, float] = field(default_factory=dict)
    tally: Counter[str] = field(default_factory=Counter)

    def moment(self, at: float) -> datetime:
        return self.start + timedelta(seconds=at)

    def count(self, record: dict[str, Any]) -> None:
        kind = record["type"]
        if kind == "follow":
            self._person(record["follower"])["following_count"] += 1
            self._person(record["followee"])["followers_count"] += 1
        elif kind in {"post", "boost"}:
            author = record["author"] if kind == "post" else record["account"]
            self._person(author)["posts_count"] += 1
            self.last_posted[author] = max(record["at"], self.last_posted.get(author, 0.0))
        if kind == "post" and record.get("reply_to") is not None:
            self._post(record["reply_to"])["replies_count"] += 1
        elif kind in {"like", "boost"}:
            self._post(record["post"])[f"{kind}s_count"] += 1

    def _person(self, person: int) -> Counter[str]:
        return self.person_counts.setdefault(person, Counter())

    def _post(self, post: int) -> Counter[str]:
        return self.post_counts.setdefault(post, Counter())


def import_dump(path: Path, *, report: Report) -> _State:
    """Load the dump at ``path`` into an empty database; returns what was created."""
    if Account.objects.filter(username__startswith="bench").exists():
        raise ValueError("This database already holds a benchmark dataset: use a fresh one.")
    with path.open(encoding="utf-8") as dump:
        meta = json.loads(dump.readline())
        if meta.get("type") != "meta":
            raise ValueError(f"{path} is not a benchmark dump (no meta line)")
        state = _State(start=timezone.now() - timedelta(seconds=float(meta["window_s"])))
        report(f"Importing size {meta['size']}: {meta['people']} people, {meta['posts']} posts")
        for line in dump:
            state.count(json.loads(line))
        dump.seek(0)
        dump.readline()
        for kind, batch in _batches(json.loads(line) for line in dump):
            with transaction.atomic():
                _WRITERS[kind](state, batch)
            state.tally[kind] += len(batch)
    report(f"Imported {dict(state.tally)}; building home timelines...")
    state.tally["timeline entries"] = rebuild_homes(owner_ids=list(state.accounts.values()))
    # A server gets here over weeks; give the planner what it would have learnt by then.
    refresh_planner_statistics(everywhere=True)
    return state


def _batches(records: Iterable[dict[str, Any]]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Runs of one kind, at most BATCH long, in dump order (a reply comes after its parent)."""
    kind = ""
    batch: list[dict[str, Any]] = []
    for record in records:
        if record["type"] != kind or len(batch) >= BATCH:
            if batch:
                yield kind, batch
            kind, batch = record["type"], []
        batch.append(record)
    if batch:
        yield kind, batch


def _people(state: _State, batch: list[dict[str, Any]]) -> None:
    password = make_password(PASSWORD)
    accounts = []
    for record in batch:
        joined = state.moment(record["at"])
        account = Account(
            id=next_id_at(joined),
            username=record["username"],
            email=f"{record['username']}@{EMAIL_DOMAIN}",
            display_name=record.get("display_name", ""),
            bio=record.get("bio", ""),
            bio_html=_html(record.get("bio", "")),
            password=password,
            date_joined=joined,
            **state.person_counts.get(record["id"], Counter()),
        )
        if record["id"] in state.last_posted:
            account.last_posted_at = state.moment(state.last_posted[record["id"]])
        accounts.append(account)
        state.accounts[record["id"]] = account.id
    Account.objects.bulk_create(accounts)


def _follows(state: _State, batch: list[dict[str, Any]]) -> None:
    edges = []
    for record in batch:
        follower, followee = state.accounts[record["follower"]], state.accounts[record["followee"]]
        at = state.moment(record["at"])
        edges.append(
            Follow(id=next_id_at(at), follower_id=follower, followee_id=followee, created_at=at)
        )
    Follow.objects.bulk_create(edges)


def _posts(state: _State, batch: list[dict[str, Any]]) -> None:
    _ensure_hashtags(state, {tag for record in batch for tag in record.get("tags", [])})
    posts, links = [], []
    for record in batch:
        author, at = state.accounts[record["author"]], state.moment(record["at"])
        post = Post(
            id=next_id_at(at),
            author_id=author,
            text=record["text"],
            content_html=_html(record["text"]),
            visibility=record["visibility"],
            created_at=at,
            **state.post_counts.get(record["id"], Counter()),
        )
        parent = state.posts.get(record["reply_to"]) if record.get("reply_to") is not None else None
        if parent is not None:
            post.in_reply_to_id, post.in_reply_to_account_id = parent[0], parent[1]
            post.thread_root_id = parent[3] or parent[0]
        posts.append(post)
        links += [
            PostHashtag(post_id=post.id, hashtag_id=state.tags[tag]) for tag in record["tags"]
        ]
        state.posts[record["id"]] = (post.id, author, post.visibility, post.thread_root_id)
    Post.objects.bulk_create(posts)
    PostHashtag.objects.bulk_create(links)


def _likes(state: _State, batch: list[dict[str, Any]]) -> None:
    likes = []
    for record in batch:
        post_id, at = state.posts[record["post"]][0], state.moment(record["at"])
        account = state.accounts[record["account"]]
        likes.append(Like(id=next_id_at(at), account_id=account, post_id=post_id, created_at=at))
    Like.objects.bulk_create(likes)


def _boosts(state: _State, batch: list[dict[str, Any]]) -> None:
    boosts = []
    for record in batch:
        original, _author, visibility, _ = state.posts[record["post"]]
        account, at = state.accounts[record["account"]], state.moment(record["at"])
        boosts.append(
            Post(
                id=next_id_at(at),
                author_id=account,
                reblog_of_id=original,
                visibility=visibility,
                created_at=at,
            )
        )
    Post.objects.bulk_create(boosts)


_WRITERS: dict[str, Callable[[_State, list[dict[str, Any]]], None]] = {
    "person": _people,
    "follow": _follows,
    "post": _posts,
    "like": _likes,
    "boost": _boosts,
}


def _ensure_hashtags(state: _State, names: set[str]) -> None:
    missing = {normalise_hashtag(name): name for name in names if name not in state.tags}
    if not missing:
        return
    Hashtag.objects.bulk_create(
        [Hashtag(name=name, display_name=shown) for name, shown in missing.items()],
        ignore_conflicts=True,
    )
    by_name = dict(Hashtag.objects.filter(name__in=missing).values_list("name", "id"))
    for name, shown in missing.items():
        state.tags[shown] = by_name[name]


def _html(text: str) -> str:
    return render(text, mention_url=lambda _: None, hashtag_url=lambda name: f"/tags/{name}").html


def write_tokens(out: Path, *, count: int, report: Report) -> int:
    """Access tokens for ``count`` imported people (the most followed first), one a line.

    They go through an OAuth app registered like any client's, so the server under test
    authenticates them exactly as it would a real app's.
    """
    app = register_app(
        name="townsquare bench", redirect_uris="urn:ietf:wg:oauth:2.0:oob",
        scopes=" ".join(TOKEN_SCOPES),
    )  # fmt: skip
    people = Account.objects.filter(username__startswith="bench", is_active=True).order_by(
        "-followers_count", "id"
    )[:count]
    tokens = [
        issue_token(
            application_id=app.client_app.application_id, account=person, scopes=TOKEN_SCOPES
        ).token
        for person in people
    ]
    out.write_text("".join(f"{token}\n" for token in tokens), encoding="utf-8")
    report(f"Wrote {len(tokens)} access tokens to {out}")
    return len(tokens)
