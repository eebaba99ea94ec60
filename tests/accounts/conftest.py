"""Each accounts test stores files in its own empty MEDIA_ROOT; the cache is new per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    root = tmp_path / "media-root"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root
