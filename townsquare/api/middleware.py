"""API paths answer with and without a trailing slash, never redirect, and are rate limited."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from townsquare.api.errors import error_response, unavailable_response
from townsquare.api.http import json_response
from townsquare.core import body_limits, outages, ratelimit


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
        try:
            usage = ratelimit.closest(self._hits(request, path))
        except Exception as error:
            # The counters live in the cache: with Redis gone, say so rather than 500.
            if not outages.is_dependency_down(error):
                raise
            return unavailable_response(request, error)
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


class ApiBodyMiddleware:
    """Refuses an API body past its size limit with 413, before anything reads it.

    (A body in an encoding the API doesn't read is refused with 415 by ``api.body``, once
    a route actually reads it: routes without a body ignore it, as Mastodon does.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith("/api/"):
            limit = body_limits.exceeded(
                path, request.META.get("CONTENT_TYPE", ""), request.META.get("CONTENT_LENGTH")
            )
            if limit is not None:
                return error_response(413, limit.message)
        return self.get_response(request)


# Paths answering JSON outside the ninja API (streams, OAuth tokens, discovery documents).
_JSON_PREFIXES = ("/api/", "/oauth/token", "/oauth/revoke", "/.well-known/", "/nodeinfo/")


class ApiUnavailableMiddleware:
    """A database, Redis or storage outage in a JSON view answers 503 JSON, not a 500 page.

    The ninja API has its own handler (``api.errors``); this covers the plain views. It sits
    last in ``MIDDLEWARE`` so it sees the exception before the web pages' handler does.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path_info.startswith(_JSON_PREFIXES) and outages.is_dependency_down(exception):
            return unavailable_response(request, exception)
        return None
