"""Lists with nothing in them answer [] under the usual auth rules (a token, its scope)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account


@pytest.mark.parametrize("path", ["/api/v2/filters", "/api/v1/lists", "/api/v1/conversations"])
def test_private_empty_lists_need_a_token(
    api_client: ApiClientFactory, alice: Account, path: str
) -> None:
    assert api_client(alice).get(path).json() == []
    assert Client().get(path).status_code == 401
    assert api_client(alice, scopes="write").get(path).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/instance/peers", "/api/v1/trends/tags", "/api/v1/instance/rules"]
)
def test_public_empty_lists(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert response.json() == []
