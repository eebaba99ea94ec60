"""GET /live: the streams of the signed-in web visitor, as server-sent events.

The web pages use it for live updates (new posts on home, the notifications badge,
new messages in a conversation). It is the Mastodon ``user`` and ``direct`` streams
authenticated by the session cookie instead of a token, through the same
``StreamSession``, so every event is checked against what the viewer may see exactly
as for API clients. Only the viewer's own events are sent, and an EventSource from
another origin sends no cookie unless CORS allows it, which it doesn't here.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from townsquare.accounts.models import Account
from townsquare.api.streaming.delivery import remember_loop
from townsquare.api.streaming.groups import CHANGES_GROUP
from townsquare.api.streaming.session import StreamSession
from townsquare.api.streaming.sse import event_stream

# What a signed-in web session may read: everything of its own, as a full-scope token.
WEB_SCOPES = ("read",)
WEB_STREAMS = ("user", "direct")


async def live(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The viewer's home, notification and conversation events; 401 without a session."""
    remember_loop()
    viewer = await request.auser()
    if not isinstance(viewer, Account) or not viewer.is_active:
        return HttpResponse("Log in to follow live updates.", status=401, content_type="text/plain")
    session = StreamSession(viewer=viewer, scopes=WEB_SCOPES, request=request)
    groups = [CHANGES_GROUP]
    for stream in WEB_STREAMS:
        group = await session.subscribe(stream)
        if group is not None:
            groups.append(group)
    return await event_stream(request, session, groups)
