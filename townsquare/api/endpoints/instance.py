"""/api/v1/instance, /api/v2/instance, custom emojis and the caller's preferences."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router

from townsquare.accounts.models import Account
from townsquare.accounts.selectors import visible_accounts
from townsquare.api.auth import caller_of, optional_caller, require
from townsquare.api.http import json_response
from townsquare.api.schemas.instance import Instance, Preferences, V1Instance, WeeklyActivity
from townsquare.api.serializers.instance import InstanceFacts, instance_v1_json, instance_v2_json
from townsquare.instance.selectors import (
    instance_settings,
    max_post_chars,
    registration_mode,
    server_rules,
)
from townsquare.posts.models import Post
from townsquare.posts.selectors import weekly_activity

router = Router(tags=["instance"])

STATS_CACHE_KEY = "api:instance:stats:v1"
# Counting every post on each request would cost a table scan; a few minutes old is fine.
STATS_CACHE_SECONDS = 300
ACTIVE_WINDOW = timedelta(days=28)
ACTIVITY_CACHE_KEY = "api:instance:activity:v1"
ACTIVITY_WEEKS = 12


def _stats() -> tuple[int, int, int]:
    cached = cache.get(STATS_CACHE_KEY)
    if isinstance(cached, tuple) and len(cached) == 3:
        return cached
    accounts = visible_accounts()
    since = timezone.now() - ACTIVE_WINDOW
    stats = (
        accounts.count(),
        accounts.filter(last_posted_at__gte=since).count(),
        Post.objects.filter(reblog_of__isnull=True, author__is_active=True).count(),
    )
    cache.set(STATS_CACHE_KEY, stats, STATS_CACHE_SECONDS)
    return stats


def instance_facts() -> InstanceFacts:
    users, active, statuses = _stats()
    contact: Account | None = (
        visible_accounts().filter(is_staff=True).order_by("date_joined", "id").first()
    )
    return InstanceFacts(
        settings=instance_settings(),
        registration_mode=registration_mode(),
        max_post_chars=max_post_chars(),
        user_count=users,
        active_month=active,
        status_count=statuses,
        contact=contact,
        rules=server_rules(),
    )


@router.get("/v2/instance", response={200: Instance}, auth=None)
def instance_v2(request: HttpRequest) -> HttpResponse:
    optional_caller(request)
    return json_response(instance_v2_json(instance_facts(), request))


@router.get("/v1/instance", response={200: V1Instance}, auth=None)
def instance_v1(request: HttpRequest) -> HttpResponse:
    optional_caller(request)
    return json_response(instance_v1_json(instance_facts(), request))


@router.get("/v1/instance/activity", response={200: list[WeeklyActivity]}, auth=None)
def instance_activity(request: HttpRequest) -> HttpResponse:
    """The last 12 weeks, this one first. ``logins`` counts the people who posted that
    week: a log-in history isn't kept, and posting is the activity it stands for."""
    optional_caller(request)
    weeks = cache.get(ACTIVITY_CACHE_KEY)
    if not isinstance(weeks, list):
        weeks = [
            {
                "week": str(int(week.starts_at.timestamp())),
                "statuses": str(week.posts),
                "logins": str(week.active_accounts),
                "registrations": str(week.sign_ups),
            }
            for week in weekly_activity(weeks=ACTIVITY_WEEKS)
        ]
        cache.set(ACTIVITY_CACHE_KEY, weeks, STATS_CACHE_SECONDS)
    return json_response(weeks)


@router.get("/v1/custom_emojis", response={200: list[dict[str, str]]}, auth=None)
def custom_emojis(request: HttpRequest) -> HttpResponse:
    return json_response([])


@router.get("/v1/preferences", response={200: Preferences})
def preferences(request: HttpRequest) -> HttpResponse:
    require(caller_of(request), "read:accounts")
    return json_response(
        {
            "posting:default:visibility": "public",
            "posting:default:sensitive": False,
            "posting:default:language": None,
            "reading:expand:media": "default",
            "reading:expand:spoilers": False,
        }
    )
