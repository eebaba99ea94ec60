"""The dataset generator: deterministic, well-formed, and skewed like a real network."""

from __future__ import annotations

import io
import json
import statistics
from collections import Counter

import pytest

from townsquare.bench import dataset

TINY = dataset.Size("tiny", people=60, posts=600, median_following=10)


def lines(size=TINY, seed=dataset.SEED):
    out = io.StringIO()
    dataset.write_dump(size, out, seed=seed)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_same_seed_gives_the_same_dump_and_another_seed_another():
    assert lines() == lines()
    assert lines() != lines(seed=dataset.SEED + 1)


def test_the_dump_starts_with_meta_and_has_the_size_it_names():
    records = lines()
    assert records[0] == {
        "type": "meta", "format": 1, "size": "tiny", "seed": dataset.SEED,
        "window_s": dataset.WINDOW_S, "people": 60, "posts": 600,
    }  # fmt: skip
    kinds = Counter(record["type"] for record in records)
    assert kinds["person"] == 60
    assert kinds["post"] == 600
    assert kinds["follow"] > 60 and kinds["like"] > 0 and kinds["boost"] > 0
    order = [record["type"] for record in records]
    firsts = [order.index(kind) for kind in ("meta", "person", "follow", "post", "like", "boost")]
    assert firsts == sorted(firsts)


def test_follows_are_distinct_never_of_oneself_and_skewed():
    size = dataset.SIZES["S"]
    follows = [(r["follower"], r["followee"]) for r in lines(size) if r["type"] == "follow"]
    assert len(follows) == len(set(follows))
    assert all(follower != followee for follower, followee in follows)
    followers = Counter(followee for _, followee in follows)
    in_degrees = [followers.get(person, 0) for person in range(size.people)]
    assert max(in_degrees) > 3 * statistics.median(in_degrees)
    out_degrees = Counter(follower for follower, _ in follows)
    assert 15 <= statistics.median(out_degrees.values()) <= 25  # S aims at a median of 20


def test_replies_likes_and_boosts_point_at_earlier_public_posts():
    records = lines()
    posts = {r["id"]: r for r in records if r["type"] == "post"}
    for record in records:
        if record["type"] == "post" and record["reply_to"] is not None:
            assert record["reply_to"] < record["id"]
        if record["type"] in {"like", "boost"}:
            target = posts[record["post"]]
            assert target["visibility"] == "public" and target["reply_to"] is None
            assert record["at"] >= target["at"]
    boosts = [(r["account"], r["post"]) for r in records if r["type"] == "boost"]
    assert len(boosts) == len(set(boosts))


def test_hashtags_appear_in_the_text_they_tag():
    for record in lines():
        if record["type"] == "post":
            for tag in record["tags"]:
                assert f"#{tag}" in record["text"]


@pytest.mark.parametrize("name", ["S", "M", "L", "celebrity"])
def test_every_size_of_the_issue_is_there(name):
    size = dataset.SIZES[name]
    expected = {"S": (200, 5_000), "M": (2_000, 50_000), "L": (20_000, 1_000_000)}
    assert (size.people, size.posts) == expected.get(name, expected["M"])


def test_the_celebrity_is_followed_by_about_half_of_everyone():
    size = dataset.Size("tiny-celebrity", people=200, posts=10, median_following=5,
                        celebrity_share=0.5)  # fmt: skip
    followers = Counter(r["followee"] for r in lines(size) if r["type"] == "follow")
    (_, count), (_, second) = followers.most_common(2)
    assert 0.4 * size.people <= count <= 0.6 * size.people
    assert second < count / 2
