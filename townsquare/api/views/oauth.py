"""OAuth 2 endpoints: authorize (with a consent page), token, revoke, and RFC 8414 metadata."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider import views as oauth_views

from townsquare.api import scopes as scope_rules
from townsquare.api.oauth import supported_grants
from townsquare.api.services import OOB
from townsquare.core import ratelimit
from townsquare.core.errors import RateLimited


class AuthorizeView(oauth_views.AuthorizationView):
    """The consent page; with the out-of-band redirect it shows the code instead of redirecting."""

    template_name = "api/authorize.html"

    def redirect(self, redirect_to: str, application: Any) -> HttpResponse:
        if redirect_to.startswith(OOB):
            query = parse_qs(urlsplit(redirect_to).query)
            context = {"code": query.get("code", [""])[0], "application": application}
            return render(self.request, "api/authorized_oob.html", context)
        return super().redirect(redirect_to, application)  # type: ignore[no-any-return]


@method_decorator(csrf_exempt, name="dispatch")
class TokenView(oauth_views.TokenView):
    """The token endpoint; adds Mastodon's ``created_at`` to a successful answer."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("grant_type") == "password":
            address = str(request.META.get("REMOTE_ADDR", ""))
            try:
                ratelimit.count_log_in_attempt(address, str(request.POST.get("username", "")))
            except RateLimited as error:
                refused = JsonResponse({"error": "Too many requests"}, status=429)
                refused["Retry-After"] = str(error.retry_after)
                return refused
        response: HttpResponse = super().post(request, *args, **kwargs)
        if response.status_code == 200:
            body = orjson.loads(response.content)
            body.setdefault("created_at", int(time.time()))
            response.content = orjson.dumps(body)
        return response


@method_decorator(csrf_exempt, name="dispatch")
class RevokeView(oauth_views.RevokeTokenView):
    """POST /oauth/revoke: always 200 for a known client, as RFC 7009 and Mastodon do."""


def authorization_server_metadata(request: HttpRequest) -> JsonResponse:
    """RFC 8414 metadata listing only what this server really supports."""
    base = f"{request.scheme}://{request.get_host()}"
    return JsonResponse(
        {
            "issuer": f"{base}/",
            "service_documentation": "https://docs.joinmastodon.org/",
            "authorization_endpoint": base + reverse("api:oauth_authorize"),
            "token_endpoint": base + reverse("api:oauth_token"),
            "revocation_endpoint": base + reverse("api:oauth_revoke"),
            "app_registration_endpoint": f"{base}/api/v1/apps",
            "scopes_supported": list(scope_rules.SCOPES),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "code_challenge_methods_supported": ["S256"],
            "grant_types_supported": list(
                supported_grants(password_grant=bool(settings.TOWNSQUARE["PASSWORD_GRANT"]))
            ),
            "token_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
            ],
        }
    )
