"""/api/v1/apps: register a client app and check its credentials."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.api.auth import Caller, Unauthorized, optional_caller
from townsquare.api.body import body_doc, parsed_body
from townsquare.api.http import json_response
from townsquare.api.models import ClientApp
from townsquare.api.schemas.application import AppIn, Application, CredentialApplication
from townsquare.api.selectors import client_app_by_id
from townsquare.api.services import register_app

router = Router(tags=["apps"])


def application_json(client_app: ClientApp) -> dict[str, Any]:
    uris = client_app.application.redirect_uris.split()
    return {
        "id": str(client_app.application_id),
        "name": client_app.application.name,
        "website": client_app.website or None,
        "scopes": client_app.scopes.split(),
        "redirect_uri": "\n".join(uris),
        "redirect_uris": uris,
        "vapid_key": "",
    }


@router.post(
    "/v1/apps", response={200: CredentialApplication}, auth=None, openapi_extra=body_doc(AppIn)
)
def create_app(request: HttpRequest) -> HttpResponse:
    body = parsed_body(request, AppIn)
    registered = register_app(
        name=body.client_name,
        redirect_uris=body.redirect_uris,
        scopes=body.scopes,
        website=body.website or "",
    )
    data = application_json(registered.client_app)
    data |= {
        "client_id": registered.client_app.application.client_id,
        "client_secret": registered.client_secret,
        "client_secret_expires_at": 0,
    }
    return json_response(data)


@router.get("/v1/apps/verify_credentials", response={200: Application}, auth=None)
def verify_app_credentials(request: HttpRequest) -> HttpResponse:
    caller: Caller = optional_caller(request)
    if caller.application_id is None:
        raise Unauthorized("The access token is invalid")
    return json_response(application_json(client_app_by_id(caller.application_id)))
