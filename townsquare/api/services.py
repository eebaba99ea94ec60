"""Writes of the API app: registering client apps."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AbstractApplication, get_application_model

from townsquare.api import scopes as scope_rules
from townsquare.api.models import ClientApp
from townsquare.core.errors import ValidationFailed

OOB = "urn:ietf:wg:oauth:2.0:oob"
MAX_NAME_CHARS = 200


@dataclass(frozen=True, slots=True)
class RegisteredApp:
    """The new app; ``client_secret`` is the only time the secret is seen in clear."""

    client_app: ClientApp
    client_secret: str


def _redirect_uris(value: str | list[str]) -> list[str]:
    uris = value.split() if isinstance(value, str) else [uri.strip() for uri in value]
    uris = [uri for uri in uris if uri]
    if not uris:
        raise ValidationFailed("redirect_uris can't be blank", field="redirect_uris")
    for uri in uris:
        if uri != OOB and ("://" not in uri or "#" in uri or len(uri) > 2000):
            raise ValidationFailed(
                f"{uri[:100]!r} is not a valid redirect URI", field="redirect_uris"
            )
        if uri.lower().startswith(("javascript:", "data:", "vbscript:")):
            raise ValidationFailed("That redirect URI scheme is not allowed", field="redirect_uris")
    return uris


@transaction.atomic
def register_app(
    *, name: str, redirect_uris: str | list[str], scopes: str = "read", website: str = ""
) -> RegisteredApp:
    """Register a client app as POST /api/v1/apps does."""
    name = name.strip()
    if not name:
        raise ValidationFailed("client_name can't be blank", field="client_name")
    if len(name) > MAX_NAME_CHARS:
        raise ValidationFailed(
            f"client_name can be at most {MAX_NAME_CHARS} characters", field="client_name"
        )
    requested = scope_rules.parse(scopes) or list(scope_rules.DEFAULT_SCOPES)
    if bad := scope_rules.unknown(requested):
        raise ValidationFailed(f"Unknown scope: {' '.join(bad)[:100]}", field="scopes")
    secret = generate_client_secret()
    application = get_application_model().objects.create(
        name=name,
        redirect_uris=" ".join(_redirect_uris(redirect_uris)),
        client_type=AbstractApplication.CLIENT_CONFIDENTIAL,
        authorization_grant_type=AbstractApplication.GRANT_AUTHORIZATION_CODE,
        client_secret=secret,
        skip_authorization=False,
    )
    client_app = ClientApp.objects.create(
        application=application, website=website.strip()[:2000], scopes=" ".join(requested)
    )
    return RegisteredApp(client_app=client_app, client_secret=secret)
