"""The API object: every router, the error handlers and the OpenAPI document."""

from __future__ import annotations

from ninja import NinjaAPI

from townsquare import __version__
from townsquare.api import errors
from townsquare.api.auth import BearerToken
from townsquare.api.endpoints import apps
from townsquare.api.http import OrjsonRenderer

api = NinjaAPI(
    title="Townsquare API",
    version=__version__,
    description="The Mastodon client API, plus Townsquare's own endpoints.",
    renderer=OrjsonRenderer(),
    auth=BearerToken(),
    urls_namespace="mastodon",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", apps.router)
