"""GET /api/v1/instance/activity: twelve weeks of posts, active people and sign-ups."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from django.test import Client

from townsquare.accounts.models import Account
from townsquare.api.schemas.instance import WeeklyActivity
from townsquare.posts.selectors import weekly_activity
from townsquare.posts.services import boost, publish_post

pytestmark = pytest.mark.django_db


def test_the_last_twelve_weeks_come_newest_first_as_strings(
    anonymous: Client, alice: Account, bob: Account
) -> None:
    publish_post(author=alice, text="one")
    publish_post(author=alice, text="two")
    shared = publish_post(author=bob, text="three")
    boost(account=alice, post=shared)

    response = anonymous.get("/api/v1/instance/activity")

    assert response.status_code == 200
    weeks = [WeeklyActivity.model_validate(week) for week in response.json()]
    assert len(weeks) == 12
    starts = [int(week.week) for week in weeks]
    assert starts == sorted(starts, reverse=True)
    assert all(newer - older == 7 * 86400 for newer, older in pairwise(starts))
    monday = datetime.fromtimestamp(starts[0], tz=UTC)
    assert (monday.weekday(), monday.hour, monday.minute) == (0, 0, 0)
    assert (weeks[0].statuses, weeks[0].logins, weeks[0].registrations) == ("3", "2", "2")
    assert all(week.statuses == "0" for week in weeks[1:])


def test_older_activity_lands_in_its_own_week(alice: Account) -> None:
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)  # a Thursday
    publish_post(author=alice, text="last week", published_at=now - timedelta(days=7))

    weeks = weekly_activity(weeks=3, now=now)

    assert [week.starts_at for week in weeks] == [
        datetime(2026, 11, 23, tzinfo=UTC),
        datetime(2026, 11, 16, tzinfo=UTC),
        datetime(2026, 11, 9, tzinfo=UTC),
    ]
    assert [week.posts for week in weeks] == [0, 1, 0]
