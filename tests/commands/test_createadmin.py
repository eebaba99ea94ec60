"""``townsquare createadmin``: a staff superuser through the sign-up service, or a clear error."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command

from townsquare.accounts.models import Account

PASSWORD = "lantern-over-the-bay"


def createadmin(*args: str) -> str:
    out = io.StringIO()
    call_command("createadmin", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_creates_a_staff_superuser_even_when_not_the_first_account(alice):
    output = createadmin(
        "--username", "mayor", "--email", "mayor@example.org", "--password", PASSWORD
    )
    mayor = Account.objects.get(username="mayor")
    assert mayor.is_staff and mayor.is_superuser and mayor.is_approved
    assert check_password(PASSWORD, mayor.password)
    assert "@mayor" in output and "/login" in output
    alice.refresh_from_db()
    assert not alice.is_staff


@pytest.mark.django_db
def test_errors_name_the_field_and_leave_nothing_behind(alice):
    with pytest.raises(CommandError, match="username: This username is taken"):
        createadmin("--username", "ALICE", "--email", "a2@example.org", "--password", PASSWORD)
    with pytest.raises(CommandError, match="password: "):
        createadmin("--username", "mayor", "--email", "mayor@example.org", "--password", "123")
    assert not Account.objects.filter(username="mayor").exists()


@pytest.mark.django_db
def test_without_a_terminal_the_password_must_be_given(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="Give --password"):
        createadmin("--username", "mayor", "--email", "mayor@example.org")
    assert not Account.objects.exists()
