"""/api/v1/polls: read a poll and vote in it; a poll is visible only with its post."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.api.auth import caller_of, optional_viewer, require
from townsquare.api.body import body_doc, parsed_body
from townsquare.api.http import json_response
from townsquare.api.schemas.poll import Poll, VoteIn
from townsquare.api.selectors import object_id
from townsquare.api.serializers.polls import poll_json
from townsquare.posts.selectors import access_poll, poll_view
from townsquare.posts.services import vote

router = Router(tags=["polls"])


@router.get("/v1/polls/{poll_id}", response={200: Poll}, auth=None)
def get_poll(request: HttpRequest, poll_id: str) -> HttpResponse:
    viewer = optional_viewer(request, "read:statuses")
    poll = access_poll(object_id(poll_id), viewer=viewer)
    return json_response(poll_json(poll_view(viewer, poll)))


@router.post("/v1/polls/{poll_id}/votes", response={200: Poll}, openapi_extra=body_doc(VoteIn))
def vote_in_poll(request: HttpRequest, poll_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:statuses")
    poll = access_poll(object_id(poll_id), viewer=me)  # 404 before any complaint about the body
    body = parsed_body(request, VoteIn)
    poll = vote(voter=me, poll_id=poll.id, choices=body.choices)
    return json_response(poll_json(poll_view(me, access_poll(poll.id, viewer=me))))
