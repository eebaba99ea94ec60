"""Factories for the models tests build; named people live in conftest.py."""

from __future__ import annotations

from typing import Any

import factory

from townsquare.accounts.models import Account

PASSWORD = "correct horse battery staple"


class AccountFactory(factory.django.DjangoModelFactory[Account]):
    class Meta:
        model = Account
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda account: f"{account.username}@example.com")
    display_name = factory.LazyAttribute(lambda account: account.username.capitalize())

    @factory.post_generation
    def password(obj: Account, create: bool, extracted: str | None, **kwargs: Any) -> None:
        """Set a usable password (``PASSWORD`` unless given)."""
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])
