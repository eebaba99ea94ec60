"""``townsquare demo``: a small community, built through the services, once."""

from __future__ import annotations

import io
import random
import re

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from PIL import Image

from townsquare.accounts.models import Account
from townsquare.accounts.models.account import USERNAME_RE
from townsquare.notifications.models import Notification
from townsquare.posts.models import Like, Post
from townsquare.relationships.models import Follow
from townsquare.timelines.models import TimelineEntry
from townsquare.web.demo import pictures
from townsquare.web.demo.community import ADMIN_USERNAME, PEOPLE_PASSWORD
from townsquare.web.demo.people import INTERESTS, people, post_text
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
def test_demo_builds_a_community_through_the_services(data_dir):
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
