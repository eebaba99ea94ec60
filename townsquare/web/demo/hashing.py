"""A light Argon2 for demo accounts, so seeding fifty people takes seconds, not a minute.

The demo's passwords are printed for everyone (or random and long), so a low work
factor costs nothing here; the hashes still say ``argon2`` and Django re-hashes each
one at the full cost of ``PASSWORD_HASHERS`` the first time its person logs in.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class DemoArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 8 * 1024  # KiB
    parallelism = 1
