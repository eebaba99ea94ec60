"""Scheduling from the compose form, and the Scheduled posts page (all times in UTC)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tests.web.relationship_pages import client_for, page
from townsquare.accounts.models import Account
from townsquare.posts.models import Post, ScheduledPost
from townsquare.posts.services import schedule_post

pytestmark = pytest.mark.django_db


def typed(moment: datetime) -> str:
    """What a datetime-local input sends for ``moment`` read as UTC."""
    return f"{moment.astimezone(UTC):%Y-%m-%dT%H:%M}"


def in_a_day() -> datetime:
    return (timezone.now() + timedelta(days=1)).astimezone(UTC).replace(second=0, microsecond=0)


def test_the_compose_form_offers_a_utc_schedule(alice: Account) -> None:
    html = page(client_for(alice), "/compose")
    assert 'type="datetime-local"' in html
    assert "Schedule for (UTC)" in html
    assert 'href="/scheduled"' in html


def test_composing_with_a_time_schedules_instead_of_publishing(alice: Account) -> None:
    when = in_a_day()
    response = client_for(alice).post(
        "/compose",
        {"text": "tomorrow", "visibility": "public", "scheduled_at": typed(when)},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/scheduled"
    html = response.content.decode()
    assert f"Your post is scheduled for {when:%Y-%m-%d %H:%M} UTC." in html
    assert "tomorrow" in html
    assert not Post.objects.exists()
    assert ScheduledPost.objects.get().scheduled_at == when


def test_a_time_too_soon_is_a_form_error(alice: Account) -> None:
    response = client_for(alice).post(
        "/compose",
        {"text": "soon", "visibility": "public", "scheduled_at": typed(timezone.now())},
    )
    assert response.status_code == 400
    assert "at least 5 minutes in the future" in response.content.decode()
    assert not ScheduledPost.objects.exists()
    assert not Post.objects.exists()


def test_the_page_lists_reschedules_and_cancels(alice: Account) -> None:
    scheduled = schedule_post(author=alice, text="hello <b>later</b>", scheduled_at=in_a_day())
    client = client_for(alice)
    html = page(client, "/scheduled")
    assert "Times are in UTC" in html
    assert "hello &lt;b&gt;later&lt;/b&gt;" in html
    assert f"{scheduled.scheduled_at:%Y-%m-%d %H:%M} UTC" in html
    later = in_a_day() + timedelta(days=2)
    moved = client.post(
        f"/scheduled/{scheduled.pk}/reschedule", {"scheduled_at": typed(later)}, follow=True
    )
    assert f"Rescheduled for {later:%Y-%m-%d %H:%M} UTC." in moved.content.decode()
    scheduled.refresh_from_db()
    assert scheduled.scheduled_at == later
    refused = client.post(
        f"/scheduled/{scheduled.pk}/reschedule",
        {"scheduled_at": typed(timezone.now())},
        follow=True,
    )
    assert "at least 5 minutes" in refused.content.decode()
    cancelled = client.post(f"/scheduled/{scheduled.pk}/cancel", follow=True)
    assert "The scheduled post is cancelled." in cancelled.content.decode()
    assert not ScheduledPost.objects.exists()


def test_someone_elses_scheduled_post_is_404(alice: Account, bob: Account) -> None:
    scheduled = schedule_post(author=alice, text="mine", scheduled_at=in_a_day())
    client = client_for(bob)
    assert "mine" not in page(client, "/scheduled")
    later = {"scheduled_at": typed(in_a_day() + timedelta(days=1))}
    assert client.post(f"/scheduled/{scheduled.pk}/reschedule", later).status_code == 404
    assert client.post(f"/scheduled/{scheduled.pk}/cancel").status_code == 404
    assert ScheduledPost.objects.get().scheduled_at == scheduled.scheduled_at


def test_the_page_needs_signing_in() -> None:
    response = client_for().get("/scheduled")
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_a_scheduled_post_is_not_on_the_profile_or_home(alice: Account, bob: Account) -> None:
    schedule_post(author=alice, text="secret plan #launch", scheduled_at=in_a_day())
    for client in (client_for(alice), client_for(bob), client_for()):
        for url in ("/@alice", "/local", "/tags/launch", "/search?q=secret"):
            assert "secret plan" not in page(client, url), url
    assert "secret plan" not in page(client_for(alice), "/")
