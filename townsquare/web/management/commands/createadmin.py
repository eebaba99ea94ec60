"""``townsquare createadmin``: an account with every staff right, made from the command line."""

from __future__ import annotations

import getpass
import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from townsquare.accounts.services import grant_admin, sign_up
from townsquare.core.errors import DomainError, ValidationFailed


class Command(BaseCommand):
    help = "Create an admin account (staff and superuser) that can log in at once."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--username", required=True, help="Letters, numbers and _.")
        parser.add_argument("--email", required=True, help="The admin's e-mail address.")
        parser.add_argument(
            "--password",
            help="The password (visible to other users of this machine: prefer the prompt).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or self._ask_password()
        try:
            with transaction.atomic():
                account = sign_up(
                    username=options["username"], email=options["email"], password=password
                )
                grant_admin(account=account)
        except ValidationFailed as error:
            where = f"{error.field}: " if error.field else ""
            raise CommandError(f"{where}{error.message}") from error
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"Created the admin @{account.username}. "
            f"Log in at http://{settings.TOWNSQUARE_DOMAIN}/login"
        )

    def _ask_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError("Give --password, or run this in a terminal to be asked for one.")
        password = getpass.getpass("Password: ")
        if not password:
            raise CommandError("The password can't be empty.")
        if getpass.getpass("Password (again): ") != password:
            raise CommandError("The two passwords differ.")
        return password
