"""The Mastodon streaming API: a multiplexed WebSocket and per-stream server-sent events.

Domain events (a post fanned out, a notification created, a post edited or deleted) are
turned into channel-layer group messages by ``subscribers``; each connection keeps a
``session.StreamSession`` that re-checks every message against what its viewer may see
and renders it with the API serializers before it leaves the server.
"""
