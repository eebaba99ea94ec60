"""System checks: misconfiguration fails at start with a clear message."""

from __future__ import annotations

import shutil
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register


@register()
def check_data_dir(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    data_dir = settings.DATA_DIR
    problems: list[CheckMessage] = []
    if not data_dir.is_dir():
        problems.append(
            Error(f"The data directory {data_dir} does not exist.", id="townsquare.E001")
        )
    elif shutil.disk_usage(data_dir).free < 100 * 1024 * 1024:
        problems.append(
            Warning(
                f"Less than 100 MB free under {data_dir}; uploads will start to fail.",
                id="townsquare.W001",
            )
        )
    return problems
