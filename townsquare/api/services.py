"""Writes of the API app: registering client apps."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import (
    AbstractApplication,
    get_access_token_model,
    get_application_model,
)
from oauth2_provider.settings import oauth2_settings

from townsquare.accounts.models import Account
from townsquare.accounts.services import sign_up
from townsquare.api import scopes as scope_rules
from townsquare.api.models import ClientApp, Marker, MarkerTimeline
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


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A new access token; ``token`` is the only time it is seen in clear."""

    token: str
    scopes: str
    created: datetime


@transaction.atomic
def issue_token(*, application_id: int, account: Account, scopes: Sequence[str]) -> IssuedToken:
    """An access token for ``account`` through an app, as registration via the API gives."""
    raw = secrets.token_urlsafe(32)
    created = timezone.now()
    get_access_token_model().objects.create(
        user=account,
        application_id=application_id,
        token=raw,
        scope=" ".join(scopes),
        expires=created + timedelta(seconds=oauth2_settings.ACCESS_TOKEN_EXPIRE_SECONDS),
    )
    return IssuedToken(token=raw, scopes=" ".join(scopes), created=created)


@transaction.atomic
def save_markers(*, account: Account, positions: dict[str, int]) -> list[Marker]:
    """Remember where ``account`` stopped reading each named timeline (home, notifications)."""
    saved = []
    for timeline, last_read_id in positions.items():
        if timeline not in MarkerTimeline.values:
            raise ValidationFailed(f"Unknown timeline: {timeline[:50]}", field="timeline")
        marker, created = Marker.objects.select_for_update().get_or_create(
            account=account, timeline=timeline, defaults={"last_read_id": last_read_id}
        )
        if not created:
            marker.last_read_id = last_read_id
            marker.version += 1
            marker.updated_at = timezone.now()
            marker.save(update_fields=["last_read_id", "version", "updated_at"])
        saved.append(marker)
    return saved


@transaction.atomic
def register_account(
    *, application_id: int, scopes: Sequence[str], username: str, email: str, password: str
) -> IssuedToken:
    """Sign up through an app and give the new account a token, together or not at all."""
    account = sign_up(username=username, email=email, password=password)
    return issue_token(application_id=application_id, account=account, scopes=scopes)
