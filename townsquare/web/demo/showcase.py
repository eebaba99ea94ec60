"""The demo's second half: every feature in use, much of it around the admin's account.

Whoever logs in as the admin finds server rules and an announcement, polls open and
closed, direct conversations, lists, followed and featured hashtags, a content filter,
a scheduled post, today's trending links and a bell full of notifications. As in the
first half, everything goes through the services and the seed decides everything.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.notifications.services import notify_poll_ended
from townsquare.posts.models import Post
from townsquare.posts.services import PollSpec, boost, like, pin, publish_post, vote
from townsquare.relationships.services import follow
from townsquare.web.demo import texts
from townsquare.web.demo.preferences import set_up_admin, set_up_profiles, set_up_server
from townsquare.web.demo.state import Community, Report

POLL_LENGTH = timedelta(days=1)
OPEN_POLL_SECONDS = 2 * 24 * 3600
VOTE_CHANCE = 0.5
WELCOME_AGE = timedelta(days=5)
WELCOME_LIKES = 12
WELCOME_BOOSTS = 4
ADMIN_FOLLOWERS = 6
# Today's shared links are spread over this many last hours, so the day's trends show them.
TODAY = timedelta(hours=20)
LINK_LIKES = (2, 8)
LINK_BOOSTS = (0, 2)


def show_every_feature(community: Community, report: Report) -> None:
    """Add what the first half leaves out, in an order where each step has what it needs."""
    report("Setting up the server, polls, messages, lists and today's trends...")
    set_up_server(community)
    _admin_post(community)
    _followers_of_admin(community)
    _closed_polls(community)
    _open_polls(community)
    _conversations(community)
    _todays_links(community)
    set_up_profiles(community)
    set_up_admin(community)


def _pick(rng: random.Random, pool: Sequence[Account], count: int) -> list[Account]:
    """Up to ``count`` distinct accounts from ``pool`` (all of a small demo's)."""
    return rng.sample(list(pool), min(count, len(pool)))


def _others(community: Community, *excluded: Account) -> list[Account]:
    ids = {account.id for account in excluded}
    return [member for member in community.members if member.id not in ids]


def _admin_post(community: Community) -> None:
    """The admin's pinned welcome, which people like, boost, answer; and a mention."""
    rng, admin, tally = community.rng, community.admin, community.tally
    now = timezone.now()
    welcome = publish_post(author=admin, text=texts.WELCOME_POST, published_at=now - WELCOME_AGE)
    pin(account=admin, post=welcome)
    tally.counts["posts"] += 1
    for member in _pick(rng, community.members, WELCOME_LIKES):
        like(account=member, post=welcome)
        tally.counts["likes"] += 1
    for member in _pick(rng, community.members, WELCOME_BOOSTS):
        boost(account=member, post=welcome)
        tally.counts["boosts"] += 1
    for hours, member in enumerate(_pick(rng, community.members, 2), start=1):
        tag = community.people[member.id].interests[0]
        text = texts.REPLY_TO_WELCOME.format(admin=admin.username, tag=f"#{tag}")
        publish_post(
            author=member,
            text=text,
            in_reply_to=welcome,
            published_at=welcome.created_at + timedelta(hours=hours),
        )
        tally.counts["replies"] += 1
    for member in _pick(rng, community.members, 1):
        text = texts.MENTION_POST.format(admin=admin.username)
        publish_post(author=member, text=text, published_at=now - timedelta(hours=2))
        tally.counts["posts"] += 1


def _followers_of_admin(community: Community) -> None:
    """A few people follow the admin back (before the admin locks their account)."""
    admin = community.admin
    for member in _pick(community.rng, community.members, ADMIN_FOLLOWERS):
        follow(follower=member, followee=admin)
        community.followers.setdefault(admin.id, []).append(member)
        community.tally.counts["follows"] += 1


def _closed_polls(community: Community) -> None:
    """Polls that ran for a day and ended: the admin's own, and one the admin voted in."""
    rng, admin = community.rng, community.admin
    popular = community.by_popularity()
    authors = [admin, *popular[:1]]
    now = timezone.now()
    for days_ago, author, script in zip((5, 3), authors, texts.CLOSED_POLLS, strict=False):
        written = now - timedelta(days=days_ago)
        post = _publish_poll(community, author, script, written, POLL_LENGTH)
        voters = [member for member in _others(community, author) if rng.random() < VOTE_CHANCE]
        if author.id != admin.id:
            voters.append(admin)
        for number, voter in enumerate(voters, start=1):
            _vote(
                community,
                voter,
                post,
                script,
                at=written + POLL_LENGTH * number / (len(voters) + 1),
            )
        # What the queued task does when the poll ends: tell the voters and the author.
        notify_poll_ended(poll_id=post.poll.id)


def _open_polls(community: Community) -> None:
    """Polls still open, with some votes in; the admin hasn't voted, so a visitor can."""
    rng, admin = community.rng, community.admin
    now = timezone.now()
    authors = _pick(rng, community.members, len(texts.OPEN_POLLS))
    for hours_ago, author, script in zip((7, 3), authors, texts.OPEN_POLLS, strict=False):
        post = _publish_poll(
            community,
            author,
            script,
            now - timedelta(hours=hours_ago),
            timedelta(seconds=OPEN_POLL_SECONDS),
        )
        for voter in _others(community, author, admin):
            if rng.random() < VOTE_CHANCE:
                _vote(community, voter, post, script)


def _publish_poll(
    community: Community,
    author: Account,
    script: texts.PollScript,
    written: datetime,
    length: timedelta,
) -> Post:
    spec = PollSpec(
        options=script.options,
        expires_in=int(length.total_seconds()),
        is_multiple=script.is_multiple,
    )
    post = publish_post(author=author, text=script.question, published_at=written, poll=spec)
    community.tally.counts["polls"] += 1
    community.tally.counts["posts"] += 1
    return post


def _vote(
    community: Community,
    voter: Account,
    post: Post,
    script: texts.PollScript,
    *,
    at: datetime | None = None,
) -> None:
    rng, count = community.rng, len(script.options)
    # Earlier options are a little likelier, so each poll has a clear favourite.
    weights = [count - position for position in range(count)]
    if script.is_multiple:
        choices = sorted({rng.choices(range(count), weights)[0] for _ in range(2)})
    else:
        choices = rng.choices(range(count), weights)
    vote(voter=voter, poll_id=post.poll.id, choices=choices, voted_at=at)
    community.tally.counts["votes"] += 1


def _conversations(community: Community) -> None:
    """Direct conversations with the admin, with replies; the newest one still unread."""
    rng, admin = community.rng, community.admin
    friends = community.followees_of(admin) or community.members
    if len(friends) < 2:
        return
    now = timezone.now()
    starts = (now - timedelta(hours=26), now - timedelta(hours=3))
    for script, start in zip(texts.CONVERSATIONS, starts, strict=True):
        first, second = _pick(rng, friends, 2)
        cast = {0: first, 1: second, -1: admin}
        names = {"admin": admin.username}
        previous: Post | None = None
        for number, message in enumerate(script):
            text = message.text.format(first.username, second.username, **names)
            previous = publish_post(
                author=cast[message.author],
                text=text,
                visibility="direct",
                in_reply_to=previous,
                published_at=start + timedelta(minutes=50 * number),
            )
            community.tally.counts["direct messages"] += 1


def _todays_links(community: Community) -> None:
    """Links several people share over the last hours, liked and boosted: today's trends."""
    rng, tally = community.rng, community.tally
    now = timezone.now()
    for link in texts.SHARED_LINKS:
        for author, comment in zip(
            _pick(rng, community.members, len(link.comments)), link.comments, strict=False
        ):
            written = now - TODAY * rng.random() - timedelta(minutes=1)
            post = publish_post(
                author=author, text=f"{comment} {link.url} #{link.tag}", published_at=written
            )
            tally.counts["posts"] += 1
            for member in _pick(rng, _others(community, author), rng.randint(*LINK_LIKES)):
                like(account=member, post=post)
                tally.counts["likes"] += 1
            for member in _pick(rng, _others(community, author), rng.randint(*LINK_BOOSTS)):
                boost(account=member, post=post)
                tally.counts["boosts"] += 1
