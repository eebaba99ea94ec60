"""Reads of the social graph: who follows, blocks and mutes whom.

Lists of people come back newest edge first (the id of the follow, which is
time-sortable), annotated with ``edge_id`` so ``core.pagination.paginate(...,
key="edge_id")`` pages them. Expired mutes count as no mute everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Greatest
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.accounts.selectors import access_account
from townsquare.core import rows
from townsquare.core.errors import NotFound
from townsquare.relationships.models import Block, Endorsement, Follow, FollowRequest, Mute

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

type Viewer = Account | AnonymousUser | None


@dataclass(frozen=True, slots=True)
class Relationship:
    """How the viewer stands with one other account; everything False for anonymous viewers."""

    following: bool = False
    followed_by: bool = False
    requested: bool = False
    requested_by: bool = False
    blocking: bool = False
    blocked_by: bool = False
    muting: bool = False
    muting_notifications: bool = False
    endorsed: bool = False
    # The options of the viewer's follow (or pending request): boosts, posts, languages.
    showing_reblogs: bool = False
    notifying: bool = False
    languages: tuple[str, ...] | None = None


def active_mutes() -> QuerySet[Mute]:
    """Mutes that have not expired."""
    return Mute.objects.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))


def relationship(viewer: Viewer, target: Account) -> Relationship:
    """How ``viewer`` stands with ``target``; an empty Relationship for anonymous or self."""
    if not isinstance(viewer, Account) or viewer.pk == target.pk:
        return Relationship()
    return relationships_with(viewer, [target.pk])[target.pk]


def relationships_with(viewer: Account, target_ids: Iterable[int]) -> dict[int, Relationship]:
    """``relationship`` for many targets at once, in five queries (for lists of people)."""
    ids = set(target_ids) - {viewer.pk}
    if not ids:
        return {}
    follows, follow_options = _follow_edges(
        Follow.objects, "follower_id", "followee_id", viewer.pk, ids
    )
    requests, request_options = _follow_edges(
        FollowRequest.objects, "requester_id", "target_id", viewer.pk, ids
    )
    options = request_options | follow_options
    blocks = _pairs(Block.objects, "blocker_id", "blocked_id", viewer.pk, ids)
    mutes = dict(
        active_mutes()
        .filter(muter_id=viewer.pk, muted_id__in=ids)
        .values_list("muted_id", "hide_notifications")
    )
    endorsed = set(
        Endorsement.objects.filter(account_id=viewer.pk, target_id__in=ids).values_list(
            "target_id", flat=True
        )
    )
    me = viewer.pk
    return {
        target: Relationship(
            following=(me, target) in follows,
            followed_by=(target, me) in follows,
            requested=(me, target) in requests,
            requested_by=(target, me) in requests,
            blocking=(me, target) in blocks,
            blocked_by=(target, me) in blocks,
            muting=target in mutes,
            muting_notifications=mutes.get(target, False),
            endorsed=target in endorsed,
            **options.get(target, {}),
        )
        for target in ids
    }


def _pairs(
    manager: Any, source: str, destination: str, me: int, others: set[int]
) -> set[tuple[int, int]]:
    """The (source, destination) edges between ``me`` and ``others``, in both directions."""
    outgoing = Q(**{source: me, f"{destination}__in": others})
    incoming = Q(**{destination: me, f"{source}__in": others})
    return set(manager.filter(outgoing | incoming).values_list(source, destination))


def _follow_edges(
    manager: Any, source: str, destination: str, me: int, others: set[int]
) -> tuple[set[tuple[int, int]], dict[int, dict[str, Any]]]:
    """``_pairs`` for follows or requests, with the options of ``me``'s own by target."""
    outgoing = Q(**{source: me, f"{destination}__in": others})
    incoming = Q(**{destination: me, f"{source}__in": others})
    rows = manager.filter(outgoing | incoming).values_list(
        source, destination, "show_boosts", "notify", "languages"
    )
    pairs: set[tuple[int, int]] = set()
    options: dict[int, dict[str, Any]] = {}
    for from_id, to_id, show_boosts, notify, languages in rows:
        pairs.add((from_id, to_id))
        if from_id == me:
            options[to_id] = {
                "showing_reblogs": show_boosts,
                "notifying": notify,
                "languages": None if languages is None else tuple(languages),
            }
    return pairs, options


def is_following(follower_id: int, followee_id: int) -> bool:
    return Follow.objects.filter(follower_id=follower_id, followee_id=followee_id).exists()


def is_blocking(blocker_id: int, blocked_id: int) -> bool:
    return Block.objects.filter(blocker_id=blocker_id, blocked_id=blocked_id).exists()


def is_blocked_either_way(a_id: int, b_id: int) -> bool:
    return Block.objects.filter(
        Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)
    ).exists()


def is_muting_notifications(muter_id: int, muted_id: int) -> bool:
    """True if an active mute of ``muted_id`` also hides their notifications."""
    return (
        active_mutes()
        .filter(muter_id=muter_id, muted_id=muted_id, hide_notifications=True)
        .exists()
    )


def blocked_either_way_ids(viewer_id: int) -> set[int]:
    """Everyone the viewer blocks or is blocked by."""
    pairs = Block.objects.filter(Q(blocker_id=viewer_id) | Q(blocked_id=viewer_id)).values_list(
        "blocker_id", "blocked_id"
    )
    return {blocked if blocker == viewer_id else blocker for blocker, blocked in pairs}


def muted_account_ids(viewer_id: int) -> set[int]:
    """Everyone the viewer mutes, counting active mutes only."""
    return set(active_mutes().filter(muter_id=viewer_id).values_list("muted_id", flat=True))


def hidden_account_ids(viewer_id: int) -> set[int]:
    """Authors to leave out of the viewer's feeds: blocked either way, or muted."""
    return hidden_accounts(viewer_id).all


@dataclass(frozen=True, slots=True)
class HiddenAccounts:
    """Whom a viewer's feeds leave out, by kind: a block also hides boosts and threads."""

    blocked: frozenset[int]
    muted: frozenset[int]

    @property
    def all(self) -> set[int]:
        return set(self.blocked | self.muted)


def hidden_accounts(viewer_id: int) -> HiddenAccounts:
    """``blocked_either_way_ids`` and ``muted_account_ids`` in one round trip.

    Hand-written SQL: every page of every feed asks this, and building the two ORM queries
    costs more than running them.
    """
    sql, params = hidden_accounts_query(viewer_id)
    return hidden_from_rows(rows.fetch(sql, params))


def hidden_accounts_query(viewer_id: int) -> tuple[str, list[Any]]:
    """The statement of ``hidden_accounts``, with its params: rows of (kind, account id),
    kind ``blocked`` or ``muted``, for a caller that reads it in a UNION ALL with others.

    The mute part is ``active_mutes``'s rule; column names are Django's defaults.
    """
    block, mute = Block._meta.db_table, Mute._meta.db_table
    sql = (
        f"SELECT 'blocked', blocked_id FROM {block} WHERE blocker_id = %s "  # noqa: S608
        f"UNION ALL SELECT 'blocked', blocker_id FROM {block} WHERE blocked_id = %s "
        f"UNION ALL SELECT 'muted', muted_id FROM {mute} "
        "WHERE muter_id = %s AND (expires_at IS NULL OR expires_at > %s)"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    return sql, [viewer_id, viewer_id, viewer_id, now]


def hidden_from_rows(found: Iterable[Sequence[Any]]) -> HiddenAccounts:
    """``HiddenAccounts`` from rows of (kind, account id); kinds other than ``blocked``
    and ``muted`` are passed over."""
    blocked: set[int] = set()
    muted: set[int] = set()
    for kind, account_id in found:
        if kind == "blocked":
            blocked.add(int(account_id))
        elif kind == "muted":
            muted.add(int(account_id))
    return HiddenAccounts(blocked=frozenset(blocked), muted=frozenset(muted))


def followers_of(account: Account) -> QuerySet[Account]:
    """Active accounts following ``account``, newest follow first."""
    return (
        Account.objects.filter(following_edges__followee=account, is_active=True)
        .annotate(edge_id=F("following_edges__id"))
        .order_by("-edge_id")
    )


def following_of(account: Account) -> QuerySet[Account]:
    """Active accounts ``account`` follows, newest follow first."""
    return (
        Account.objects.filter(follower_edges__follower=account, is_active=True)
        .annotate(edge_id=F("follower_edges__id"))
        .order_by("-edge_id")
    )


def friends_of(account: Account) -> QuerySet[Account]:
    """Active accounts that follow ``account`` and are followed back, newest friendship first."""
    return (
        Account.objects.filter(
            following_edges__followee=account, follower_edges__follower=account, is_active=True
        )
        # A friendship starts when the second of the two follows happens.
        .annotate(edge_id=Greatest(F("following_edges__id"), F("follower_edges__id")))
        .order_by("-edge_id")
    )


def endorsed_by(account: Account) -> QuerySet[Account]:
    """Active accounts ``account`` features on their profile, newest first."""
    return (
        Account.objects.filter(endorsements_received__account=account, is_active=True)
        .annotate(edge_id=F("endorsements_received__id"))
        .order_by("-edge_id")
    )


def pending_requests(target: Account) -> QuerySet[FollowRequest]:
    """Follow requests waiting for ``target``'s answer, newest first, with the requester."""
    return (
        FollowRequest.objects.filter(target=target, requester__is_active=True)
        .select_related("requester")
        .order_by("-id")
    )


def pending_request_count(target_id: int) -> int:
    """How many of ``pending_requests`` wait, hand-written: every ``verify_credentials``
    asks, and compiling the count cost more than answering it."""
    requests, accounts = FollowRequest._meta.db_table, Account._meta.db_table
    sql = (
        f"SELECT count(*) FROM {requests} r JOIN {accounts} a ON a.id = r.requester_id"  # noqa: S608 (our own names)
        " WHERE r.target_id = %s AND a.is_active"
    )
    found = rows.fetch_one(sql, [target_id])
    return int(found[0]) if found else 0


def blocks_by(account: Account) -> QuerySet[Block]:
    """The blocks ``account`` made, newest first, with the blocked account."""
    return Block.objects.filter(blocker=account).select_related("blocked").order_by("-id")


def mutes_by(account: Account) -> QuerySet[Mute]:
    """``account``'s active mutes, newest first, with the muted account."""
    return active_mutes().filter(muter=account).select_related("muted").order_by("-id")


def access_account_for(viewer: Viewer, username: str) -> Account:
    """The account called ``username``; NotFound if missing or blocked in either direction."""
    account = access_account(username)
    if isinstance(viewer, Account) and is_blocked_either_way(viewer.pk, account.pk):
        raise NotFound()
    return account


def familiar_followers(viewer: Account, target_ids: Iterable[int]) -> dict[int, list[Account]]:
    """For each target, the active accounts ``viewer`` follows who follow that target.

    The same few queries whatever the number of targets: the viewer's hidden accounts
    (blocked either way, muted), then the follows from the viewer's followees to the
    targets, with their accounts, ordered by account id.
    """
    wanted = list(dict.fromkeys(target_ids))
    found: dict[int, list[Account]] = {target: [] for target in wanted}
    if not wanted:
        return found
    hidden = hidden_account_ids(viewer.pk)
    edges = (
        Follow.objects.filter(
            followee_id__in=wanted,
            follower__follower_edges__follower=viewer,
            follower__is_active=True,
            follower__is_approved=True,
        )
        .exclude(follower_id__in=hidden | {viewer.pk})
        .select_related("follower")
        .order_by("followee_id", "follower_id")
    )
    for edge in edges:
        found[edge.followee_id].append(edge.follower)
    return found
