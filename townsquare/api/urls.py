"""URLs of the API app: /api/..., /oauth/... and the OAuth metadata document."""

from django.urls import URLPattern, URLResolver, path

from townsquare.api.endpoints import api
from townsquare.api.views import nodeinfo, oauth

app_name = "api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", api.urls),
    path("oauth/authorize", oauth.AuthorizeView.as_view(), name="oauth_authorize"),
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
