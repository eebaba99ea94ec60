"""The web pages' middleware: domain errors that escape a view become the pages QUALITY.md
asks for, and the middleware only pages need lets API requests pass by."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth import middleware as auth
from django.contrib.messages import middleware as messages
from django.contrib.sessions import middleware as sessions
from django.http import HttpRequest, HttpResponse
from django.middleware import clickjacking, csrf
from django.template.loader import render_to_string
from django.template.response import TemplateResponse

from townsquare.core import body_limits, outages
from townsquare.core.errors import Forbidden, NotFound, RateLimited

logger = logging.getLogger(__name__)

# The JSON API's paths: it authenticates by token alone and never answers with a page.
API_PREFIX = "/api/"


class PagesOnly:
    """Mixin for a Django middleware that only web pages need: API requests pass it by.

    The API knows its caller from the token (``api.auth``), never from a cookie, so a
    session, a CSRF check, the session's user, flash messages and a frame policy mean
    nothing to it. Loading and saving them for every API request cost a tenth of a home
    timeline's CPU. Pass-through works in both of Django's modes: in async mode
    ``get_response`` returns the coroutine the handler awaits.
    """

    get_response: Callable[[HttpRequest], Any]

    def __call__(self, request: HttpRequest) -> Any:
        if request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        return super().__call__(request)  # type: ignore[misc]  # the Django middleware's


class SessionMiddleware(PagesOnly, sessions.SessionMiddleware):
    pass


class CsrfViewMiddleware(PagesOnly, csrf.CsrfViewMiddleware):
    """CSRF for pages; API views are exempt anyway, but their ``process_view`` still runs."""


class AuthenticationMiddleware(PagesOnly, auth.AuthenticationMiddleware):
    pass


class MessageMiddleware(PagesOnly, messages.MessageMiddleware):
    pass


class XFrameOptionsMiddleware(PagesOnly, clickjacking.XFrameOptionsMiddleware):
    pass


class DomainErrorMiddleware:
    """NotFound -> 404 page (the same for "missing" and "not yours to see"), Forbidden -> 403."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            return self._page(request, "web/errors/404.html", 404, "Not found")
        if isinstance(exception, Forbidden):
            return self._page(request, "web/errors/403.html", 403, exception.message)
        if isinstance(exception, RateLimited):
            response = self._page(request, "web/errors/429.html", 429, exception.message)
            response["Retry-After"] = str(exception.retry_after)
            return response
        if outages.is_dependency_down(exception):
            return unavailable_page(request, exception)
        return None

    def _page(self, request: HttpRequest, template: str, status: int, message: str) -> HttpResponse:
        response = TemplateResponse(request, template, {"message": message}, status=status)
        return response.render()


def unavailable_page(request: HttpRequest, error: BaseException) -> HttpResponse:
    """503 with ``Retry-After`` for a database, Redis or storage outage; logged in full here.

    Rendered without the request's context processors: they need the database.
    """
    logger.error("Dependency unavailable on %s %s", request.method, request.path, exc_info=error)
    context = {
        "message": outages.outage_message(error),
        "retry_after": outages.RETRY_AFTER_SECONDS,
    }
    response = HttpResponse(render_to_string("web/errors/503.html", context), status=503)
    response["Retry-After"] = str(outages.RETRY_AFTER_SECONDS)
    return response


class BodyLimitMiddleware:
    """A page body past its limit gets a 413 page before anything reads it (API paths excluded).

    It answers from ``__call__``, before any ``process_view`` (``CsrfViewMiddleware`` reads the
    form there to find its token); it sits after the auth middleware the page needs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        limit = body_limits.exceeded(
            request.path_info,
            request.META.get("CONTENT_TYPE", ""),
            request.META.get("CONTENT_LENGTH"),
        )
        if limit is None:
            return self.get_response(request)
        response = TemplateResponse(
            request, "web/errors/413.html", {"message": limit.message}, status=413
        )
        return response.render()
