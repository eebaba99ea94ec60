from __future__ import annotations

import pytest
from django.core.cache import cache
from pytest_django.fixtures import Settings

from townsquare.instance.models import InstanceSettings
from townsquare.instance.selectors import (
    CACHE_KEY,
    instance_settings,
    max_post_chars,
    registration_mode,
)
from townsquare.instance.services import update_instance_settings


def _env(settings: Settings, **values: object) -> None:
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, **values}


@pytest.mark.django_db
def test_the_settings_row_is_created_once() -> None:
    first = instance_settings()
    second = instance_settings()

    assert first.pk == second.pk
    assert InstanceSettings.objects.count() == 1
    assert first.name == "Townsquare"


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["open", "approval", "closed"])
def test_the_environment_gives_the_default_registration_mode(settings: Settings, mode: str) -> None:
    _env(settings, REGISTRATION_MODE=mode)

    assert registration_mode() == mode


@pytest.mark.django_db
def test_the_administrators_registration_mode_wins(settings: Settings) -> None:
    _env(settings, REGISTRATION_MODE="open")
    update_instance_settings(registration_mode="approval")
    assert registration_mode() == "approval"

    update_instance_settings(registration_mode="")
    assert registration_mode() == "open"


@pytest.mark.django_db
def test_max_post_chars_from_the_environment_unless_chosen(settings: Settings) -> None:
    _env(settings, MAX_POST_CHARS=321)
    assert max_post_chars() == 321

    update_instance_settings(max_post_chars=1000)
    assert max_post_chars() == 1000


@pytest.mark.django_db
def test_inside_a_transaction_the_row_is_read_fresh() -> None:
    # A stale cached row (another process changed the settings) doesn't leak into
    # a transaction, and what a transaction reads is never cached: it might roll back.
    cache.set(CACHE_KEY, InstanceSettings(pk=1, name="Stale"))
    InstanceSettings.objects.update_or_create(pk=1, defaults={"name": "Fresh"})

    assert instance_settings().name == "Fresh"
    assert cache.get(CACHE_KEY).name == "Stale"


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_row_is_cached_until_changed(
    django_assert_num_queries,
) -> None:
    update_instance_settings(name="Before")
    instance_settings()

    with django_assert_num_queries(0):
        assert instance_settings().name == "Before"

    update_instance_settings(name="After")

    assert instance_settings().name == "After"
