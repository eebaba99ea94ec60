"""Web pages: your scheduled posts, to move to another time or cancel.

Times are shown and typed in UTC: a browser's datetime-local input carries no zone and
accounts have no time zone setting, so the page says which zone it means.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from townsquare.core.errors import ValidationFailed
from townsquare.core.pagination import PageRequest, paginate
from townsquare.posts.models import ScheduledPost, Visibility
from townsquare.posts.selectors import access_scheduled_post, scheduled_posts_of
from townsquare.posts.services import cancel_scheduled_post, reschedule_post
from townsquare.web.views.viewer import signed_in

PER_PAGE = 20
LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class RescheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label="New time (UTC)",
        input_formats=[LOCAL_INPUT, "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )

    def clean_scheduled_at(self) -> datetime:
        """The typed wall-clock time read as UTC, whatever zone Django has active."""
        value: datetime = self.cleaned_data["scheduled_at"]
        return timezone.make_naive(value).replace(tzinfo=UTC)


def _entry(scheduled: ScheduledPost) -> dict[str, object]:
    params = scheduled.params
    return {
        "scheduled": scheduled,
        "at_utc": scheduled.scheduled_at.astimezone(UTC),
        "input_value": f"{scheduled.scheduled_at.astimezone(UTC):{LOCAL_INPUT}}",
        "text": params.get("text", ""),
        "spoiler_text": params.get("spoiler_text", ""),
        "visibility": Visibility(params.get("visibility", "public")).label,
        "poll_options": (params.get("poll") or {}).get("options", []),
        "images": [attachment.media for attachment in scheduled.attachments.all()],
    }


@login_required
@require_safe
def scheduled_posts(request: HttpRequest) -> HttpResponse:
    """Your scheduled posts, most recently scheduled first, each with Reschedule and Cancel."""
    viewer = signed_in(request)
    page_request = PageRequest.from_params(request.GET, default_limit=PER_PAGE)
    page = paginate(scheduled_posts_of(viewer), page_request)
    has_more = len(page.items) >= page_request.limit and page.next_max_id is not None
    context = {
        "entries": [_entry(item) for item in page.items],
        "next_max_id": page.next_max_id if has_more else None,
        "now_utc": timezone.now().astimezone(UTC),
    }
    return render(request, "web/posts/scheduled.html", context)


@login_required
@require_POST
def scheduled_post_reschedule(request: HttpRequest, scheduled_id: int) -> HttpResponse:
    """POST: move a scheduled post to the time typed (UTC)."""
    viewer = signed_in(request)
    scheduled = access_scheduled_post(scheduled_id, owner=viewer)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a date and time to reschedule to.")
        return redirect("web:scheduled_posts")
    try:
        moved = reschedule_post(
            author=viewer, scheduled_post=scheduled, scheduled_at=form.cleaned_data["scheduled_at"]
        )
    except ValidationFailed as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Rescheduled for {moved.scheduled_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC."
        )
    return redirect("web:scheduled_posts")


@login_required
@require_POST
def scheduled_post_cancel(request: HttpRequest, scheduled_id: int) -> HttpResponse:
    """POST: drop a scheduled post; its images are freed."""
    viewer = signed_in(request)
    scheduled = access_scheduled_post(scheduled_id, owner=viewer)
    cancel_scheduled_post(author=viewer, scheduled_post=scheduled)
    messages.success(request, "The scheduled post is cancelled.")
    return redirect("web:scheduled_posts")


urlpatterns: list[URLPattern] = [
    path("scheduled", scheduled_posts, name="scheduled_posts"),
    path(
        "scheduled/<int:scheduled_id>/reschedule",
        scheduled_post_reschedule,
        name="scheduled_post_reschedule",
    ),
    path(
        "scheduled/<int:scheduled_id>/cancel", scheduled_post_cancel, name="scheduled_post_cancel"
    ),
]
