"""The ``toot`` command line client, run as a subprocess against a live server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.api.e2e.conftest import TIMEOUT, MastodonFor
from tests.api.e2e.test_mastodon_py import consent
from tests.factories import PASSWORD
from townsquare.accounts.models import Account
from townsquare.posts.models import Post

pytestmark = pytest.mark.slow
TOOT = str(Path(sys.executable).with_name("toot"))


def _env(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "TOOT_"))}
    return env | {"HOME": str(home), "NO_COLOR": "1", "COLUMNS": "120"}


def toot(home: Path, *args: str) -> str:
    """Run ``toot`` with its own HOME (config lives there); fails the test on a non-zero exit."""
    done = subprocess.run(  # noqa: S603  (our own venv's toot with fixed arguments)
        [TOOT, *args],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=TIMEOUT * 2,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 0, f"toot {args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_toot_logs_in_posts_follows_and_reads(
    server: str, mastodon_for: MastodonFor, tmp_path: Path, alice: Account, bob: Account
) -> None:
    mastodon_for(bob).status_post("Hello @alice, welcome to the command line #townsquare")

    output = toot(
        tmp_path, "login_cli", "--instance", server, "--email", alice.email, "--password", PASSWORD
    )
    assert "Successfully logged in" in output
    assert "bob" in toot(tmp_path, "notifications")
    toot(tmp_path, "follow", "bob")
    assert "Toot posted" in toot(tmp_path, "post", "Posted from toot #cli")
    posted = Post.objects.get(author=alice)
    assert (posted.text, posted.visibility) == ("Posted from toot #cli", "public")

    timeline = toot(tmp_path, "timeline", "--once", "--count", "5")
    assert "Posted from toot" in timeline
    assert "welcome to the command line" in timeline  # backfilled when alice followed bob
    toot(tmp_path, "lists", "create", "Friends")
    toot(tmp_path, "lists", "add", "Friends", "bob")
    assert "bob" in toot(tmp_path, "lists", "accounts", "Friends")
    toot(tmp_path, "tags", "follow", "townsquare")
    assert "townsquare" in toot(tmp_path, "tags", "followed")
    assert "bob" in toot(tmp_path, "search", "bob")


def test_toot_logs_in_through_the_browser_consent_page(
    server: str, tmp_path: Path, alice: Account
) -> None:
    login = subprocess.Popen(  # noqa: S603  (our own venv's toot with fixed arguments)
        [TOOT, "login", "--instance", server],
        env=_env(tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert login.stdout is not None
        url = ""
        while not url.startswith(server):
            line = login.stdout.readline()
            assert line, "toot ended before printing the log-in URL"
            url = line.strip()
        parts = urlsplit(url)
        code = consent(f"{parts.path}?{parts.query}", alice)
        output, errors = login.communicate(f"n\n{code}\n", timeout=TIMEOUT * 2)
    finally:
        login.kill()
    assert login.returncode == 0, errors
    assert "Successfully logged in" in output
    assert "alice" in toot(tmp_path, "whoami")
