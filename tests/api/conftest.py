"""API fixtures: a test client carrying a real Bearer token from a registered app."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from townsquare.accounts.models import Account
from townsquare.api.services import issue_token, register_app

OOB = "urn:ietf:wg:oauth:2.0:oob"
type ApiClientFactory = Callable[..., Client]


def token_for(account: Account, scopes: str = "read write follow") -> str:
    """A token from a freshly registered app that asked for every top-level scope."""
    registered = register_app(
        name="Test client", redirect_uris=OOB, scopes="read write follow push"
    )
    issued = issue_token(
        application_id=registered.client_app.application_id,
        account=account,
        scopes=scopes.split(),
    )
    return issued.token


@pytest.fixture
def api_client(db: None) -> ApiClientFactory:
    """``api_client(alice, scopes="read")``: a Client sending alice's Bearer token."""

    def build(account: Account, scopes: str = "read write follow", **extra: Any) -> Client:
        return Client(headers={"Authorization": f"Bearer {token_for(account, scopes)}"}, **extra)

    return build


@pytest.fixture
def anonymous(db: None) -> Client:
    return Client()


def png_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def png_upload(name: str = "picture.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def link_urls(response: Any) -> dict[str, str]:
    """The Link header as {rel: url}."""
    found: dict[str, str] = {}
    for part in response.headers.get("Link", "").split(","):
        if ";" in part:
            url, rel = part.split(";", 1)
            found[rel.strip().removeprefix('rel="').removesuffix('"')] = url.strip()[1:-1]
    return found


def path_of(url: str) -> str:
    """A Link URL as a path the test client can get."""
    return url.removeprefix("http://testserver")
