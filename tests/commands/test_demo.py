"""``townsquare demo``: a small community, built through the services, once."""

from __future__ import annotations

import io
import random
import re

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from PIL import Image

from townsquare.accounts.models import Account
from townsquare.accounts.models.account import USERNAME_RE
from townsquare.core.pagination import PageRequest
from townsquare.discovery.selectors.trends import trending_links, trending_tags
from townsquare.filters.models import FilterContext
from townsquare.filters.selectors import filter_results, filters_of
from townsquare.instance.selectors import active_announcements, server_rules
from townsquare.notifications.models import Notification, NotificationKind
from townsquare.notifications.selectors import unread_count
from townsquare.posts.models import Like, Poll, Post
from townsquare.posts.selectors import featured_tags_of, scheduled_posts_of
from townsquare.relationships.models import Follow
from townsquare.relationships.selectors import endorsed_by, pending_requests
from townsquare.timelines import selectors as timelines
from townsquare.timelines.models import TimelineEntry
from townsquare.web.demo import pictures
from townsquare.web.demo.community import ADMIN_USERNAME, PEOPLE_PASSWORD
from townsquare.web.demo.people import INTERESTS, people, post_text
from townsquare.web.demo.state import Tally
from townsquare.web.demo.texts import FILTER_KEYWORD
from townsquare.web.management.commands.demo import LOGIN_FILE_NAME

HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    # The demo's light Argon2 hashes must verify, as they do with the real settings.
    settings.PASSWORD_HASHERS = HASHERS
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_demo_builds_a_community_through_the_services(data_dir, client):
    # One run for all of it, as seeding is the slow part.
    output = run_demo("--people", "8", "--seed", "7")

    people_accounts = Account.objects.exclude(username=ADMIN_USERNAME)
    assert people_accounts.count() == 8
    assert all(account.avatar and account.bio_html for account in people_accounts)
    admin = Account.objects.get(username=ADMIN_USERNAME)
    assert admin.is_staff and admin.is_superuser

    post = Post.objects.filter(
        reblog_of=None, in_reply_to=None, author__followers_count__gt=0
    ).first()
    assert post is not None
    follow = Follow.objects.filter(followee=post.author).first()
    assert follow is not None
    # Fan-out ran: a follower's home holds what the people they follow posted.
    assert TimelineEntry.objects.filter(owner=follow.follower, post=post).exists()
    assert Post.objects.filter(in_reply_to__isnull=False).exists()
    assert Post.objects.filter(attachments__media__description__gt="").exists()
    assert Like.objects.exists()
    assert Notification.objects.exists()

    password = re.search(rf"username {ADMIN_USERNAME}, password (\S+)", output)
    assert password is not None
    assert check_password(password.group(1), admin.password)
    assert check_password(PEOPLE_PASSWORD, people_accounts[0].password)
    saved = (data_dir / LOGIN_FILE_NAME).read_text()
    assert password.group(1) in saved and PEOPLE_PASSWORD in saved
    assert (data_dir / LOGIN_FILE_NAME).stat().st_mode & 0o077 == 0

    # Every feature is in use, much of it where the admin, the demo's login, sees it.
    _polls_open_and_closed(admin)
    _conversations_lists_and_followed_tags(admin)
    _scheduled_post_filter_and_featured_profiles(admin)
    _rules_announcement_and_trends_of_the_day(admin)
    _notifications_of_every_kind(admin)
    _a_locked_person_asks_to_follow_the_locked_admin(admin)
    _pages_show_the_features(admin, client)


def _polls_open_and_closed(admin: Account) -> None:
    now = timezone.now()
    closed = Poll.objects.filter(expires_at__lte=now, voters_count__gt=0)
    assert closed.filter(post__author=admin).exists()
    assert closed.filter(votes__account=admin).exists()
    open_polls = Poll.objects.filter(expires_at__gt=now, voters_count__gt=0)
    assert open_polls.count() >= 2
    # Left for the visitor to vote in.
    assert not open_polls.filter(votes__account=admin).exists()


def _conversations_lists_and_followed_tags(admin: Account) -> None:
    conversations = timelines.conversations(admin, PageRequest()).items
    assert len(conversations) >= 2
    assert any(conversation.is_unread for conversation in conversations)
    assert all(
        len(timelines.conversation_posts(conversation, admin)) >= 3
        for conversation in conversations
    )
    lists = list(timelines.lists_of(admin))
    assert lists and all(timelines.list_members(feed).exists() for feed in lists)
    assert timelines.followed_tags(admin).exists()


def _scheduled_post_filter_and_featured_profiles(admin: Account) -> None:
    scheduled = list(scheduled_posts_of(admin))
    assert len(scheduled) == 1 and scheduled[0].scheduled_at > timezone.now()
    assert featured_tags_of(admin).exists() and endorsed_by(admin).exists()
    others = Account.objects.exclude(pk=admin.pk)
    assert any(featured_tags_of(other).exists() for other in others)
    assert filters_of(admin).count() == 1
    warned = Post.objects.visible_to(admin).filter(text__icontains=FILTER_KEYWORD)
    hits = filter_results(admin, FilterContext.HOME, list(warned))
    assert hits and all(not hit.is_hidden for found in hits.values() for hit in found)


def _rules_announcement_and_trends_of_the_day(admin: Account) -> None:
    assert len(server_rules()) >= 3
    assert active_announcements().count() == 1
    assert trending_tags(admin, period="day")
    links = trending_links(admin, period="day")
    assert links and all(link.host == "example.org" for link in links)


def _notifications_of_every_kind(admin: Account) -> None:
    kinds = set(Notification.objects.filter(recipient=admin).values_list("kind", flat=True))
    wanted = {
        NotificationKind.MENTION,
        NotificationKind.LIKE,
        NotificationKind.BOOST,
        NotificationKind.FOLLOW,
        NotificationKind.FOLLOW_REQUEST,
        NotificationKind.POLL,
        NotificationKind.STATUS,
    }
    assert wanted <= kinds
    assert unread_count(admin) > 0


def _a_locked_person_asks_to_follow_the_locked_admin(admin: Account) -> None:
    assert admin.is_locked
    assert pending_requests(admin).filter(requester__is_locked=True).exists()


def _pages_show_the_features(admin: Account, client: Client) -> None:
    client.force_login(admin)
    explore = client.get("/explore?tab=links").content.decode()
    assert "https://example.org/" in explore
    notifications = client.get("/notifications").content.decode()
    assert "asked to follow you" in notifications
    assert "Unread" in client.get("/messages").content.decode()


def test_the_tally_counts_in_the_singular_too():
    tally = Tally()
    tally.counts.update({"people": 1, "replies": 1, "filters": 1, "polls": 2})
    assert str(tally) == (
        "1 person, 0 follows, 0 posts, 1 reply, 0 pictures, 0 likes, 0 boosts, 2 polls, 1 filter"
    )


@pytest.mark.django_db(transaction=True)
def test_if_empty_leaves_a_server_with_accounts_alone(data_dir, alice):
    assert run_demo("--if-empty", "--people", "3") == ""
    assert list(Account.objects.values_list("username", flat=True)) == ["alice"]
    assert not (data_dir / LOGIN_FILE_NAME).exists()
    with pytest.raises(CommandError, match="Accounts exist already"):
        run_demo("--people", "3")


@pytest.mark.django_db(transaction=True)
def test_the_demo_fills_a_server_closed_to_sign_ups(data_dir, settings):
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "REGISTRATION_MODE": "closed"}
    run_demo("--people", "2")
    assert Account.objects.filter(is_approved=True).count() == 3


@pytest.mark.django_db
def test_people_count_is_bounded():
    with pytest.raises(CommandError, match="--people must be between"):
        run_demo("--people", "0")


def test_the_same_seed_gives_the_same_people_with_valid_usernames():
    first, second = people(random.Random(5), 40), people(random.Random(5), 40)
    assert first == second
    usernames = [person.username for person in first]
    assert len(set(usernames)) == len(usernames)
    assert all(re.fullmatch(USERNAME_RE, name) for name in usernames)
    assert people(random.Random(6), 40) != first


def test_posts_carry_a_hashtag_of_the_authors_interests():
    rng = random.Random(3)
    person = people(rng, 1)[0]
    for _ in range(20):
        text = post_text(rng, person)
        tags = re.findall(r"#(\w+)", text)
        assert tags[0] in person.interests
        assert set(tags) <= set(INTERESTS)


def test_pictures_are_real_images_with_descriptions():
    rng = random.Random(1)
    portrait = pictures.avatar(rng, initials="AB")
    photo = pictures.photo(rng, number=1)
    with Image.open(portrait.file) as image:
        assert image.format == "PNG" and image.size == (pictures.AVATAR_SIZE,) * 2
    with Image.open(photo.file) as image:
        assert image.format == "JPEG" and image.size == pictures.PICTURE_SIZE
    assert "AB" in portrait.description
    assert len(photo.description) > 20
