"""``bench fanout``: its own author and followers, a post through the API, arrival timed."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from townsquare.accounts.models import Account
from townsquare.bench import fanout_scale
from townsquare.relationships.models import Follow
from townsquare.timelines.models import TimelineEntry

pytestmark = pytest.mark.django_db(transaction=True)


def bench(url: str, *args: str) -> str:
    out = StringIO()
    call_command(
        "bench", "fanout", "--url", url, "--followers", "6", "--posters", "2",
        "--poster-followers", "3", "--rounds", "1", *args, stdout=out, stderr=StringIO(),
    )  # fmt: skip
    return out.getvalue()


def test_it_builds_the_author_posts_through_the_api_and_times_arrival(live_server, tmp_path):
    result = tmp_path / "fanout.json"
    text = bench(live_server.url, "--rate-seconds", "1", "--max-rate", "10", "--json", str(result))
    document = json.loads(result.read_text())
    author = Account.objects.get(username=fanout_scale.AUTHOR)
    assert author.followers_count == 6
    assert document["followers"] == 6
    [timing] = document["fanout"]
    assert not timing["merged_at_read_time"]
    assert timing["p100_s"] is not None
    # The timed post is in all six followers' homes.
    post_ids = TimelineEntry.objects.filter(owner=author).values_list("post_id", flat=True)
    assert TimelineEntry.objects.filter(post_id__in=post_ids).exclude(owner=author).count() == 6
    # The ramp posted as the posters, each followed by three people of the pool.
    assert [stage["rate"] for stage in document["posting_rate"]["stages"]][:1] == [10]
    assert document["posting_rate"]["mean_followers_of_posters"] == 3
    assert "Fan-out to 6 followers" in text


def test_running_it_again_reuses_the_people(live_server):
    bench(live_server.url)
    accounts, follows = Account.objects.count(), Follow.objects.count()
    bench(live_server.url)
    assert (Account.objects.count(), Follow.objects.count()) == (accounts, follows)


def test_the_default_author_is_the_biggest_still_fanned_out(settings):
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "FANOUT_THRESHOLD": 500}
    assert fanout_scale.default_followers() == 499
