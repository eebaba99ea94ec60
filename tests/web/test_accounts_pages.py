"""Sign-up, log-in, passwords, profile settings, approvals and account images, as seen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from pytest_django.fixtures import Settings

from tests.accounts.samples import image_bytes, upload
from tests.factories import PASSWORD, AccountFactory
from townsquare.accounts.models import Account
from townsquare.accounts.services import update_profile

NEW_PASSWORD = "a fresh and long passphrase"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    root = tmp_path / "media-root"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


def _client(account: Account | None = None) -> Client:
    client = Client()
    if account is not None:
        client.force_login(account)
    return client


def _mode(settings: Settings, mode: str) -> None:
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "REGISTRATION_MODE": mode}


def _signup_data(**overrides: str) -> dict[str, str]:
    data = {
        "username": "newcomer",
        "email": "newcomer@example.com",
        "display_name": "New Comer",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    data.update(overrides)
    return data


def _logged_in_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


# Sign up


def test_the_sign_up_form_has_a_label_for_every_field() -> None:
    response = _client().get("/signup")

    body = response.content.decode()
    assert response.status_code == 200
    for field in ("username", "email", "display_name", "password", "password_again"):
        assert f'<label for="id_{field}"' in body
    assert 'autocomplete="new-password"' in body


def test_signing_up_logs_you_in_and_the_first_account_is_admin() -> None:
    client = _client()

    response = client.post("/signup", _signup_data())

    assert response.status_code == 302
    assert response["Location"] == "/"
    account = Account.objects.get(username="newcomer")
    assert account.is_staff and account.is_superuser
    assert _logged_in_id(client) == str(account.pk)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": "ALICE"}, "This username is taken"),
        ({"username": "no spaces"}, "Usernames can only use letters, numbers and underscores"),
        ({"username": "admin"}, "This username is reserved"),
        ({"email": "alice@example.com"}, "An account with this e-mail address already exists"),
        ({"email": "nope"}, "Enter a valid email address."),
        ({"password": "password123", "password_again": "password123"}, "too common"),
        ({"password": "1234", "password_again": "1234"}, "too short"),
        ({"password_again": "something else"}, "The two passwords don&#x27;t match."),
    ],
)
def test_sign_up_problems_are_shown_and_nothing_is_created(
    alice: Account, overrides: dict[str, str], message: str
) -> None:
    client = _client()

    response = client.post("/signup", _signup_data(**overrides))

    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'role="alert"' in body
    assert list(Account.objects.all()) == [alice]
    assert _logged_in_id(client) is None


def test_with_registration_closed_there_is_no_form(settings: Settings) -> None:
    _mode(settings, "closed")
    client = _client()

    page = client.get("/signup")
    refused = client.post("/signup", _signup_data())

    assert page.status_code == 200
    assert "Registration is closed" in page.content.decode()
    assert 'name="username"' not in page.content.decode()
    assert refused.status_code == 403
    assert not Account.objects.exists()


def test_the_login_page_offers_sign_up_only_when_open(settings: Settings) -> None:
    assert 'href="/signup"' in _client().get("/login").content.decode().split("<main")[1]
    _mode(settings, "closed")
    assert 'href="/signup"' not in _client().get("/login").content.decode().split("<main")[1]


def test_with_approval_you_are_told_to_wait_and_cannot_log_in_yet(
    settings: Settings, alice: Account
) -> None:
    _mode(settings, "approval")
    client = _client()

    assert "wait for a moderator" in client.get("/signup").content.decode()
    response = client.post("/signup", _signup_data(), follow=True)

    body = response.content.decode()
    assert response.redirect_chain[-1][0] == "/login"
    assert "A moderator will review your account" in body
    assert _logged_in_id(client) is None
    assert not Account.objects.get(username="newcomer").is_approved


def test_a_logged_in_person_is_sent_home_from_sign_up_and_log_in(alice: Account) -> None:
    client = _client(alice)

    assert client.get("/signup")["Location"] == "/"
    assert client.get("/login")["Location"] == "/"


# Log in and out


def test_logging_in_goes_where_you_were_going(alice: Account) -> None:
    client = _client()

    page = client.get("/login?next=/settings/profile")
    response = client.post(
        "/login", {"username": "ALICE", "password": PASSWORD, "next": "/settings/profile"}
    )

    assert '<label for="id_username"' in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == "/settings/profile"
    assert _logged_in_id(client) == str(alice.pk)


def test_a_wrong_password_is_explained(alice: Account) -> None:
    client = _client()

    response = client.post("/login", {"username": "alice", "password": "not it"})

    assert response.status_code == 200
    assert "That username and password don&#x27;t match" in response.content.decode()
    assert _logged_in_id(client) is None


def test_an_account_awaiting_approval_is_told_so(db: None) -> None:
    AccountFactory.create(username="waiting", is_approved=False)
    client = _client()

    response = client.post("/login", {"username": "waiting", "password": PASSWORD})
    wrong = client.post("/login", {"username": "waiting", "password": "not it"})

    assert "waiting for approval by a moderator" in response.content.decode()
    assert "waiting for approval" not in wrong.content.decode()
    assert _logged_in_id(client) is None


def test_logging_out_takes_a_post(alice: Account) -> None:
    client = _client(alice)

    assert client.get("/logout").status_code == 405
    assert _logged_in_id(client) == str(alice.pk)
    response = client.post("/logout")

    assert response.status_code == 302
    assert response["Location"] == "/login"
    assert _logged_in_id(client) is None


# Passwords


def test_changing_the_password_needs_the_old_one_and_a_strong_new_one(alice: Account) -> None:
    client = _client(alice)

    wrong_old = client.post(
        "/settings/password",
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    weak = client.post(
        "/settings/password",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )

    assert "Your old password was entered incorrectly" in wrong_old.content.decode()
    assert "too common" in weak.content.decode()
    assert Account.objects.get(pk=alice.pk).check_password(PASSWORD)

    done = client.post(
        "/settings/password",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert "Your password has been changed." in done.content.decode()
    assert Account.objects.get(pk=alice.pk).check_password(NEW_PASSWORD)
    assert _logged_in_id(client) == str(alice.pk)


def test_resetting_a_forgotten_password_by_e_mail(alice: Account) -> None:
    client = _client()

    response = client.post("/password-reset", {"email": "ALICE@example.com"}, follow=True)

    assert "Check your e-mail" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert "Reset your password" in message.subject
    link = re.search(r"https?://[^/]+(/password-reset/\S+)", str(message.body))
    assert link is not None

    form = client.get(link.group(1), follow=True)
    assert '<label for="id_new_password1"' in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert "Your new password is set" in done.content.decode()
    assert Account.objects.get(pk=alice.pk).check_password(NEW_PASSWORD)
    reused = client.get(link.group(1), follow=True)
    assert "invalid or has already been used" in reused.content.decode()


def test_a_reset_for_an_unknown_address_looks_the_same_but_sends_nothing(db: None) -> None:
    response = _client().post("/password-reset", {"email": "nobody@example.com"}, follow=True)

    assert "Check your e-mail" in response.content.decode()
    assert mail.outbox == []


# Profile settings


@pytest.mark.parametrize(
    "url", ["/settings/profile", "/settings/password", "/admin-tools/accounts"]
)
def test_settings_pages_send_anonymous_people_to_log_in(url: str) -> None:
    response = _client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/login?next={url}"


def _profile_data(**overrides: str) -> dict[str, str]:
    data = {
        "display_name": "Alice Liddell",
        "bio": "Down the rabbit hole.",
        "field_name_0": "Pronouns",
        "field_value_0": "she/her",
        "is_locked": "on",
    }
    data.update(overrides)
    return data


def test_the_profile_form_shows_what_the_profile_says(alice: Account) -> None:
    update_profile(account=alice, bio="Curious", fields=[{"name": "Home", "value": "Oxford"}])

    body = _client(alice).get("/settings/profile").content.decode()

    assert 'value="Alice"' in body
    assert "Curious</textarea>" in body
    assert 'value="Home"' in body and 'value="Oxford"' in body
    assert 'enctype="multipart/form-data"' in body
    for field in ("display_name", "bio", "avatar", "header", "field_name_3", "is_locked"):
        assert f'<label for="id_{field}"' in body


def test_saving_the_profile(alice: Account) -> None:
    client = _client(alice)

    response = client.post("/settings/profile", _profile_data(), follow=True)

    assert "Your profile is saved." in response.content.decode()
    stored = Account.objects.get(pk=alice.pk)
    assert stored.display_name == "Alice Liddell"
    assert stored.bio_html == "<p>Down the rabbit hole.</p>"
    assert stored.fields == [{"name": "Pronouns", "value": "she/her"}]
    assert stored.is_locked and not stored.is_discoverable


def test_uploading_and_removing_an_avatar(alice: Account, media_root: Path) -> None:
    client = _client(alice)

    client.post("/settings/profile", {**_profile_data(), "avatar": upload(image_bytes())})
    stored = Account.objects.get(pk=alice.pk)
    assert stored.avatar
    assert "Remove the avatar" in client.get("/settings/profile").content.decode()

    client.post("/settings/profile", _profile_data(remove_avatar="on"))
    assert not Account.objects.get(pk=alice.pk).avatar


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"avatar": "not-an-image"}, "Avatar must be a JPEG, PNG, GIF or WebP image"),
        ({"header": "not-an-image"}, "Header must be a JPEG, PNG, GIF or WebP image"),
        ({"display_name": "x" * 101}, "Ensure this value has at most 100 characters"),
        ({"field_name_0": "", "field_value_0": "orphan"}, "Each profile field needs a label"),
    ],
)
def test_a_bad_profile_shows_the_problem_and_saves_nothing(
    alice: Account, media_root: Path, extra: dict[str, str], message: str
) -> None:
    data: dict[str, object] = {**_profile_data(), **extra}
    for name in ("avatar", "header"):
        if name in data:
            data[name] = upload(b"this is text, not pixels", "evil.png", "image/png")

    response = _client(alice).post("/settings/profile", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    stored = Account.objects.get(pk=alice.pk)
    assert (stored.display_name, stored.bio, stored.is_locked) == ("Alice", "", False)
    assert not stored.avatar and not stored.header
    assert not any(path.is_file() for path in media_root.rglob("*"))


# Approving sign-ups


def test_staff_see_and_approve_waiting_accounts(alice: Account, committed) -> None:
    Account.objects.filter(pk=alice.pk).update(is_staff=True)
    AccountFactory.create(username="waiting", is_approved=False, email="w@example.com")
    client = _client(alice)

    page = client.get("/admin-tools/accounts")
    assert "@waiting" in page.content.decode()
    assert 'action="/admin-tools/accounts/waiting/approve"' in page.content.decode()

    with committed():
        response = client.post("/admin-tools/accounts/waiting/approve", follow=True)

    body = response.content.decode()
    assert "@waiting is approved" in body
    assert "Nobody is waiting for approval." in body
    assert Account.objects.get(username="waiting").is_approved


def test_people_who_are_not_staff_cannot_approve(alice: Account) -> None:
    AccountFactory.create(username="waiting", is_approved=False)
    client = _client(alice)

    assert client.get("/admin-tools/accounts").status_code == 403
    assert client.post("/admin-tools/accounts/waiting/approve").status_code == 403
    assert not Account.objects.get(username="waiting").is_approved


def test_approving_someone_not_waiting_is_not_found(alice: Account, bob: Account) -> None:
    Account.objects.filter(pk=alice.pk).update(is_staff=True)

    assert _client(alice).post("/admin-tools/accounts/bob/approve").status_code == 404
    assert _client(alice).post("/admin-tools/accounts/nobody/approve").status_code == 404


# Account images


def test_without_an_avatar_you_get_your_initial_in_your_colour(alice: Account) -> None:
    AccountFactory.create(username="alex", display_name="")

    first = _client().get("/@alice/avatar")
    again = _client().get("/@ALICE/avatar")
    other = _client().get("/@alex/avatar")

    assert first.status_code == 200
    assert first["Content-Type"].startswith("image/svg+xml")
    assert "default-src 'none'" in first["Content-Security-Policy"]
    svg = first.content.decode()
    assert ">A</text>" in svg
    fill = re.search(r'fill="(hsl\([^"]+\))"', svg)
    assert fill is not None
    assert fill.group(1) in again.content.decode()
    assert ">A</text>" in other.content.decode()
    assert fill.group(1) not in other.content.decode()


def test_a_generated_avatar_escapes_the_name(db: None) -> None:
    AccountFactory.create(username="sneaky", display_name="<script>")

    svg = _client().get("/@sneaky/avatar").content.decode()

    assert "<script" not in svg
    assert ">&lt;</text>" in svg


def test_stored_images_are_served_and_cached(alice: Account, media_root: Path) -> None:
    update_profile(account=alice, avatar=upload(image_bytes()), header=upload(image_bytes()))
    alice.refresh_from_db()

    avatar = _client().get("/@alice/avatar")
    header = _client().get("/@alice/header")

    assert avatar.status_code == 200 and header.status_code == 200
    assert avatar["Content-Type"] == "image/jpeg"
    assert avatar.getvalue() == (media_root / (alice.avatar.name or "")).read_bytes()
    assert "max-age" in avatar["Cache-Control"]
    again = _client().get("/@alice/avatar", HTTP_IF_NONE_MATCH=avatar["ETag"])
    assert again.status_code == 304


def test_a_lost_avatar_file_falls_back_to_the_initial(alice: Account, media_root: Path) -> None:
    update_profile(account=alice, avatar=upload(image_bytes()))
    alice.refresh_from_db()
    (media_root / (alice.avatar.name or "")).unlink()

    response = _client().get("/@alice/avatar")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")


def test_no_header_image_is_not_found(alice: Account) -> None:
    assert _client().get("/@alice/header").status_code == 404


@pytest.mark.parametrize("state", [{"is_active": False}, {"is_approved": False}])
def test_images_of_hidden_accounts_are_not_found(state: dict[str, bool]) -> None:
    AccountFactory.create(username="hidden", **state)

    assert _client().get("/@hidden/avatar").status_code == 404
    assert _client().get("/@hidden/header").status_code == 404
    assert _client().get("/@nobody/avatar").status_code == 404
