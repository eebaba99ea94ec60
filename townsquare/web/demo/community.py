"""Seeding the demo community through the same services people use.

Everything goes through ``accounts``, ``relationships``, ``media`` and ``posts``
services, so counters, timelines and notifications come from the normal events and
fan-out. The seed decides everything: the same seed gives the same community. This
module builds the people and their history; ``showcase`` then puts every other feature
to use (polls, direct messages, lists, filters, trends, ...).
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.accounts.services import sign_up, update_profile
from townsquare.media.services import upload_image
from townsquare.posts.services import boost, like, publish_post
from townsquare.relationships.services import follow
from townsquare.web.demo import pictures, showcase
from townsquare.web.demo.people import people, post_text, reply_text
from townsquare.web.demo.state import Community, Report, Tally

ADMIN_USERNAME = "demo_admin"
# One password for every demo person, so anyone can look around as anyone.
PEOPLE_PASSWORD = "town-square-demo"  # noqa: S105 (printed for everyone to use)
EMAIL_DOMAIN = "example.org"
POSTS_PER_PERSON = 4
REPLY_SHARE = 0.3
PICTURE_SHARE = 0.12
LIKE_CHANCE = 0.3
BOOST_CHANCE = 0.12
ADMIN_FOLLOWS = 15
BOOSTABLE_SHARE = 4  # the newest quarter of the posts may be boosted
HISTORY = timedelta(days=14)


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """How to log in to the demo: the admin account and everyone else's password."""

    admin_username: str
    admin_password: str
    people_password: str = PEOPLE_PASSWORD

    def describe(self) -> str:
        return (
            f"Log in as the admin: username {self.admin_username}, "
            f"password {self.admin_password}\n"
            f"Every demo person's password is the same: {self.people_password}\n"
        )


def seed(*, people_count: int, seed_value: int, report: Report) -> tuple[DemoLogin, Tally]:
    """Create the demo community: people, follows, posts, replies, likes, every feature."""
    rng = random.Random(seed_value)  # noqa: S311 (repeatable on purpose, not secret)
    login = DemoLogin(admin_username=ADMIN_USERNAME, admin_password=secrets.token_urlsafe(12))
    admin = sign_up(
        username=ADMIN_USERNAME,
        email=f"{ADMIN_USERNAME}@{EMAIL_DOMAIN}",
        password=login.admin_password,
        display_name="Demo Admin",
    )
    community = _create_people(rng, admin, people_count, report)
    _follow(community, report)
    _post(community, report)
    _interact(community, report)
    showcase.show_every_feature(community, report)
    return login, community.tally


def _create_people(rng: random.Random, admin: Account, count: int, report: Report) -> Community:
    report(f"Creating {count} people...")
    community = Community(rng=rng, admin=admin, members=[], people={})
    for person in people(rng, count):
        account = sign_up(
            username=person.username,
            email=f"{person.username}@{EMAIL_DOMAIN}",
            password=PEOPLE_PASSWORD,
            display_name=person.display_name,
        )
        portrait = pictures.avatar(rng, initials=person.initials)
        update_profile(account=account, bio=person.bio, avatar=portrait.file)
        community.members.append(account)
        community.people[account.id] = person
    community.tally.counts["people"] = count
    return community


def _weighted_sample(
    rng: random.Random, items: Sequence[Account], weights: Sequence[float], k: int
) -> list[Account]:
    """``k`` distinct items, likelier the heavier (Efraimidis-Spirakis keys)."""
    keyed = sorted(
        zip(items, weights, strict=True),
        key=lambda pair: rng.random() ** (1 / pair[1]),
        reverse=True,
    )
    return [item for item, _ in keyed[:k]]


def _follow(community: Community, report: Report) -> None:
    """A skewed graph: a few popular accounts, many with a handful of followers."""
    report("Following each other...")
    rng, members = community.rng, community.members
    ranks = list(range(len(members)))
    rng.shuffle(ranks)
    popularity = community.popularity = {
        account.id: 1 / (rank + 1) ** 1.2 for account, rank in zip(members, ranks, strict=True)
    }
    community.followers = {account.id: [] for account in members}
    pairs: list[tuple[Account, Account]] = []
    for account in members:
        others = [other for other in members if other.id != account.id]
        if not others:
            continue
        wanted = rng.randint(min(2, len(others)), min(len(others), max(3, len(members) // 6)))
        chosen = _weighted_sample(rng, others, [popularity[other.id] for other in others], wanted)
        pairs.extend((account, followee) for followee in chosen)
    # The admin follows the popular people, so their home feed is lively from the start.
    by_popularity = sorted(members, key=lambda account: popularity[account.id], reverse=True)
    pairs.extend((community.admin, followee) for followee in by_popularity[:ADMIN_FOLLOWS])
    for follower, followee in pairs:
        follow(follower=follower, followee=followee)
        community.followers.setdefault(followee.id, []).append(follower)
    community.tally.counts["follows"] = len(pairs)


def _post(community: Community, report: Report) -> None:
    """Posts and replies, from people who post more or less often."""
    rng, members = community.rng, community.members
    total = len(members) * POSTS_PER_PERSON
    report(f"Writing {total} posts and replies...")
    # Some post a lot, most now and then; popular people tend to be the busy ones.
    top = max(community.popularity.values(), default=1.0)
    activity = [
        rng.paretovariate(1.5) * (0.25 + 2 * community.popularity.get(member.id, 0) / top)
        for member in members
    ]
    now = timezone.now()
    community.post_times = [
        now - HISTORY * (1 - number / total) - timedelta(minutes=1) for number in range(total)
    ]
    for number in range(total):
        (author,) = rng.choices(members, weights=activity)
        if rng.random() < REPLY_SHARE:
            _reply(community, author, number)
        else:
            _original(community, author, number)


def _original(community: Community, author: Account, number: int) -> None:
    rng, person = community.rng, community.people[author.id]
    media = []
    # The first post has a picture, so even a tiny demo shows one.
    if rng.random() < PICTURE_SHARE or not community.tally.counts["pictures"]:
        picture = pictures.photo(rng, number=number)
        media.append(upload_image(owner=author, file=picture.file, description=picture.description))
        community.tally.counts["pictures"] += 1
    text = post_text(rng, person, has_picture=bool(media))
    community.posts.append(
        publish_post(
            author=author, text=text, media=media, published_at=community.post_times[number]
        )
    )
    community.tally.counts["posts"] += 1


def _reply(community: Community, author: Account, number: int) -> None:
    rng = community.rng
    # People answer recent posts of others.
    recent = [post for post in community.posts[-20:] if post.author_id != author.id]
    if not recent:
        _original(community, author, number)
        return
    parent = rng.choice(recent)
    text = reply_text(rng, to_username=parent.author.username)
    community.posts.append(
        publish_post(
            author=author,
            text=text,
            in_reply_to=parent,
            published_at=community.post_times[number],
        )
    )
    community.tally.counts["replies"] += 1


def _interact(community: Community, report: Report) -> None:
    """Followers like some of what they see and boost a little of the newest part."""
    report("Liking and boosting...")
    rng, posts = community.rng, community.posts
    # A boost is dated now and tops its followers' feeds, so only the newest are boosted.
    newest = {post.id for post in posts[len(posts) - len(posts) // BOOSTABLE_SHARE :]}
    for post in posts:
        for follower in community.followers.get(post.author_id, []):
            if rng.random() < LIKE_CHANCE:
                like(account=follower, post=post)
                community.tally.counts["likes"] += 1
            boostable = post.id in newest and post.in_reply_to_id is None
            if boostable and rng.random() < BOOST_CHANCE:
                boost(account=follower, post=post)
                community.tally.counts["boosts"] += 1
