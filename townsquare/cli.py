"""The ``townsquare`` command: Django's management commands under one name."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run ``townsquare <command>``; ``serve``, ``worker``, ``demo`` and the rest are commands."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.config.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv if argv is None else ["townsquare", *argv]
    try:
        execute_from_command_line(args)
    except ValueError as error:
        # A malformed setting in the environment: say which, without a traceback.
        from townsquare.config.env import EnvironmentError_

        if isinstance(error, EnvironmentError_):
            sys.stderr.write(f"townsquare: configuration error: {error}\n")
            raise SystemExit(2) from None
        raise


if __name__ == "__main__":
    main()
