"""What ``resolve`` means without federation: a link or address naming this server.

A client pastes ``https://this.host/@alice/123`` to open a post, or ``@alice@this.host``
(``acct:alice@this.host``, ``alice@this.host``) to open a profile. Each resolves to the
local post or account when the viewer may see it, and to nothing otherwise, the same as
if it didn't exist. Addresses of other servers resolve to nothing: there is no remote
lookup to do.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from townsquare.accounts.models import Account
from townsquare.accounts.selectors import account_by_username
from townsquare.core.errors import NotFound
from townsquare.posts.models import Post
from townsquare.posts.querysets import Viewer, signed_in
from townsquare.posts.selectors import access_post
from townsquare.relationships.selectors import is_blocked_either_way

_LOCAL_PATH = re.compile(r"^/@([A-Za-z0-9_]{1,30})(?:/(\d{1,19}))?/?$")
_ADDRESS = re.compile(r"^(?:acct:)?@?([A-Za-z0-9_]{1,30})@([A-Za-z0-9.:\-\[\]]{1,255})$", re.I)


def is_url(query: str) -> bool:
    return query.lower().startswith(("http://", "https://"))


def is_address(query: str) -> bool:
    """``user@host`` in one of its spellings (any host)."""
    return _ADDRESS.match(query.strip()) is not None


def _visible_account(username: str, viewer: Viewer) -> Account | None:
    account = account_by_username(username)
    me = signed_in(viewer)
    if account is None or (me is not None and is_blocked_either_way(me.pk, account.pk)):
        return None
    return account


def resolve_url(query: str, *, host: str, viewer: Viewer) -> Account | Post | None:
    """The account or post a link to this server names, if the viewer may see it."""
    try:
        parts = urlsplit(query.strip())
    except ValueError:
        return None
    if parts.netloc.lower() != host.lower():
        return None
    match = _LOCAL_PATH.match(parts.path)
    if match is None:
        return None
    account = _visible_account(match.group(1), viewer)
    if account is None or match.group(2) is None:
        return account
    try:
        post = access_post(int(match.group(2)), viewer=viewer)
    except NotFound:
        return None
    return post if post.author_id == account.pk else None


def resolve_address(query: str, *, host: str, viewer: Viewer) -> Account | None:
    """The local account ``user@host`` names, if ``host`` is this server."""
    match = _ADDRESS.match(query.strip())
    # "alice@localhost" names the server reached at localhost:8000 too.
    names = {host.lower(), host.lower().rsplit(":", 1)[0]}
    if match is None or match.group(2).lower() not in names:
        return None
    return _visible_account(match.group(1), viewer)
