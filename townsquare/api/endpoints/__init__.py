"""The API object: every router, the error handlers and the OpenAPI document."""

from __future__ import annotations

from ninja import NinjaAPI

from townsquare import __version__
from townsquare.api import errors
from townsquare.api.auth import BearerToken
from townsquare.api.endpoints import (
    account_extras,
    accounts,
    announcements,
    apps,
    conversations,
    discovery,
    endorsements,
    featured_tags,
    filters,
    instance,
    lists,
    markers,
    media,
    notifications,
    notifications_v2,
    other_servers,
    polls,
    relationships,
    scheduled_statuses,
    search,
    status_actions,
    statuses,
    tags,
    timelines,
)
from townsquare.api.http import OrjsonRenderer

api = NinjaAPI(
    title="Townsquare API",
    version=__version__,
    description="The Mastodon client API, plus Townsquare's own endpoints.",
    renderer=OrjsonRenderer(),
    auth=BearerToken(),
    urls_namespace="api:mastodon",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", apps.router)
api.add_router("", instance.router)
# Fixed paths (/accounts/relationships) before the ones taking an id.
api.add_router("", relationships.router)
api.add_router("", account_extras.router)
api.add_router("", accounts.router)
api.add_router("", statuses.router)
api.add_router("", status_actions.router)
api.add_router("", timelines.router)
api.add_router("", notifications.router)
api.add_router("", notifications_v2.router)
api.add_router("", media.router)
api.add_router("", markers.router)
api.add_router("", search.router)
api.add_router("", tags.router)
api.add_router("", lists.router)
api.add_router("", conversations.router)
api.add_router("", polls.router)
api.add_router("", scheduled_statuses.router)
api.add_router("", featured_tags.router)
api.add_router("", endorsements.router)
api.add_router("", filters.router)
api.add_router("", announcements.router)
api.add_router("", discovery.router)
api.add_router("", other_servers.router)
