"""API paths answer with and without a trailing slash, never redirect, and are rate limited."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from townsquare.api.http import json_response
from townsquare.core import ratelimit


class ApiPathMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith("/api/") and path.endswith("/") and len(path) > len("/api/"):
            request.path_info = path.rstrip("/")
        return self.get_response(request)


# Stricter buckets on top of ``api``: (method, path, bucket, counted per address?).
_STRICTER: tuple[tuple[str, re.Pattern[str], str, bool], ...] = (
    ("POST", re.compile(r"/api/v1/statuses"), "statuses", False),
    ("POST", re.compile(r"/api/v[12]/media"), "media", False),
    ("POST", re.compile(r"/api/v1/accounts"), "sign_up", True),
)
# Streams are long-lived connections, not requests to count.
_EXEMPT = ("/api/v1/streaming",)


class RateLimitMiddleware:
    """Counts API requests per token (per address without one), as Mastodon does.

    Every API answer, success or error, carries ``X-RateLimit-*`` for the limit the
    caller is closest to; past it the answer is 429 with ``Retry-After``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if not path.startswith("/api/") or path.startswith(_EXEMPT) or not ratelimit.is_enabled():
            return self.get_response(request)
        usage = ratelimit.closest(self._hits(request, path))
        if usage.is_exceeded:
            response = json_response({"error": "Too many requests"}, status=429)
            response["Retry-After"] = str(usage.retry_after)
        else:
            response = self.get_response(request)
        for name, value in usage.headers().items():
            response[name] = value
        return response

    def _hits(self, request: HttpRequest, path: str) -> list[ratelimit.Usage]:
        address = "address:" + str(request.META.get("REMOTE_ADDR", ""))
        kind, _, token = request.headers.get("Authorization", "").partition(" ")
        caller = "token:" + token.strip() if kind.lower() == "bearer" and token.strip() else address
        usages = [ratelimit.hit("api", caller)]
        for method, pattern, bucket, is_per_address in _STRICTER:
            if request.method == method and pattern.fullmatch(path):
                usages.append(ratelimit.hit(bucket, address if is_per_address else caller))
        return usages
