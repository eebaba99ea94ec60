"""Voting in a poll as a plain POST form.

Without JavaScript it answers with a redirect back to ``next`` (a refusal as a message);
with htmx it answers with the poll partial alone, showing the results or the refusal.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from townsquare.core.errors import ValidationFailed
from townsquare.posts.selectors import access_poll, poll_view
from townsquare.posts.services import vote
from townsquare.web.templatetags.posts import post_url
from townsquare.web.views.viewer import is_htmx, next_url, signed_in


@require_POST
def poll_vote(request: HttpRequest, poll_id: int) -> HttpResponse:
    """POST ``choices`` (option numbers): vote, then go back (or re-render the poll for htmx)."""
    if not request.user.is_authenticated:
        response = redirect_to_login(next_url(request, "/"))
        if is_htmx(request):
            return HttpResponse(status=204, headers={"HX-Redirect": response["Location"]})
        return response
    voter = signed_in(request)
    poll = access_poll(poll_id, viewer=voter)  # NotFound: the 404 page
    error = ""
    try:
        vote(voter=voter, poll_id=poll.id, choices=_choices(request))
    except ValidationFailed as refusal:
        error = refusal.message
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, "Your vote is counted.")
        return redirect(next_url(request, post_url(poll.post)))
    poll = access_poll(poll.id, viewer=voter)
    context = {
        "shown": poll.post,
        "polls_by_id": {poll.post_id: poll_view(voter, poll)},
        "back": next_url(request, post_url(poll.post)),
        "poll_error": error,
    }
    return render(request, "web/posts/_poll.html", context)


def _choices(request: HttpRequest) -> list[int]:
    """The option numbers chosen; one that isn't a number counts as out of range."""
    chosen = []
    for raw in request.POST.getlist("choices"):
        try:
            chosen.append(int(raw))
        except ValueError:
            chosen.append(-1)
    return chosen
