"""Fan-out delay: from the 2xx of a new post to its arrival in followers' homes.

The post goes through the API like any client's; arrival is read from the database the
harness shares with the server (the same settings), because polling a thousand homes
over HTTP would load the server more than the fan-out does and blur the timing.
Accounts above the fan-out threshold are merged into homes at read time: for them the
delay is zero by design, and the report says so.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

from townsquare.accounts.models import Account
from townsquare.bench.target import Person, Target, TargetError, call
from townsquare.relationships.models import Follow
from townsquare.timelines.models import TimelineEntry
from townsquare.timelines.querysets import fanout_threshold

POLL_S = 0.01
PATIENCE_S = 120.0
SHARES = (0.5, 0.9, 1.0)


@dataclass(frozen=True, slots=True)
class FanOut:
    followers: int
    # Seconds from the 2xx until that share of followers had it (None: not within PATIENCE_S).
    p50_s: float | None
    p90_s: float | None
    p100_s: float | None
    merged_at_read_time: bool = False

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def shares_database(target: Target) -> bool:
    """Whether the server's accounts are in this process's database."""
    ids = [int(person.account_id) for person in target.people[:5] if person.account_id.isdigit()]
    return bool(ids) and Account.objects.filter(id__in=ids).count() == len(ids)


def measure(target: Target, *, author: Person | None = None) -> FanOut:
    """Post once as the most followed token holder and time the arrival in homes."""
    author = author or max(target.people, key=lambda person: person.followers)
    author_id = int(author.account_id)
    followers = set(
        Follow.objects.filter(followee_id=author_id, follower__is_active=True).values_list(
            "follower_id", flat=True
        )
    )
    answer = call(
        target.url, "/api/v1/statuses", token=author.token, method="POST",
        data=b"visibility=public&status=Fan-out+timing+post",
    )  # fmt: skip
    posted = time.monotonic()
    if not 200 <= answer.status < 300:
        raise TargetError(f"Posting answered {answer.status}: {answer.body[:200]!r}")
    post_id = int(answer.json()["id"])
    if len(followers) >= fanout_threshold():
        return FanOut(len(followers), 0.0, 0.0, 0.0, merged_at_read_time=True)
    reached: dict[float, float] = {}
    while len(reached) < len(SHARES) and time.monotonic() - posted < PATIENCE_S:
        # Fan-out writes only to the author and followers, so the rest are followers.
        seen = TimelineEntry.objects.filter(post_id=post_id).exclude(owner_id=author_id).count()
        elapsed = time.monotonic() - posted
        for share in SHARES:
            if share not in reached and seen >= share * len(followers):
                reached[share] = round(elapsed, 3)
        time.sleep(POLL_S)
    return FanOut(len(followers), reached.get(0.5), reached.get(0.9), reached.get(1.0))
