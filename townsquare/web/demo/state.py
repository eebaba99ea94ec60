"""What the demo's seeding steps share: the people made so far, their posts, the tally."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from townsquare.accounts.models import Account
from townsquare.posts.models import Post
from townsquare.web.demo.people import Person

type Report = Callable[[str], None]

# The summary line's order; a count that stayed zero is left out.
TALLY_ORDER = (
    "people",
    "follows",
    "posts",
    "replies",
    "pictures",
    "likes",
    "boosts",
    "polls",
    "votes",
    "direct messages",
    "lists",
    "followed hashtags",
    "featured hashtags",
    "featured people",
    "filters",
    "scheduled posts",
    "rules",
    "announcements",
    "follow requests",
)


SINGULAR = {"people": "person", "replies": "reply", "featured people": "featured person"}


@dataclass(slots=True)
class Tally:
    """What the demo created, for the summary line."""

    counts: Counter[str] = field(default_factory=Counter)

    def __str__(self) -> str:
        return ", ".join(
            _counted(self.counts[name], name)
            for name in TALLY_ORDER
            if self.counts[name] or name in TALLY_ORDER[:7]
        )


def _counted(count: int, plural: str) -> str:
    if count == 1:
        return f"1 {SINGULAR.get(plural, plural.removesuffix('s'))}"
    return f"{count} {plural}"


@dataclass(slots=True)
class Community:
    """The demo as it grows: each step reads what the earlier ones made."""

    rng: random.Random
    admin: Account
    members: list[Account]
    people: dict[int, Person]
    # Who follows whom, by the followee's id (the admin's follows included).
    followers: dict[int, list[Account]] = field(default_factory=dict)
    popularity: dict[int, float] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    # When each post was written: spread over the last two weeks, oldest first.
    post_times: list[datetime] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)

    def followees_of(self, account: Account) -> list[Account]:
        """Whom ``account`` follows, in the order the members were created."""
        return [
            member
            for member in self.members
            if any(other.id == account.id for other in self.followers.get(member.id, []))
        ]

    def by_popularity(self) -> list[Account]:
        """The members, the most followed-looking first."""
        return sorted(self.members, key=lambda member: -self.popularity.get(member.id, 0.0))
