"""A service the API depends on is down: 503 with Retry-After and a JSON error, never a 500.

The outages are real: the database can't be opened, Redis is a port nothing listens on,
the disk fills up while writing.
"""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient, Client
from pytest_django.fixtures import Settings

from tests.api.conftest import ApiClientFactory, png_upload, token_for
from tests.api.streaming.conftest import communicator
from tests.outages import (
    assert_nothing_leaked,
    database_down,
    dead_redis_caches,
    dead_redis_url,
    full_disk_storages,
    stored_files,
)
from townsquare.accounts.models import Account
from townsquare.api.services import register_app
from townsquare.api.streaming.consumer import CLOSE_TRY_AGAIN_LATER
from townsquare.core import outages
from townsquare.media.models import MediaAttachment


def assert_unavailable(response: Any, message: str = outages.UNAVAILABLE_MESSAGE) -> None:
    assert response.status_code == 503, response.content
    assert response["Content-Type"] == "application/json"
    assert int(response["Retry-After"]) > 0
    assert response.json() == {"error": message}
    assert_nothing_leaked(response.content.decode())


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "path", ["/api/v1/timelines/home", "/api/v1/accounts/verify_credentials", "/api/v1/instance"]
)
def test_database_down_answers_503(alice: Account, path: str) -> None:
    client = Client(headers={"Authorization": f"Bearer {token_for(alice)}"})
    with database_down():
        response = client.get(path)
    assert_unavailable(response)


@pytest.mark.django_db(transaction=True)
def test_database_down_during_a_write_answers_503(alice: Account) -> None:
    client = Client(headers={"Authorization": f"Bearer {token_for(alice)}"})
    with database_down():
        response = client.post(
            "/api/v1/statuses", {"status": "hello"}, content_type="application/json"
        )
    assert_unavailable(response)


@pytest.mark.django_db(transaction=True)
def test_database_down_at_the_oauth_token_endpoint_answers_503_json(alice: Account) -> None:
    app = register_app(name="App", redirect_uris="urn:ietf:wg:oauth:2.0:oob", scopes="read")
    with database_down():
        response = Client().post(
            "/oauth/token",
            {
                "grant_type": "client_credentials",
                "client_id": app.client_app.application.client_id,
                "client_secret": app.client_secret,
            },
        )
    assert_unavailable(response)


@pytest.mark.django_db(transaction=True)
def test_database_down_refuses_a_stream_with_503(alice: Account) -> None:
    token = token_for(alice)
    with database_down():
        response = async_to_sync(AsyncClient().get)(f"/api/v1/streaming/user?access_token={token}")
    assert_unavailable(response)


@pytest.mark.django_db(transaction=True)
def test_database_down_refuses_a_websocket_with_try_again_later(alice: Account) -> None:
    token = token_for(alice)

    async def connect() -> dict[str, Any]:
        socket = communicator("stream=user", token=token)
        await socket.send_input({"type": "websocket.connect"})
        # Generous: PostgreSQL's pool waits a moment for a connection before giving up.
        answer: dict[str, Any] = await socket.receive_output(timeout=10)
        return answer

    with database_down():
        answer = async_to_sync(connect)()
    # Closed before accepting: the handshake is refused, with "try again later".
    assert (answer["type"], answer["code"]) == ("websocket.close", CLOSE_TRY_AGAIN_LATER)


def test_redis_down_answers_503(
    api_client: ApiClientFactory, alice: Account, settings: Settings
) -> None:
    client = api_client(alice)
    settings.CACHES = dead_redis_caches()
    response = client.get("/api/v1/timelines/home")
    assert_unavailable(response)


def test_redis_down_answers_503_from_a_view_using_the_cache(
    anonymous: Client, settings: Settings
) -> None:
    # Without rate limits the first use of the cache is inside the view.
    settings.RATE_LIMITS_ENABLED = False
    settings.CACHES = dead_redis_caches()
    assert_unavailable(anonymous.get("/api/v1/instance"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_channel_layer_down_refuses_a_stream_with_503(settings: Settings) -> None:
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [dead_redis_url()]},
        }
    }
    response = await AsyncClient().get("/api/v1/streaming/public")
    assert_unavailable(response)


def test_storage_full_refuses_an_upload_and_leaves_nothing(
    api_client: ApiClientFactory, alice: Account, settings: Settings, tmp_path: Any
) -> None:
    client = api_client(alice)
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = full_disk_storages(settings.STORAGES)
    response = client.post("/api/v2/media", {"file": png_upload()})
    assert_unavailable(response, outages.STORAGE_FULL_MESSAGE)
    assert not MediaAttachment.objects.exists()
    assert stored_files(tmp_path) == set()


def test_a_bug_is_still_a_500_not_a_503() -> None:
    # Only outages pass as 503: any other error stays a 500 so that it gets fixed.
    assert not outages.is_dependency_down(ValueError("a bug"))
    assert not outages.is_dependency_down(OSError(2, "No such file or directory"))
    assert outages.is_dependency_down(OSError(28, "No space left on device"))
