"""The floor: a minimal Django view returning a prebuilt timeline body, nothing else.

``bench load`` serves this module exactly as ``townsquare serve`` serves a plain request
(uvicorn, the same ``core.dispatch`` to Django's WSGI handler on as many web threads,
same logging) and measures it in the same run, so every result can be read as a share of
what Django itself can do on this machine today. The body is the real server's own
20-status page, read from the file named by ``BENCH_FLOOR_BODY``; the thread count comes
from ``BENCH_FLOOR_THREADS`` (the harness passes its ``TOWNSQUARE_WEB_THREADS``).

Run it only as its own process: it configures Django for itself on import.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.asgi import get_asgi_application
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

from townsquare.core.dispatch import DEFAULT_WEB_THREADS, serving_application

BODY_ENV = "BENCH_FLOOR_BODY"
THREADS_ENV = "BENCH_FLOOR_THREADS"
_BODY = Path(os.environ[BODY_ENV]).read_bytes() if BODY_ENV in os.environ else b"[]"


def timeline(request: HttpRequest) -> HttpResponse:
    """The prebuilt page, as a timeline endpoint would answer it."""
    return HttpResponse(_BODY, content_type="application/json")


urlpatterns = [path("", timeline)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-floor-has-no-secrets",  # noqa: S106 (no sessions, no signing)
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["*"],
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_TZ=True,
)
# Django's two handlers alone, for other servers (``bench serving`` compares them).
asgi_application = get_asgi_application()
wsgi_application = get_wsgi_application()
# What ``townsquare serve`` runs, around the floor's view.
application = serving_application(
    wsgi=wsgi_application,
    asgi=asgi_application,
    threads=int(os.environ.get(THREADS_ENV, DEFAULT_WEB_THREADS)),
)
