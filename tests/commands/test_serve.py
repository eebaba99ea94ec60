"""``townsquare serve`` as people start it: a real process on a free port, then SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

STARTUP_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def command_env(data_dir: Path) -> dict[str, str]:
    """The real settings, embedded mode, in a directory of its own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL"} and not key.startswith("TOWNSQUARE_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="townsquare.config.settings",
        TOWNSQUARE_DATA_DIR=str(data_dir),
        TOWNSQUARE_DEBUG="false",
        PYTHONUNBUFFERED="1",
    )
    return env


def townsquare(*args: str) -> list[str]:
    return [sys.executable, "-m", "townsquare.cli", *args]


def get(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url)  # noqa: S310 (our own http:// URL)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_until_up(process: subprocess.Popen[str], url: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited early:\n{process.communicate()[0]}")
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("serve did not answer within a minute")


def test_serve_refuses_a_database_without_migrations(tmp_path):
    result = subprocess.run(  # noqa: S603 (our own command line)
        townsquare("serve", "--port", str(free_port())),
        env=command_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "run `townsquare migrate`" in result.stderr


def test_serve_answers_pages_and_static_files_then_stops_cleanly(tmp_path):
    env = command_env(tmp_path)
    migrate = townsquare("migrate", "--no-input", "-v", "0")
    subprocess.run(migrate, env=env, check=True, timeout=300)  # noqa: S603 (our own command line)
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (our own command line)
        townsquare("serve", "--port", str(port)),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(process, f"{base}/login")
        status, _ = get(f"{base}/")
        assert status in {200, 302}
        status, page = get(f"{base}/login")
        assert status == 200 and b"<form" in page
        # With DEBUG off and no collectstatic, WhiteNoise serves from the apps.
        status, css = get(f"{base}/static/web/townsquare.css")
        assert status == 200 and len(css) > 100
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, output
    assert f"running at http://127.0.0.1:{port}/" in output
    assert "Starting worker" in output  # the in-process task worker
    assert "Townsquare stopped." in output
