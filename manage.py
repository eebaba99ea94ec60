#!/usr/bin/env python
"""Django's manage.py, for habit; ``townsquare`` is the same command."""

from townsquare.cli import main

if __name__ == "__main__":
    main()
