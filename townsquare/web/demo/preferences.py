"""The demo's settings: the server's rules, what profiles feature, and the admin's own
lists, hashtags, filter, scheduled post and locked account."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.accounts.services import update_profile
from townsquare.filters.models import FilterContext
from townsquare.filters.services import KeywordChange, create_filter
from townsquare.instance.services import create_announcement, create_rule
from townsquare.posts.selectors import hashtag_by_name
from townsquare.posts.services import feature_tag, schedule_post
from townsquare.relationships.services import change_follow_options, endorse, follow
from townsquare.timelines.services import add_to_list, create_list, follow_tag
from townsquare.web.demo import texts
from townsquare.web.demo.state import Community

FEATURING_PEOPLE = 5
FEATURED_PER_PROFILE = 2
SCHEDULED_AHEAD = timedelta(hours=20)
ANNOUNCEMENT_DAYS = 30
LIST_FALLBACK = 3
FILTER_CONTEXTS = (FilterContext.HOME, FilterContext.PUBLIC, FilterContext.THREAD)


def set_up_server(community: Community) -> None:
    """The server's rules and one announcement running for the next month."""
    for text, hint in texts.RULES:
        create_rule(text=text, hint=hint)
        community.tally.counts["rules"] += 1
    now = timezone.now()
    create_announcement(
        text=texts.ANNOUNCEMENT,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=ANNOUNCEMENT_DAYS),
    )
    community.tally.counts["announcements"] += 1


def set_up_profiles(community: Community) -> None:
    """The most followed people, and the admin, feature hashtags and people they follow."""
    tally = community.tally
    featuring = community.by_popularity()[:FEATURING_PEOPLE]
    for member in featuring:
        for tag in community.people[member.id].interests[:FEATURED_PER_PROFILE]:
            feature_tag(account=member, name=tag)
            tally.counts["featured hashtags"] += 1
    for tag in texts.ADMIN_FEATURED_TAGS:
        feature_tag(account=community.admin, name=tag)
        tally.counts["featured hashtags"] += 1
    for account in [community.admin, *featuring]:
        for target in community.followees_of(account)[:FEATURED_PER_PROFILE]:
            endorse(account=account, target=target)
            tally.counts["featured people"] += 1


def set_up_admin(community: Community) -> None:
    """The admin's lists, followed hashtags, filter, bell subscription, scheduled post."""
    admin, tally = community.admin, community.tally
    _lists(community)
    for name in texts.FOLLOWED_TAGS:
        hashtag = hashtag_by_name(name)
        if hashtag is not None:
            follow_tag(account=admin, hashtag=hashtag)
            tally.counts["followed hashtags"] += 1
    create_filter(
        account=admin,
        title=texts.FILTER_TITLE,
        contexts=FILTER_CONTEXTS,
        keywords=[KeywordChange(keyword=texts.FILTER_KEYWORD, whole_word=True)],
    )
    tally.counts["filters"] += 1
    quiet = _quietest_followee(community)
    if quiet is not None:
        # Their posts ring the admin's bell ("status" notifications).
        change_follow_options(follower=admin, followee=quiet, notify=True)
    schedule_post(
        author=admin, scheduled_at=timezone.now() + SCHEDULED_AHEAD, text=texts.SCHEDULED_POST
    )
    tally.counts["scheduled posts"] += 1
    _locked_accounts(community)


def _lists(community: Community) -> None:
    admin = community.admin
    followees = community.followees_of(admin)
    for title, interests in texts.LISTS:
        members = [
            followee
            for followee in followees
            if set(community.people[followee.id].interests) & set(interests)
        ] or followees[:LIST_FALLBACK]
        feed = create_list(owner=admin, title=title)
        add_to_list(feed=feed, accounts=members)
        community.tally.counts["lists"] += 1


def _quietest_followee(community: Community) -> Account | None:
    """Whom the admin follows who posted least (but posted), so the bell rings a few times."""
    originals: dict[int, int] = {}
    for post in community.posts:
        if post.in_reply_to_id is None:
            originals[post.author_id] = originals.get(post.author_id, 0) + 1
    posting = [f for f in community.followees_of(community.admin) if originals.get(f.id)]
    return min(posting, key=lambda followee: originals[followee.id], default=None)


def _locked_accounts(community: Community) -> None:
    """A locked person who asks to follow the admin (locked too), and whom the admin asked.

    The locked person is the least followed of those not following the admin yet, one the
    admin doesn't follow either when there is such a stranger.
    """
    admin, rng = community.admin, community.rng
    following_admin = {account.id for account in community.followers.get(admin.id, [])}
    followed = {followee.id for followee in community.followees_of(admin)}
    candidates = [m for m in community.by_popularity() if m.id not in following_admin]
    strangers = [member for member in candidates if member.id not in followed]
    update_profile(account=admin, is_locked=True)
    if not candidates:
        return
    locked = (strangers or candidates)[-1]
    update_profile(account=locked, is_locked=True)
    if locked.id not in followed:
        follow(follower=admin, followee=locked)
        community.tally.counts["follow requests"] += 1
    others = [member for member in candidates if member.id != locked.id]
    for requester in [locked, *rng.sample(others, min(1, len(others)))]:
        follow(follower=requester, followee=admin)
        community.tally.counts["follow requests"] += 1
