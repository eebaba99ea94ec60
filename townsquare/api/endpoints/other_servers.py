"""Routes about other servers: the caller's blocked domains and this server's peers.

Until federation exists there are no other servers to list, so an empty list is the
true answer (with the usual auth rules), and clients that ask at start-up get it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.constants import NOT_SET

from townsquare.api.auth import caller_of, optional_viewer, require
from townsquare.api.http import json_response

router = Router(tags=["other servers"])

# (path, scope needed, or None for routes anonymous callers may use)
EMPTY_LISTS: tuple[tuple[str, str | None], ...] = (
    ("/v1/domain_blocks", "read:blocks"),
    ("/v1/instance/peers", None),
)


def _empty_list_view(scope: str | None) -> Callable[[HttpRequest], HttpResponse]:
    if scope is None:

        def public(request: HttpRequest) -> HttpResponse:
            optional_viewer(request, "read")
            return json_response([])

        return public

    def private(request: HttpRequest) -> HttpResponse:
        require(caller_of(request), scope)
        return json_response([])

    return private


for _path, _scope in EMPTY_LISTS:
    router.get(
        _path,
        response={200: list[dict[str, str]]},
        auth=None if _scope is None else NOT_SET,
        operation_id="list_" + _path.strip("/").replace("/", "_"),
    )(_empty_list_view(_scope))
