"""Settings for the test suite: the real ones, with tasks run inline and fast hashing."""

import os
import tempfile

os.environ.setdefault("TOWNSQUARE_DATA_DIR", tempfile.mkdtemp(prefix="townsquare-test-"))

from townsquare.config.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Argon2 is the real hasher (see tests/accounts); tests that only need a password use MD5.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Connections are not kept between tests, so the test databases can always be dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
