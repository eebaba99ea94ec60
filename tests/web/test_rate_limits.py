"""Web forms that guess or send mail are rate limited, and say when to try again."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from pytest_django.fixtures import Settings

from tests.factories import PASSWORD
from townsquare.accounts.models import Account

pytestmark = pytest.mark.django_db

type Limits = Callable[..., None]


@pytest.fixture
def limits(settings: Settings) -> Limits:
    def lower(**buckets: tuple[int, int]) -> None:
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, **buckets}

    return lower


def test_too_many_log_in_attempts_lock_out_that_account_from_that_address(
    alice: Account, bob: Account, limits: Limits
) -> None:
    limits(log_in=(3, 300))
    client = Client()
    for _ in range(3):
        assert client.post("/login", {"username": "alice", "password": "guess"}).status_code == 200

    locked = client.post("/login", {"username": "Alice", "password": PASSWORD})

    assert locked.status_code == 429
    assert 1 <= int(locked["Retry-After"]) <= 300
    page = locked.content.decode()
    assert "Too many log-in attempts. Try again in " in page
    assert "_auth_user_id" not in client.session
    # Another account, or the same one from another address, may still log in.
    assert client.post("/login", {"username": "bob", "password": PASSWORD}).status_code == 302
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post("/login", {"username": "alice", "password": PASSWORD}).status_code == 302


def test_sign_ups_are_limited_per_address(db: None, limits: Limits) -> None:
    limits(sign_up=(1, 1800))
    client = Client()
    data = {
        "username": "first",
        "email": "first@example.com",
        "display_name": "First",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    assert client.post("/signup", data).status_code == 302
    client.logout()

    refused = client.post("/signup", data | {"username": "second", "email": "s@example.com"})

    assert refused.status_code == 429
    assert "Too many sign-ups from your network. Try again in " in refused.content.decode()
    assert not Account.objects.filter(username="second").exists()


def test_password_reset_mails_are_limited_per_address_and_per_e_mail(
    alice: Account, limits: Limits
) -> None:
    limits(password_reset=(2, 1800))
    client = Client()
    for _ in range(2):
        assert client.post("/password-reset", {"email": "alice@example.com"}).status_code == 302

    refused = client.post("/password-reset", {"email": "alice@example.com"})
    elsewhere = Client(REMOTE_ADDR="192.0.2.8")
    same_address = elsewhere.post("/password-reset", {"email": "ALICE@example.com"})

    assert refused.status_code == same_address.status_code == 429
    assert "Too many password reset requests." in refused.content.decode()
    assert len(mail.outbox) == 2


def test_the_limits_stay_at_their_defaults_in_tests(settings: Settings) -> None:
    assert settings.RATE_LIMITS_ENABLED is True
    assert settings.RATE_LIMITS["log_in"] == (5, 300)
