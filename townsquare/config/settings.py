"""Django settings, derived from the typed environment in ``config.env``.

Nothing else in the package reads ``os.environ``; code asks ``django.conf.settings``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlparse

import dj_database_url

from townsquare.config import env as environment

ENV = environment.load()
DATA_DIR = ENV.data_dir
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = ENV.secret_key()
DEBUG = ENV.debug
TOWNSQUARE_DOMAIN = ENV.domain
ALLOWED_HOSTS = [ENV.domain.split(":")[0], "localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = [f"http://{ENV.domain}", f"https://{ENV.domain}"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "channels",
    "oauth2_provider",
    "townsquare.core",
    "townsquare.accounts",
    "townsquare.instance",
    "townsquare.relationships",
    "townsquare.media",
    "townsquare.posts",
    "townsquare.timelines",
    "townsquare.notifications",
    "townsquare.search",
    "townsquare.filters",
    "townsquare.discovery",
    "townsquare.api",
    "townsquare.web",
    "townsquare.bench",
]

# The web.middleware classes named like Django's are Django's, passed by on API paths.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "townsquare.api.middleware.ApiPathMiddleware",
    "townsquare.api.middleware.RateLimitMiddleware",
    "townsquare.api.middleware.ApiBodyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "townsquare.web.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "townsquare.web.middleware.CsrfViewMiddleware",
    "townsquare.web.middleware.AuthenticationMiddleware",
    "townsquare.web.middleware.MessageMiddleware",
    "townsquare.web.middleware.BodyLimitMiddleware",
    "townsquare.web.middleware.XFrameOptionsMiddleware",
    "townsquare.web.middleware.DomainErrorMiddleware",
    # Last, so its process_exception answers JSON views' outages before the web's page does.
    "townsquare.api.middleware.ApiUnavailableMiddleware",
]

ROOT_URLCONF = "townsquare.config.urls"
ASGI_APPLICATION = "townsquare.config.asgi.application"
WSGI_APPLICATION = "townsquare.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "townsquare.web.context_processors.navigation",
            ],
        },
    },
]


# psycopg's default: a statement run this many times on a connection is prepared.
PREPARE_THRESHOLD = 5


def _databases() -> dict[str, Any]:
    # CONN_MAX_AGE is 0 (the default) everywhere: a connection closes when its request
    # ends. A thread made for one request (the streams' ASGI handler runs each in a thread
    # of its own) would never reuse a kept one, and kept ones piled up until PostgreSQL
    # refused more (measured: one web process held 48 after 200 requests at 8 at a time).
    # The web threads serving plain requests live as long as the process and keep theirs
    # open instead (core.dispatch.keep_connections_open).
    if ENV.database_url:
        config: dict[str, Any] = dict(dj_database_url.parse(ENV.database_url, conn_max_age=0))
        if config["ENGINE"] == "django.db.backends.postgresql":
            # A pool per process instead: a request borrows an open connection and gives it
            # back, rather than paying for a new one each time.
            config.setdefault("OPTIONS", {})["pool"] = {
                "min_size": 1,
                "max_size": ENV.database_pool_size,
                "timeout": 10,
            }
            # Django's cursors bind params on the client and never prepare; this lets
            # the statements every request makes (core.rows.fetch) be prepared once per
            # connection, which they ask for by name. Unset, psycopg prepares nothing.
            config["OPTIONS"]["prepare_threshold"] = PREPARE_THRESHOLD
    else:
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "townsquare.sqlite3",
        }
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers and one writer work at once; IMMEDIATE avoids the
        # deadlock-prone upgrade from a read to a write lock inside a transaction.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        }
        config["TEST"] = {"NAME": DATA_DIR / "test.sqlite3"}
    return {"default": config}


DATABASES = _databases()
# Threads serving plain requests, and those of their own for writes (core.dispatch);
# streams wait on the event loop instead.
TOWNSQUARE_WEB_THREADS = ENV.web_threads
TOWNSQUARE_WRITE_THREADS = ENV.write_threads
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if ENV.redis_url:
    CACHES = {
        "default": {
            "BACKEND": "townsquare.core.cache.SharedRedisCache",
            "LOCATION": ENV.redis_url,
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [ENV.redis_url]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.Account"
AUTHENTICATION_BACKENDS = ["townsquare.accounts.authentication.ApprovedAccountBackend"]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


def _mailers() -> dict[str, Any]:
    if not ENV.email_url:
        return {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    url = urlparse(ENV.email_url)
    port = url.port or (465 if url.scheme == "smtps" else 587)
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": url.hostname or "localhost",
                "port": port,
                "username": unquote(url.username or ""),
                "password": unquote(url.password or ""),
                "use_ssl": url.scheme == "smtps",
                "use_tls": url.scheme == "smtp" and port == 587,
                "timeout": 10,
            },
        }
    }


MAILERS = _mailers()
DEFAULT_FROM_EMAIL = ENV.from_email

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise serves from the finders; it only wants the folder.
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# The request body cap sits a little above the largest upload a form may carry.
DATA_UPLOAD_MAX_MEMORY_SIZE = ENV.max_upload_bytes * 5 + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

TOWNSQUARE = {
    "REGISTRATION_MODE": ENV.registration_mode,
    "MAX_POST_CHARS": ENV.max_post_chars,
    "FANOUT_THRESHOLD": ENV.fanout_threshold,
    "INLINE_AUDIENCE_LIMIT": ENV.inline_audience_limit,
    "HOME_CAP": ENV.home_cap,
    "MAX_UPLOAD_BYTES": ENV.max_upload_bytes,
    "MAX_IMAGE_PIXELS": 40_000_000,
    "MAX_ATTACHMENTS": 4,
    "IN_PROCESS_WORKER": ENV.run_worker_in_process,
    "PASSWORD_GRANT": ENV.password_grant,
}
# Bucket -> (requests, period in seconds); see core.ratelimit. Off for benchmarks only.
RATE_LIMITS = ENV.rate_limits
RATE_LIMITS_ENABLED = ENV.rate_limits_enabled
# How many of the newest matches a search ranks (the rest need before:/after: to reach).
TOWNSQUARE_SEARCH_RANK_WINDOW = ENV.search_rank_window

OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "SCOPES_BACKEND_CLASS": "townsquare.api.scopes.ApplicationScopes",
    "OAUTH2_VALIDATOR_CLASS": "townsquare.api.oauth.MastodonOAuth2Validator",
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https", "urn"],
    "ALLOWED_SCHEMES": ["http", "https"],
    # Mastodon clients don't always send PKCE, and tokens don't expire unless revoked.
    "PKCE_REQUIRED": False,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 10 * 365 * 24 * 3600,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 600,
    "REQUEST_APPROVAL_PROMPT": "auto",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    # django.tasks logs two INFO lines per task run, a measurable share of a small task.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}
