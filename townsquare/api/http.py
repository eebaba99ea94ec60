"""JSON responses with orjson, and the Link header of paged lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import orjson
from django.http import HttpRequest, HttpResponse
from ninja.renderers import BaseRenderer

from townsquare.core.pagination import Page


def json_response(data: Any, *, status: int = 200) -> HttpResponse:
    return HttpResponse(orjson.dumps(data), status=status, content_type="application/json")


class OrjsonRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return orjson.dumps(data)


def link_header(request: HttpRequest, page: Page[Any]) -> str | None:
    """Mastodon's Link header: ``rel="next"`` (older, by max_id) first, then ``rel="prev"``."""
    if not page.items:
        return None
    base = f"{request.scheme}://{request.get_host()}{request.path}"
    kept = [
        (key, value)
        for key, values in request.GET.lists()
        if key not in {"max_id", "min_id", "since_id"}
        for value in values
    ]
    links = []
    if page.next_max_id is not None:
        links.append(f'<{base}?{urlencode([*kept, ("max_id", page.next_max_id)])}>; rel="next"')
    if page.prev_min_id is not None:
        links.append(f'<{base}?{urlencode([*kept, ("min_id", page.prev_min_id)])}>; rel="prev"')
    return ", ".join(links) or None


def paged_response(
    request: HttpRequest, page: Page[Any], items: Sequence[Mapping[str, Any]]
) -> HttpResponse:
    response = json_response(list(items))
    if link := link_header(request, page):
        response["Link"] = link
    return response
