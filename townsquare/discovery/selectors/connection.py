"""How you are connected: the shortest chain of follows from you to someone else.

"You → Alice → Bob → Carol" means you follow Alice, Alice follows Bob and Bob follows
Carol. Only public connections are used. A follow is public unless one of its two ends is
private: locked (they approve followers, so who follows them is theirs to tell), opted
out of discovery, or deactivated. Your own follows are yours to see, so the viewer's end
never makes an edge private. Nobody you block or who blocks you appears in a chain, nor
as its end.

The search is bidirectional breadth-first: forward from you over "follows", backward
from them over "is followed by", always growing the smaller side, one query per level
and side. Each frontier is capped so a very connected graph (20k people, 1M follows)
answers in a bounded number of rows; past the cap, a longer chain may be reported or
none found, never a wrong one.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Q

from townsquare.accounts.models import Account
from townsquare.relationships.models import Follow
from townsquare.relationships.selectors import blocked_either_way_ids

MAX_STEPS = 6
# The most people one side explores per level, and the most edges one query reads.
MAX_FRONTIER = 2_000
MAX_EDGES = 50_000

type _Parents = dict[int, int | None]


def _public(prefix: str) -> Q:
    """Accounts whose connections may be shown (``prefix`` names the edge end)."""
    return Q(
        **{
            f"{prefix}__is_active": True,
            f"{prefix}__is_approved": True,
            f"{prefix}__is_locked": False,
            f"{prefix}__is_discoverable": True,
        }
    )


def _expand(
    frontier: Collection[int], *, forward: bool, viewer_id: int, banned: set[int]
) -> list[tuple[int, int]]:
    """(from, to) pairs one follow away from ``frontier``, in the side's direction."""
    near, far = ("follower", "followee") if forward else ("followee", "follower")
    edges = Follow.objects.filter(**{f"{near}_id__in": list(frontier)[:MAX_FRONTIER]})
    # Public when both ends are, and always when one end is the viewer: their own follows.
    edges = edges.filter(
        (_public(near) & _public(far))
        | Q(**{f"{near}_id": viewer_id})
        | Q(**{f"{far}_id": viewer_id})
    )
    pairs = edges.values_list(f"{near}_id", f"{far}_id")[:MAX_EDGES]
    return [(a, b) for a, b in pairs if b not in banned]


def _chain(meeting: int, ahead: _Parents, behind: _Parents) -> list[int]:
    path: list[int] = []
    node: int | None = meeting
    while node is not None:
        path.append(node)
        node = ahead[node]
    path.reverse()
    node = behind[meeting]
    while node is not None:
        path.append(node)
        node = behind[node]
    return path


def _shortest_meeting(ahead: _Parents, behind: _Parents) -> list[int] | None:
    """The shortest chain through a person both sides reached (some may be deeper)."""
    common = sorted(ahead.keys() & behind.keys())
    chains = [_chain(meeting, ahead, behind) for meeting in common]
    return min(chains, key=len) if chains else None


def connection_ids(viewer: Account, target: Account) -> list[int] | None:
    """Account ids from ``viewer`` to ``target`` (both included), or None past six steps."""
    if viewer.pk == target.pk:
        return [viewer.pk]
    banned = blocked_either_way_ids(viewer.pk)
    if target.pk in banned:
        return None
    ahead: _Parents = {viewer.pk: None}
    behind: _Parents = {target.pk: None}
    ahead_frontier, behind_frontier = [viewer.pk], [target.pk]
    for _step in range(MAX_STEPS):
        forward = len(ahead_frontier) <= len(behind_frontier)
        frontier, parents = (ahead_frontier, ahead) if forward else (behind_frontier, behind)
        new: list[int] = []
        for near, far in _expand(frontier, forward=forward, viewer_id=viewer.pk, banned=banned):
            if far not in parents:
                parents[far] = near
                new.append(far)
        chain = _shortest_meeting(ahead, behind)
        if chain is not None:
            return chain
        if not new:
            return None
        if forward:
            ahead_frontier = new
        else:
            behind_frontier = new
    return None


def connection(viewer: Account, target: Account) -> list[Account]:
    """The chain of accounts from ``viewer`` to ``target``; empty when there is none."""
    ids = connection_ids(viewer, target)
    if ids is None:
        return []
    accounts = Account.objects.in_bulk(ids)
    return [accounts[pk] for pk in ids]
