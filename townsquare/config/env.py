"""The typed environment: every setting Townsquare reads from the process environment.

Read once at start, validated with clear messages, and kept apart from the
runtime configuration administrators edit in the web UI (``instance``).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from townsquare.core.dispatch import (
    DEFAULT_WEB_THREADS,
    DEFAULT_WEB_THREADS_POSTGRESQL,
    DEFAULT_WRITE_THREADS,
    DEFAULT_WRITE_THREADS_POSTGRESQL,
)

RegistrationMode = Literal["open", "approval", "closed"]
REGISTRATION_MODES: tuple[RegistrationMode, ...] = ("open", "approval", "closed")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
# Rate-limit buckets: (requests, period) by default, each overridable with
# TOWNSQUARE_RATE_LIMIT_<NAME>=<requests>/<period> (period like 30s, 5m, 3h).
RATE_LIMIT_DEFAULTS: dict[str, str] = {
    "api": "300/5m",  # every API request, per token (per address without one)
    "statuses": "300/3h",  # POST /api/v1/statuses, per token
    "media": "30/30m",  # media uploads, per token
    "sign_up": "5/30m",  # sign-ups, per address (web and API)
    "log_in": "5/5m",  # log-in attempts per address and account (web and password grant)
    "log_in_address": "25/5m",  # log-in attempts per address, whatever the account
    "password_reset": "5/30m",  # reset mails per address and per e-mail address
}
_PERIOD_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class EnvironmentError_(ValueError):
    """A setting in the environment is malformed."""


def _bool(name: str, value: str | None, default: bool) -> bool:
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise EnvironmentError_(f"{name} must be true or false, not {value!r}")


def _int(name: str, value: str | None, default: int, minimum: int = 1) -> int:
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise EnvironmentError_(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise EnvironmentError_(f"{name} must be at least {minimum}, not {number}")
    return number


def _rate(name: str, value: str | None, default: str) -> tuple[int, int]:
    text = (value or "").strip() or default
    requests, _, period = text.partition("/")
    unit = _PERIOD_UNITS.get(period[-1:].lower()) if period else None
    try:
        count, length = int(requests), int(period[:-1] or "1")
    except ValueError:
        count = length = 0
    if unit is None or count < 1 or length < 1:
        raise EnvironmentError_(
            f"{name} must look like 300/5m (requests per period in s, m, h or d), not {text!r}"
        )
    return count, length * unit


def _url(name: str, value: str | None, schemes: tuple[str, ...]) -> str | None:
    if not value:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in schemes:
        allowed = ", ".join(f"{scheme}://" for scheme in schemes)
        raise EnvironmentError_(f"{name} must start with one of {allowed} (got {value!r})")
    return value


@dataclass(frozen=True, slots=True)
class Environment:
    """Everything configurable from the environment, with safe defaults."""

    data_dir: Path
    debug: bool
    domain: str
    database_url: str | None
    redis_url: str | None
    database_pool_size: int
    web_threads: int
    write_threads: int
    registration_mode: RegistrationMode
    max_post_chars: int
    email_url: str | None
    from_email: str
    fanout_threshold: int
    inline_audience_limit: int
    home_cap: int
    search_rank_window: int
    max_upload_bytes: int
    run_worker_in_process: bool
    password_grant: bool
    rate_limits_enabled: bool
    rate_limits: dict[str, tuple[int, int]]  # bucket -> (requests, period in seconds)

    @property
    def secret_key_file(self) -> Path:
        return self.data_dir / "secret_key"

    def secret_key(self) -> str:
        """The key from ``TOWNSQUARE_SECRET_KEY`` or the one generated on first start."""
        from_env = os.environ.get("TOWNSQUARE_SECRET_KEY")
        if from_env:
            return from_env
        path = self.secret_key_file
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        # Exclusive create: two processes starting together agree on one key.
        try:
            with path.open("x") as handle:
                handle.write(key)
            path.chmod(0o600)
        except FileExistsError:
            return path.read_text().strip()
        return key


def _is_postgresql(database_url: str | None) -> bool:
    return bool(database_url) and urlparse(database_url).scheme in ("postgres", "postgresql")


def _web_threads(database_url: str | None) -> int:
    """The default number of web threads: more where the database is a network away."""
    if _is_postgresql(database_url):
        return DEFAULT_WEB_THREADS_POSTGRESQL
    return DEFAULT_WEB_THREADS


def _write_threads(database_url: str | None) -> int:
    """The default number of threads for writes: one for SQLite's one writer at a time."""
    if _is_postgresql(database_url):
        return DEFAULT_WRITE_THREADS_POSTGRESQL
    return DEFAULT_WRITE_THREADS


def load(environ: dict[str, str] | None = None) -> Environment:
    """Read and validate the environment; raise EnvironmentError_ naming the bad setting."""
    env = os.environ if environ is None else environ
    mode = env.get("TOWNSQUARE_REGISTRATION", "open").strip().lower()
    if mode not in REGISTRATION_MODES:
        raise EnvironmentError_(
            f"TOWNSQUARE_REGISTRATION must be one of {', '.join(REGISTRATION_MODES)}, not {mode!r}"
        )
    domain = env.get("TOWNSQUARE_DOMAIN", "localhost:8000").strip()
    if not domain or "/" in domain or " " in domain:
        raise EnvironmentError_(f"TOWNSQUARE_DOMAIN must be a host name, not {domain!r}")
    database_url = _url(
        "DATABASE_URL", env.get("DATABASE_URL"), ("postgres", "postgresql", "sqlite")
    )
    return Environment(
        data_dir=Path(env.get("TOWNSQUARE_DATA_DIR", "var")).resolve(),
        debug=_bool("TOWNSQUARE_DEBUG", env.get("TOWNSQUARE_DEBUG"), default=False),
        domain=domain,
        database_url=database_url,
        redis_url=_url("REDIS_URL", env.get("REDIS_URL"), ("redis", "rediss")),
        database_pool_size=_int(
            "TOWNSQUARE_DATABASE_POOL_SIZE", env.get("TOWNSQUARE_DATABASE_POOL_SIZE"), 10
        ),
        web_threads=_int(
            "TOWNSQUARE_WEB_THREADS", env.get("TOWNSQUARE_WEB_THREADS"), _web_threads(database_url)
        ),
        write_threads=_int(
            "TOWNSQUARE_WRITE_THREADS",
            env.get("TOWNSQUARE_WRITE_THREADS"),
            _write_threads(database_url),
            minimum=0,
        ),
        registration_mode=mode,  # checked against REGISTRATION_MODES above
        max_post_chars=_int("TOWNSQUARE_MAX_POST_CHARS", env.get("TOWNSQUARE_MAX_POST_CHARS"), 500),
        email_url=_url("EMAIL_URL", env.get("EMAIL_URL"), ("smtp", "smtps")),
        from_email=env.get("TOWNSQUARE_FROM_EMAIL", f"townsquare@{domain.split(':')[0]}"),
        fanout_threshold=_int(
            "TOWNSQUARE_FANOUT_THRESHOLD", env.get("TOWNSQUARE_FANOUT_THRESHOLD"), 10_000
        ),
        # Posts reaching fewer people fan out in the request, not the queue (0: never):
        # cheaper in CPU per post and no queue delay (bench fanout, core.events).
        inline_audience_limit=_int(
            "TOWNSQUARE_INLINE_AUDIENCE_LIMIT",
            env.get("TOWNSQUARE_INLINE_AUDIENCE_LIMIT"),
            200,
            minimum=0,
        ),
        home_cap=_int("TOWNSQUARE_HOME_CAP", env.get("TOWNSQUARE_HOME_CAP"), 800),
        search_rank_window=_int(
            "TOWNSQUARE_SEARCH_RANK_WINDOW", env.get("TOWNSQUARE_SEARCH_RANK_WINDOW"), 2000
        ),
        max_upload_bytes=_int(
            "TOWNSQUARE_MAX_UPLOAD_BYTES", env.get("TOWNSQUARE_MAX_UPLOAD_BYTES"), 10 * 1024 * 1024
        ),
        run_worker_in_process=_bool(
            "TOWNSQUARE_IN_PROCESS_WORKER", env.get("TOWNSQUARE_IN_PROCESS_WORKER"), default=True
        ),
        password_grant=_bool(
            "TOWNSQUARE_PASSWORD_GRANT", env.get("TOWNSQUARE_PASSWORD_GRANT"), default=True
        ),
        rate_limits_enabled=_bool(
            "TOWNSQUARE_RATE_LIMITS", env.get("TOWNSQUARE_RATE_LIMITS"), default=True
        ),
        rate_limits={
            bucket: _rate(
                f"TOWNSQUARE_RATE_LIMIT_{bucket.upper()}",
                env.get(f"TOWNSQUARE_RATE_LIMIT_{bucket.upper()}"),
                default,
            )
            for bucket, default in RATE_LIMIT_DEFAULTS.items()
        },
    )
