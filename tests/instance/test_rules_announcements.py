"""Server rules and announcements: services, what readers see, read marks, reactions, admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.instance import services
from townsquare.instance.models import Announcement, AnnouncementReaction, Rule
from townsquare.instance.selectors import (
    access_announcement,
    announcements_for,
    server_rules,
)

pytestmark = pytest.mark.django_db


def test_rules_keep_their_order() -> None:
    first = services.create_rule(text="Be kind")
    second = services.create_rule(text="No spam", hint="Ads included")
    assert [rule.text for rule in server_rules()] == ["Be kind", "No spam"]
    services.update_rule(rule=second, order=first.order - 1)
    assert [rule.text for rule in server_rules()] == ["No spam", "Be kind"]
    services.delete_rule(rule=first)
    assert [rule.hint for rule in server_rules()] == ["Ads included"]


@pytest.mark.parametrize(
    ("text", "hint", "message"),
    [(" ", "", "needs a text"), ("x" * 301, "", "at most 300"), ("ok", "h" * 1001, "at most 1000")],
)
def test_bad_rules_are_refused(text: str, hint: str, message: str) -> None:
    with pytest.raises(ValidationFailed, match=message):
        services.create_rule(text=text, hint=hint)
    assert not Rule.objects.exists()


def test_announcement_text_is_rendered_safely() -> None:
    made = services.create_announcement(text="Maintenance <script>x</script> see https://ex.ample")
    assert "<script>" not in made.content_html
    assert '<a href="https://ex.ample"' in made.content_html
    assert made.published_at is not None


def test_announcements_need_text_and_a_sane_span() -> None:
    with pytest.raises(ValidationFailed, match="needs a text"):
        services.create_announcement(text="  ")
    now = timezone.now()
    with pytest.raises(ValidationFailed, match="can't end before it starts"):
        services.create_announcement(text="x", starts_at=now, ends_at=now - timedelta(hours=1))
    assert not Announcement.objects.exists()


def test_only_published_unended_announcements_show(alice: Account) -> None:
    shown = services.create_announcement(text="Hello")
    services.create_announcement(text="Draft", is_published=False)
    services.create_announcement(
        text="Over",
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=1),
    )
    assert [view.announcement.pk for view in announcements_for(alice.pk)] == [shown.pk]
    draft = Announcement.objects.get(text="Draft")
    with pytest.raises(NotFound):
        access_announcement(draft.pk)
    services.update_announcement(announcement=draft, text="Draft", is_published=True)
    assert access_announcement(draft.pk).published_at is not None


def test_dismissing_marks_read_for_that_reader_only(alice: Account, bob: Account) -> None:
    made = services.create_announcement(text="Hello")
    services.dismiss_announcement(announcement=made, account_id=alice.pk)
    services.dismiss_announcement(announcement=made, account_id=alice.pk)  # twice is fine
    [for_alice] = announcements_for(alice.pk)
    [for_bob] = announcements_for(bob.pk)
    assert (for_alice.is_read, for_bob.is_read) == (True, False)
    assert announcements_for(alice.pk, include_read=False) == []
    assert len(announcements_for(bob.pk, include_read=False)) == 1


def test_reactions_are_counted_once_per_reader(alice: Account, bob: Account) -> None:
    made = services.create_announcement(text="Hello")
    services.add_announcement_reaction(announcement=made, account_id=alice.pk, name="🎉")
    services.add_announcement_reaction(announcement=made, account_id=alice.pk, name="🎉")
    services.add_announcement_reaction(announcement=made, account_id=bob.pk, name="🎉")
    services.add_announcement_reaction(announcement=made, account_id=bob.pk, name="👍🏽")
    [view] = announcements_for(alice.pk)
    assert [(r.name, r.count, r.is_mine) for r in view.reactions] == [
        ("🎉", 2, True),
        ("👍🏽", 1, False),
    ]
    services.remove_announcement_reaction(announcement=made, account_id=bob.pk, name="🎉")
    [view] = announcements_for(bob.pk)
    assert [(r.name, r.count, r.is_mine) for r in view.reactions] == [
        ("🎉", 1, False),
        ("👍🏽", 1, True),
    ]


@pytest.mark.parametrize("name", ["", "abc", "<b>", "🎉" * 20, "1"])
def test_reactions_must_be_emoji(alice: Account, name: str) -> None:
    made = services.create_announcement(text="Hello")
    with pytest.raises(ValidationFailed, match="not a recognized emoji"):
        services.add_announcement_reaction(announcement=made, account_id=alice.pk, name=name)
    assert not AnnouncementReaction.objects.exists()


def _admin_client() -> Client:
    client = Client()
    client.force_login(AccountFactory.create(username="boss", is_staff=True, is_superuser=True))
    return client


def test_admin_edits_rules_and_announcements_through_the_services() -> None:
    client = _admin_client()
    response = client.post(
        "/admin/instance/rule/add/", {"text": "  Be kind  ", "hint": "", "order": "0"}
    )
    assert response.status_code == 302
    assert Rule.objects.get().text == "Be kind"  # cleaned by the service
    response = client.post(
        "/admin/instance/announcement/add/",
        {"text": "Hi https://ex.ample", "is_published": "on"},
    )
    assert response.status_code == 302
    made = Announcement.objects.get()
    assert "<a " in made.content_html and made.published_at is not None
    response = client.post(f"/admin/instance/announcement/{made.pk}/change/", {"text": "Changed"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.content_html, made.is_published) == ("<p>Changed</p>", False)
    assert made.published_at is None
