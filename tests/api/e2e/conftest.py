"""End-to-end fixtures: a live server on loopback and clients nobody on the team wrote.

The server runs in a thread of the test process against the test database, so the
tests are transactional and tasks run inline (ImmediateBackend) before each response.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from mastodon import Mastodon

from tests.factories import PASSWORD
from townsquare.accounts.models import Account

OOB = "urn:ietf:wg:oauth:2.0:oob"
SCOPES = ["read", "write", "follow"]
# Generous: the machine is shared and a request may wait behind other people's tests.
TIMEOUT = 60

type MastodonFor = Callable[[Account], Mastodon]


@pytest.fixture
def server(live_server: Any, transactional_db: None) -> str:
    """The live server's base URL, e.g. ``http://localhost:38123``."""
    return str(live_server.url)


def register_app(server: str) -> tuple[str, str]:
    """Register a client app the way Mastodon.py does; returns (client_id, client_secret)."""
    client_id, client_secret = Mastodon.create_app(
        "Townsquare e2e",
        scopes=SCOPES,
        redirect_uris=OOB,
        api_base_url=server,
        request_timeout=TIMEOUT,
    )
    return str(client_id), str(client_secret)


def unauthenticated(server: str, client_id: str, client_secret: str) -> Mastodon:
    return Mastodon(
        client_id=client_id,
        client_secret=client_secret,
        api_base_url=server,
        request_timeout=TIMEOUT,
        ratelimit_method="throw",
    )


@pytest.fixture
def mastodon_for(server: str) -> MastodonFor:
    """``mastodon_for(alice)``: a Mastodon.py client logged in by password (e-mail as username)."""
    client_id, client_secret = register_app(server)

    def build(account: Account) -> Mastodon:
        client = unauthenticated(server, client_id, client_secret)
        client.log_in(username=account.email, password=PASSWORD, scopes=SCOPES, allow_http=True)
        return client

    return build
