"""``townsquare demo``: seed a small, living community to look around in."""

from __future__ import annotations

import logging
import os
import time
from argparse import ArgumentParser
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from townsquare.accounts.models import Account
from townsquare.core.errors import DomainError
from townsquare.web.demo.community import seed

LOGIN_FILE_NAME = "demo-login.txt"
INLINE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DEMO_HASHER = "townsquare.web.demo.hashing.DemoArgon2PasswordHasher"
MAX_PEOPLE = 500


def login_file() -> Path:
    """Where the demo's log-in details are kept, so ``make run`` can show them every time."""
    return Path(settings.DATA_DIR) / LOGIN_FILE_NAME


def demo_settings() -> dict[str, Any]:
    """What changes while the demo is seeded (and only then)."""
    return {
        "TASKS": INLINE_TASKS,
        "PASSWORD_HASHERS": [DEMO_HASHER, *settings.PASSWORD_HASHERS],
        # The operator creates these people, whoever the server lets sign up.
        "TOWNSQUARE": {**settings.TOWNSQUARE, "REGISTRATION_MODE": "open"},
    }


@contextmanager
def seeding() -> Iterator[None]:
    """The demo's settings, a quiet task log, and one transaction for all of it.

    An interrupted demo rolls back to an empty server, which the next ``demo --if-empty``
    fills. The fan-out and notifications run inline as the transaction commits, rather
    than waiting in the database queue for a worker that isn't running yet.
    """
    with override_settings(**demo_settings()), quiet_task_log(), transaction.atomic():
        yield


@contextmanager
def quiet_task_log() -> Iterator[None]:
    """Thousands of "task started/finished" lines would bury the summary."""
    task_logger = logging.getLogger("django.tasks")
    level = task_logger.level
    task_logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        task_logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Create a demo community: people, follows, posts with pictures, replies, likes, "
        "polls, direct messages, lists, filters, trends and the admin's notifications."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any account exists (safe to run on every start).",
        )
        parser.add_argument("--people", type=int, default=50, help="How many people (default 50).")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed, the same community."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        people: int = options["people"]
        if not 1 <= people <= MAX_PEOPLE:
            raise CommandError(f"--people must be between 1 and {MAX_PEOPLE}.")
        if Account.objects.exists():
            if options["if_empty"]:
                return
            raise CommandError(
                "Accounts exist already: the demo fills an empty server only "
                "(use --if-empty to skip quietly)."
            )
        started = time.monotonic()
        report = self.stdout.write if options["verbosity"] >= 1 else _silent
        try:
            with seeding():
                login, tally = seed(people_count=people, seed_value=options["seed"], report=report)
        except DomainError as error:
            raise CommandError(f"The demo could not be created: {error.message}") from error
        path = login_file()
        # Created private: it holds the admin's password.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)  # also when an older file was left readable
        with os.fdopen(descriptor, "w") as handle:
            handle.write(login.describe())
        report(f"Created {tally} in {time.monotonic() - started:.1f} s.")
        self.stdout.write(login.describe().rstrip())
        self.stdout.write(f"(Saved in {path}.)")


def _silent(message: str) -> None:
    pass
