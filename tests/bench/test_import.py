"""``bench seed`` then ``bench import``: the dump arrives whole, counted and in people's homes."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from oauth2_provider.models import AccessToken

from townsquare.accounts.models import Account
from townsquare.core.ids import id_time
from townsquare.posts.models import Hashtag, Like, Post, PostHashtag
from townsquare.relationships.models import Follow
from townsquare.timelines.models import TimelineEntry

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_seed_s_then_import_it(tmp_path, capsys):
    dump, tokens = tmp_path / "s.jsonl", tmp_path / "s.tokens"
    call_command("bench", "seed", "--size", "S", "--out", str(dump))
    records = [json.loads(line) for line in dump.read_text().splitlines()]
    kinds = Counter(record["type"] for record in records)

    call_command("bench", "import", str(dump), "--tokens", str(tokens))

    assert Account.objects.count() == kinds["person"] == 200
    assert Follow.objects.count() == kinds["follow"]
    assert Post.objects.filter(reblog_of__isnull=True).count() == kinds["post"] == 5_000
    assert Post.objects.filter(reblog_of__isnull=False).count() == kinds["boost"]
    assert Like.objects.count() == kinds["like"]
    tagged = sum(len(record.get("tags", [])) for record in records)
    assert PostHashtag.objects.count() == tagged and Hashtag.objects.filter(name="topic0").exists()
    # Counters are set as the services would have left them.
    follows = Counter(record["followee"] for record in records if record["type"] == "follow")
    top = next(
        r for r in records if r["type"] == "person" and r["id"] == follows.most_common(1)[0][0]
    )
    assert (
        Account.objects.get(username=top["username"]).followers_count
        == follows.most_common(1)[0][1]
    )
    assert (
        sum(Account.objects.values_list("posts_count", flat=True)) == kinds["post"] + kinds["boost"]
    )
    assert sum(Post.objects.values_list("likes_count", flat=True)) == kinds["like"]
    # Ids carry the item's own time, and every home has something in it.
    post = Post.objects.order_by("?")[0]
    assert abs((id_time(post.id) - post.created_at).total_seconds()) < 1
    assert TimelineEntry.objects.values("owner_id").distinct().count() == 200
    lines = tokens.read_text().split()
    assert len(lines) == 200 and AccessToken.objects.filter(token__in=lines).count() == 200
    assert "bench-password" in capsys.readouterr().out


def test_importing_twice_is_refused(tmp_path):
    dump = tmp_path / "tiny.jsonl"
    dump.write_text(
        '{"type":"meta","size":"tiny","window_s":100,"people":1,"posts":0}\n'
        '{"type":"person","id":0,"username":"bench000000","at":1}\n'
    )
    call_command("bench", "import", str(dump), "--tokens", str(tmp_path / "t"))
    assert Account.objects.filter(username="bench000000").exists()

    with pytest.raises(CommandError, match="already holds a benchmark dataset"):
        call_command("bench", "import", str(dump), "--tokens", str(tmp_path / "t"))
