"""Turns domain errors that escape a view into the pages QUALITY.md asks for."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from townsquare.core.errors import Forbidden, NotFound, RateLimited


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
        return None

    def _page(self, request: HttpRequest, template: str, status: int, message: str) -> HttpResponse:
        response = TemplateResponse(request, template, {"message": message}, status=status)
        return response.render()
