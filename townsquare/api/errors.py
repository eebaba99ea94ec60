"""Every API error is JSON ``{"error": "<message>"}`` with the status QUALITY.md names.

Nothing a client sends may produce a 500 with a traceback, SQL, a path or a host name.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from townsquare.api.auth import OutsideScopes, Unauthorized
from townsquare.api.http import json_response
from townsquare.core import outages
from townsquare.core.errors import Forbidden, NotFound, RateLimited, ValidationFailed

logger = logging.getLogger(__name__)


def error_response(status: int, message: str, **headers: str) -> HttpResponse:
    response = json_response({"error": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def unavailable_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    """503 with ``Retry-After`` for a database, Redis or storage outage; logged in full here."""
    logger.error("Dependency unavailable on %s %s", request.method, request.path, exc_info=error)
    return error_response(
        503, outages.outage_message(error), Retry_After=str(outages.RETRY_AFTER_SECONDS)
    )


def _validation_message(error: ValidationError) -> str:
    parts = []
    for item in error.errors[:3]:
        location = ".".join(str(part) for part in item.get("loc", ())[1:] if part != "body")
        message = str(item.get("msg", "is invalid"))
        parts.append(f"{location}: {message}" if location else message)
    return "Validation failed: " + "; ".join(parts)


def install(api: NinjaAPI) -> None:
    """Register the handlers on the API object."""

    def handle(exception_type: type[Exception], status: int) -> None:
        def handler(request: HttpRequest, exc: Any) -> HttpResponse:
            return error_response(status, getattr(exc, "message", str(exc)))

        api.add_exception_handler(exception_type, handler)

    handle(Forbidden, 403)
    handle(OutsideScopes, 403)
    handle(Unauthorized, 401)
    handle(ValidationFailed, 422)

    def rate_limited(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(429, exc.message, Retry_After=str(exc.retry_after))

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(404, "Record not found")

    def invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(422, _validation_message(exc))

    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(401, "The access token is invalid")

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(exc.status_code, str(exc.message))

    def unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        if outages.is_dependency_down(exc):
            return unavailable_response(request, exc)
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(500, "Something went wrong on our side")

    api.add_exception_handler(RateLimited, rate_limited)
    # Mastodon clients match on this exact text; the domain's wording stays for the web.
    api.add_exception_handler(NotFound, not_found)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Exception, unexpected)
