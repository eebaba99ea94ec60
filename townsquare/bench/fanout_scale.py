"""``bench fanout``: fan-out delay of one big account, and the sustained posting rate.

Unlike ``bench load`` this needs no dataset: it writes its own people into the current
database with bulk inserts (one author with ``followers`` followers, ``posters`` people
with ``poster_followers`` followers each, drawn from the same pool), issues tokens for
the author and posters, and then posts through the API of a server already running on
that database. Fan-out arrival is read from the database (``fanout.measure``), the
queue depth too (``backlog.ramp``). Running it again reuses the people already there.

The default author has one follower fewer than the fan-out threshold: the biggest
account whose posts are still written into homes (above it they are merged at read
time, with no delay to measure).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count

from townsquare.accounts.models import Account
from townsquare.api.services import issue_token, register_app
from townsquare.bench import backlog, fanout
from townsquare.bench.importer import BATCH, EMAIL_DOMAIN, PASSWORD, TOKEN_SCOPES
from townsquare.bench.target import Person, Target
from townsquare.core.ids import next_id
from townsquare.relationships.models import Follow
from townsquare.timelines.querysets import fanout_threshold

PREFIX = "fanbench"
AUTHOR = f"{PREFIX}author"
POSTER_FOLLOWERS = 100
POSTERS = 50

type Report = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Plan:
    url: str
    followers: int
    posters: int = POSTERS
    poster_followers: int = POSTER_FOLLOWERS
    rounds: int = 3  # idle fan-out timings
    busy_rate: float = 0.0  # posts/s written while one more fan-out is timed (0: skip)
    rate_seconds: float = 0.0  # seconds per stage of the posting ramp (0: skip)
    max_rate: int = 0


def default_followers() -> int:
    """The biggest account fanned out on write: one follower below the threshold."""
    return max(1, fanout_threshold() - 1)


def prepare(
    *, followers: int, posters: int, poster_followers: int, report: Report
) -> tuple[Person, list[Person]]:
    """The author and the posters, created (or completed) in this database, with tokens."""
    pool = max(followers, poster_followers)
    names = [AUTHOR] + [f"{PREFIX}p{n}" for n in range(posters)]
    names += [f"{PREFIX}f{n}" for n in range(pool)]
    _ensure_accounts(names, report)
    ids = dict(Account.objects.filter(username__in=names).values_list("username", "id"))
    pool_ids = [ids[f"{PREFIX}f{n}"] for n in range(pool)]
    edges = [(follower, ids[AUTHOR]) for follower in pool_ids[:followers]]
    for number in range(posters):
        # Each poster's followers are a different slice of the pool, so homes share the load.
        start = number * poster_followers
        chosen = [pool_ids[(start + k) % pool] for k in range(poster_followers)]
        edges += [(follower, ids[f"{PREFIX}p{number}"]) for follower in chosen]
    _ensure_follows(edges, report)
    _recount(list(ids.values()))
    app = register_app(
        name="townsquare bench fanout",
        redirect_uris="urn:ietf:wg:oauth:2.0:oob",
        scopes=" ".join(TOKEN_SCOPES),
    )
    people = {
        account.username: Person(
            token=issue_token(
                application_id=app.client_app.application_id,
                account=account,
                scopes=TOKEN_SCOPES,
            ).token,
            account_id=str(account.id),
            followers=account.followers_count,
        )
        for account in Account.objects.filter(username__in=names[: posters + 1])
    }
    return people[AUTHOR], [people[f"{PREFIX}p{n}"] for n in range(posters)]


def run(plan: Plan, *, report: Report) -> dict[str, Any]:
    """Time ``rounds`` fan-outs of the author (idle, then under load) and ramp the posters."""
    author, posters = prepare(
        followers=plan.followers,
        posters=plan.posters,
        poster_followers=plan.poster_followers,
        report=report,
    )
    target = Target(plan.url, [author, *posters], status_ids=[], hashtag="")
    crowd = Target(plan.url, posters, status_ids=[], hashtag="")
    document: dict[str, Any] = {"url": plan.url, "followers": author.followers}
    backlog.drain(patience=backlog.DRAIN_S)
    idle = []
    for number in range(plan.rounds):
        idle.append(fanout.measure(target, author=author))
        report(f"Fan-out {number + 1}/{plan.rounds} to {author.followers}: {idle[-1]}")
        backlog.drain(patience=backlog.DRAIN_S)
    document["fanout"] = [result.as_dict() for result in idle]
    document["fanout_median_p100_s"] = _median([result.p100_s for result in idle])
    if plan.busy_rate > 0:
        report(f"Fan-out while posting {plan.busy_rate:g}/s in the background...")
        with backlog.writing(crowd, rate=plan.busy_rate):
            busy = fanout.measure(target, author=author)
        document["fanout_busy"] = {**busy.as_dict(), "background_posts_per_s": plan.busy_rate}
        report(f"Fan-out under load: {busy}")
    if plan.rate_seconds > 0:
        rates = tuple(rate for rate in backlog.RATES if not plan.max_rate or rate <= plan.max_rate)
        document["posting_rate"] = backlog.ramp(
            crowd, seconds=plan.rate_seconds, rates=rates, report=report
        )
    return document


def table(document: dict[str, Any]) -> str:
    """A few lines a person reads: seconds to 50/90/100 % of followers, posts per second."""
    lines = [f"Fan-out to {document['followers']} followers via {document['url']}"]
    rows = [*document["fanout"], *([document["fanout_busy"]] if "fanout_busy" in document else [])]
    for number, row in enumerate(rows, 1):
        when = "busy" if "background_posts_per_s" in row else "idle"
        lines.append(
            f"  {number}. {when}: p50 {row['p50_s']} s, p90 {row['p90_s']} s, "
            f"p100 {row['p100_s']} s"
            + (" (merged at read time)" if row["merged_at_read_time"] else "")
        )
    if rate := document.get("posting_rate"):
        lines.append(
            f"Sustained posting: {rate['sustained_posts_per_s']} posts/s at "
            f"{rate['mean_followers_of_posters']} followers each"
        )
        for stage in rate["stages"]:
            lines.append(
                f"  {stage['rate']}/s asked: {stage['achieved']}/s answered, "
                f"queue {stage['depth_start']} -> {stage['depth_end']} (max {stage['depth_max']})"
                f"{'' if stage['holds'] else '  <- falls behind'}"
            )
    return "\n".join(lines)


def _median(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return statistics.median(known) if known and len(known) == len(values) else None


def _ensure_accounts(names: list[str], report: Report) -> None:
    present = set(Account.objects.filter(username__in=names).values_list("username", flat=True))
    missing = [name for name in names if name not in present]
    if not missing:
        return
    report(f"Creating {len(missing)} accounts...")
    password = make_password(PASSWORD)
    for start in range(0, len(missing), BATCH):
        with transaction.atomic():
            Account.objects.bulk_create(
                [
                    Account(
                        id=next_id(),
                        username=name,
                        email=f"{name}@{EMAIL_DOMAIN}",
                        password=password,
                    )
                    for name in missing[start : start + BATCH]
                ]
            )


def _ensure_follows(edges: list[tuple[int, int]], report: Report) -> None:
    report(f"Making sure of {len(edges)} follows...")
    for start in range(0, len(edges), BATCH):
        with transaction.atomic():
            Follow.objects.bulk_create(
                [
                    Follow(id=next_id(), follower_id=follower, followee_id=followee)
                    for follower, followee in edges[start : start + BATCH]
                ],
                ignore_conflicts=True,
            )


def _recount(account_ids: list[int]) -> None:
    """Set the follower and following counters from the follow table (bulk, no events)."""
    for start in range(0, len(account_ids), BATCH):
        chunk = account_ids[start : start + BATCH]
        followers = dict(
            Follow.objects.filter(followee_id__in=chunk)
            .values("followee_id")
            .annotate(n=Count("id"))
            .values_list("followee_id", "n")
        )
        following = dict(
            Follow.objects.filter(follower_id__in=chunk)
            .values("follower_id")
            .annotate(n=Count("id"))
            .values_list("follower_id", "n")
        )
        with transaction.atomic():
            accounts = list(Account.objects.filter(id__in=chunk))
            for account in accounts:
                account.followers_count = followers.get(account.id, 0)
                account.following_count = following.get(account.id, 0)
            Account.objects.bulk_update(accounts, ["followers_count", "following_count"])
