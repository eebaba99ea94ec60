"""How you are connected: shortest public chains of follows, and what never appears in one."""

from __future__ import annotations

import itertools

import pytest

from tests.discovery.conftest import MakePeople
from townsquare.accounts.models import Account
from townsquare.discovery.selectors.connection import connection, connection_ids
from townsquare.relationships.models import Follow
from townsquare.relationships.services import block

pytestmark = pytest.mark.django_db


def _chain(*people: Account) -> None:
    """Each follows the next."""
    Follow.objects.bulk_create(
        Follow(follower=a, followee=b) for a, b in itertools.pairwise(people)
    )


def _names(viewer: Account, target: Account) -> list[str]:
    return [account.username for account in connection(viewer, target)]


def test_direct_follow_is_one_step(alice: Account, bob: Account) -> None:
    _chain(alice, bob)
    assert _names(alice, bob) == ["alice", "bob"]


def test_follows_have_a_direction(alice: Account, bob: Account) -> None:
    _chain(bob, alice)
    assert _names(alice, bob) == []


def test_the_shortest_chain_wins(people: MakePeople) -> None:
    you, a, b, c, d, target = people("you", "a", "b", "c", "d", "target")
    _chain(you, a, b, c, target)
    _chain(you, d, target)

    assert _names(you, target) == ["you", "d", "target"]


def test_a_chain_found_where_both_sides_meet_at_uneven_depths(people: MakePeople) -> None:
    you, a, b, c, d, e, target = people("you", "a", "b", "c", "d", "e", "target")
    # The backward side fans out widely before the forward side is reached.
    _chain(you, a, b, target)
    for other in (c, d, e):
        _chain(other, target)

    assert _names(you, target) == ["you", "a", "b", "target"]


def test_six_steps_but_not_seven(people: MakePeople) -> None:
    chain = people(*(f"p{i}" for i in range(8)))
    _chain(*chain)

    assert len(connection(chain[0], chain[6])) == 7  # six follows
    assert connection(chain[0], chain[7]) == []
    assert connection_ids(chain[0], chain[7]) is None


def test_no_path(alice: Account, bob: Account, carol: Account) -> None:
    _chain(alice, carol)
    assert _names(alice, bob) == []


def test_yourself(alice: Account) -> None:
    assert _names(alice, alice) == ["alice"]


@pytest.mark.parametrize("direction", ["viewer_blocks", "blocks_viewer"])
def test_blocked_people_never_appear(people: MakePeople, direction: str) -> None:
    you, blocky, other, target = people("you", "blocky", "other", "target")
    _chain(you, blocky, target)
    if direction == "viewer_blocks":
        block(blocker=you, blocked=blocky)
        # The block removed your follow; a path through someone else to blocky is banned too.
        _chain(you, other, blocky)
    else:
        block(blocker=blocky, blocked=you)
        _chain(you, other, blocky)

    assert _names(you, target) == []
    assert _names(you, blocky) == []


def test_a_detour_around_a_blocked_person(people: MakePeople) -> None:
    you, blocky, detour, target = people("you", "blocky", "detour", "target")
    _chain(you, blocky, target)
    _chain(you, detour, target)
    block(blocker=blocky, blocked=you)

    assert _names(you, target) == ["you", "detour", "target"]


@pytest.mark.parametrize("private", ["is_locked", "is_discoverable", "is_active"])
def test_private_people_are_never_in_the_middle(people: MakePeople, private: str) -> None:
    you, hidden, target = people("you", "hidden", "target")
    _chain(you, hidden, target)
    setattr(hidden, private, private == "is_locked")  # locked: True; the others: False
    hidden.save(update_fields=[private])

    assert _names(you, target) == []


def test_a_locked_person_shows_only_your_own_follow(people: MakePeople) -> None:
    you, friend, locked = people("you", "friend", "locked")
    locked.is_locked = True
    locked.save(update_fields=["is_locked"])
    _chain(you, friend, locked)

    assert _names(you, locked) == []  # who follows a locked account is theirs to tell
    _chain(you, locked)
    assert _names(you, locked) == ["you", "locked"]


def test_a_locked_viewer_still_sees_their_own_chain(people: MakePeople) -> None:
    you, friend, target = people("you", "friend", "target")
    you.is_locked = True
    you.save(update_fields=["is_locked"])
    _chain(you, friend, target)

    assert _names(you, target) == ["you", "friend", "target"]


def test_a_wide_graph_stays_correct(people: MakePeople) -> None:
    you, target = people("you", "target")
    crowd = people(*(f"c{i}" for i in range(60)))
    for person in crowd:  # everyone follows everyone in the crowd's first half
        Follow.objects.bulk_create(
            [Follow(follower=person, followee=other) for other in crowd[:30] if other != person]
        )
    _chain(you, crowd[0])
    _chain(crowd[45], target)
    _chain(crowd[29], crowd[45])

    assert _names(you, target) == ["you", "c0", "c29", "c45", "target"]
