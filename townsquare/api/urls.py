"""URLs of the API app: /api/..., /oauth/... and the OAuth metadata document."""

from django.urls import URLPattern, URLResolver, path

from townsquare.api.endpoints import api
from townsquare.api.streaming import live, sse
from townsquare.api.views import nodeinfo, oauth
from townsquare.core.urls import IndexedResolver

app_name = "api"

# Server-sent-event paths and the stream each one watches (the WebSocket is in asgi.py).
SSE_STREAMS = {
    "user": "user",
    "user/notification": "user:notification",
    "public": "public",
    "public/local": "public:local",
    "public/remote": "public:remote",
    "hashtag": "hashtag",
    "hashtag/local": "hashtag:local",
    "list": "list",
    "direct": "direct",
}

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/streaming/health", sse.health, name="streaming_health"),
    # The signed-in web visitor's own streams, authenticated by the session cookie.
    path("live", live.live, name="live"),
    *(
        path(f"api/v1/streaming/{route}", sse.stream, {"stream": stream})
        for route, stream in SSE_STREAMS.items()
    ),
    path("api/v1/streaming/<path:rest>", sse.unknown),
    IndexedResolver(path("api/", api.urls)),
    path("oauth/authorize", oauth.AuthorizeView.as_view(), name="oauth_authorize"),
    # toot's browser log-in asks for /oauth/authorize/?...; answer it rather than 404.
    path("oauth/authorize/", oauth.AuthorizeView.as_view(), name="oauth_authorize_slash"),
    path("oauth/token", oauth.TokenView.as_view(), name="oauth_token"),
    path("oauth/revoke", oauth.RevokeView.as_view(), name="oauth_revoke"),
    path(
        ".well-known/oauth-authorization-server",
        oauth.authorization_server_metadata,
        name="oauth_metadata",
    ),
    path(".well-known/nodeinfo", nodeinfo.discovery, name="nodeinfo_discovery"),
    path("nodeinfo/2.0", nodeinfo.nodeinfo, name="nodeinfo"),
]
