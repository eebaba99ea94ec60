from __future__ import annotations

import threading

import pytest
from django.contrib.auth import authenticate
from django.db import connection, transaction
from pytest_django.fixtures import Settings

from tests.accounts.events_log import listen
from tests.factories import PASSWORD
from townsquare.accounts.events import AccountSignedUp
from townsquare.accounts.models import Account
from townsquare.accounts.services import sign_up
from townsquare.core.errors import Forbidden, ValidationFailed
from townsquare.instance.selectors import instance_settings
from townsquare.instance.services import hold_settings_lock, update_instance_settings

pytestmark = pytest.mark.django_db


def _sign_up(**overrides: str) -> Account:
    fields = {
        "username": "newcomer",
        "email": "newcomer@example.com",
        "password": PASSWORD,
        "display_name": "New Comer",
    }
    fields.update(overrides)
    return sign_up(**fields)


def _env_mode(settings: Settings, mode: str) -> None:
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "REGISTRATION_MODE": mode}


def test_sign_up_creates_an_account_that_can_log_in() -> None:
    account = _sign_up()

    stored = Account.objects.get(pk=account.pk)
    assert (stored.username, stored.email, stored.display_name) == (
        "newcomer",
        "newcomer@example.com",
        "New Comer",
    )
    assert stored.is_approved and stored.is_active
    assert stored.check_password(PASSWORD)
    assert authenticate(username="NEWCOMER", password=PASSWORD) == stored


def test_the_first_account_is_the_admin_and_later_ones_are_not() -> None:
    first = _sign_up(username="founder", email="founder@example.com")
    second = _sign_up()

    assert first.is_staff and first.is_superuser
    assert not second.is_staff and not second.is_superuser


def test_an_existing_account_means_a_new_one_is_not_admin(alice: Account) -> None:
    assert not _sign_up().is_staff


@pytest.mark.parametrize("taken", ["alice", "ALICE", "Alice"])
def test_usernames_are_unique_ignoring_case(alice: Account, taken: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        _sign_up(username=taken)

    assert error.value.field == "username"
    assert error.value.message == "This username is taken"
    assert Account.objects.count() == 1


@pytest.mark.parametrize(
    "username", ["", "   ", "two words", "dash-name", "dot.name", "ümlaut", "a" * 31, "@alice"]
)
def test_malformed_usernames_are_refused(username: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        _sign_up(username=username)

    assert error.value.field == "username"
    assert not Account.objects.exists()


def test_a_thirty_character_username_is_fine() -> None:
    assert _sign_up(username="a" * 30).username == "a" * 30


def test_spaces_around_a_username_are_dropped() -> None:
    assert _sign_up(username="  newcomer ").username == "newcomer"


@pytest.mark.parametrize(
    "username", ["admin", "Root", "API", "settings", "static", "media", "files", "tags", "www"]
)
def test_reserved_usernames_are_refused(username: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        _sign_up(username=username)

    assert (error.value.field, error.value.message) == ("username", "This username is reserved")


@pytest.mark.parametrize("email", ["", "not-an-address", "someone@", "@example.com", "a b@c.de"])
def test_malformed_email_addresses_are_refused(email: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        _sign_up(email=email)

    assert error.value.field == "email"
    assert not Account.objects.exists()


def test_an_email_address_is_used_by_one_account_only(alice: Account) -> None:
    with pytest.raises(ValidationFailed) as error:
        _sign_up(email="ALICE@example.com")

    assert error.value.field == "email"
    assert "already exists" in error.value.message


@pytest.mark.parametrize(
    ("password", "complaint"),
    [
        ("short1!", "too short"),
        ("password123", "too common"),
        ("93847561029384", "entirely numeric"),
        ("newcomer2026", "too similar"),
    ],
)
def test_weak_passwords_are_refused_with_djangos_reason(password: str, complaint: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        _sign_up(password=password)

    assert error.value.field == "password"
    assert complaint in error.value.message
    assert not Account.objects.exists()


def test_display_names_are_cleaned_and_limited() -> None:
    account = _sign_up(display_name="  New\u202e  Comer\x00 ")
    assert account.display_name == "New Comer"

    with pytest.raises(ValidationFailed) as error:
        _sign_up(username="other", email="other@example.com", display_name="x" * 101)
    assert error.value.field == "display_name"
    assert "100 characters" in error.value.message


def test_closed_registration_refuses_everyone(settings: Settings) -> None:
    _env_mode(settings, "closed")

    with pytest.raises(Forbidden) as error:
        _sign_up()

    assert "closed" in error.value.message
    assert not Account.objects.exists()


def test_the_administrators_choice_beats_the_environment(settings: Settings) -> None:
    _env_mode(settings, "open")
    update_instance_settings(registration_mode="closed")

    with pytest.raises(Forbidden):
        _sign_up()


def test_approval_mode_creates_accounts_that_cannot_log_in_yet(
    settings: Settings, alice: Account
) -> None:
    _env_mode(settings, "approval")

    account = _sign_up()

    assert not account.is_approved
    assert authenticate(username="newcomer", password=PASSWORD) is None


def test_the_first_account_needs_no_approval(settings: Settings) -> None:
    _env_mode(settings, "approval")

    founder = _sign_up()

    assert founder.is_approved and founder.is_staff


def test_sign_up_announces_the_account_after_commit(committed) -> None:
    events = listen()
    with committed():
        account = _sign_up()
        assert events == []

    assert events == [AccountSignedUp(account_id=account.id)]


def test_a_refused_sign_up_announces_nothing(committed) -> None:
    events = listen()
    with committed(), pytest.raises(ValidationFailed):
        _sign_up(username="admin")

    assert events == []


def test_passwords_are_hashed_with_argon2(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]

    account = _sign_up()

    stored = Account.objects.get(pk=account.pk)
    assert stored.password.startswith("argon2")
    assert PASSWORD not in stored.password
    assert stored.check_password(PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_a_sign_up_racing_the_first_one_waits_and_is_not_admin() -> None:
    # Another transaction takes the first place and holds it uncommitted for a moment; the
    # sign-up that started while the table looked empty must not become a second admin.
    holding, release = threading.Event(), threading.Event()
    instance_settings()  # the row exists already, as on any server that has run once

    def first_sign_up_in_progress() -> None:
        try:
            with transaction.atomic():
                hold_settings_lock()
                Account.objects.create(username="early", email="early@example.com")
                holding.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    other = threading.Thread(target=first_sign_up_in_progress)
    other.start()
    assert holding.wait(timeout=10)
    threading.Timer(0.3, release.set).start()
    try:
        late = _sign_up()
    finally:
        release.set()
        other.join()

    assert not late.is_staff and not late.is_superuser
