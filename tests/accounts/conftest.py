"""Each accounts test stores files in its own empty MEDIA_ROOT and starts with no cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    root = tmp_path / "media-root"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()
