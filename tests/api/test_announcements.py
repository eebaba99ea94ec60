"""Server rules and announcements over the API: shapes, read marks, dismiss, reactions."""

from __future__ import annotations

from django.test import Client
from pydantic import TypeAdapter

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.announcement import Announcement
from townsquare.api.schemas.instance import Instance, Rule, V1Instance
from townsquare.instance import services

announcements = TypeAdapter(list[Announcement])
rules = TypeAdapter(list[Rule])


def test_rules_in_their_own_route_and_the_instance(db: None) -> None:
    services.create_rule(text="No spam")
    first = services.create_rule(text="Be kind", hint="Really", order=-1)
    listed = rules.validate_python(Client().get("/api/v1/instance/rules").json())
    assert [(r.id, r.text, r.hint) for r in listed] == [
        (str(first.id), "Be kind", "Really"),
        (listed[1].id, "No spam", ""),
    ]
    v2 = Instance.model_validate(Client().get("/api/v2/instance").json())
    assert [rule.text for rule in v2.rules] == ["Be kind", "No spam"]
    v1 = V1Instance.model_validate(Client().get("/api/v1/instance").json())
    assert [rule.text for rule in v1.rules] == ["Be kind", "No spam"]


def test_announcements_read_dismiss_and_react(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    made = services.create_announcement(text="Hello #all, see https://ex.ample")
    services.create_announcement(text="Draft", is_published=False)
    client = api_client(alice)
    [shown] = announcements.validate_python(client.get("/api/v1/announcements").json())
    assert shown.id == str(made.id)
    assert shown.read is False
    assert shown.published and not shown.all_day
    assert '<a href="https://ex.ample"' in shown.content
    assert shown.reactions == []

    assert client.post(f"/api/v1/announcements/{made.id}/dismiss").json() == {}
    assert client.put(f"/api/v1/announcements/{made.id}/reactions/🎉").json() == {}
    api_client(bob).put(f"/api/v1/announcements/{made.id}/reactions/🎉")
    [after] = announcements.validate_python(client.get("/api/v1/announcements").json())
    assert after.read is True
    assert [(r.name, r.count, r.me) for r in after.reactions] == [("🎉", 2, True)]
    [for_bob] = announcements.validate_python(api_client(bob).get("/api/v1/announcements").json())
    assert for_bob.read is False

    assert client.delete(f"/api/v1/announcements/{made.id}/reactions/🎉").json() == {}
    [again] = client.get("/api/v1/announcements").json()
    assert again["reactions"] == [{"name": "🎉", "count": 1, "me": False}]
    bad = client.put(f"/api/v1/announcements/{made.id}/reactions/nope")
    assert bad.status_code == 422
    assert "emoji" in bad.json()["error"]


def test_missing_or_draft_announcements_are_404(
    api_client: ApiClientFactory, alice: Account
) -> None:
    draft = services.create_announcement(text="Draft", is_published=False)
    client = api_client(alice)
    for path in [
        f"/api/v1/announcements/{draft.id}/dismiss",
        "/api/v1/announcements/999999/dismiss",
        "/api/v1/announcements/nope/dismiss",
    ]:
        assert client.post(path).status_code == 404
    assert client.put(f"/api/v1/announcements/{draft.id}/reactions/🎉").status_code == 404


def test_announcements_need_a_user_token(api_client: ApiClientFactory, alice: Account) -> None:
    made = services.create_announcement(text="Hello")
    assert Client().get("/api/v1/announcements").status_code == 401
    assert Client().post(f"/api/v1/announcements/{made.id}/dismiss").status_code == 401
    read_only = api_client(alice, scopes="read")
    assert read_only.post(f"/api/v1/announcements/{made.id}/dismiss").status_code == 403
    assert read_only.put(f"/api/v1/announcements/{made.id}/reactions/🎉").status_code == 403
