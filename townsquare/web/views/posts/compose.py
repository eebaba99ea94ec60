"""Writing a post or a reply: the form, the uploads and publishing, all or nothing."""

from __future__ import annotations

import logging
from datetime import UTC
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from townsquare.accounts.models import Account
from townsquare.core import outages
from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.media.models import MediaAttachment
from townsquare.media.services import delete_media, upload_image
from townsquare.posts.models import Post, ScheduledPost
from townsquare.posts.selectors import access_post
from townsquare.posts.services import publish_post, schedule_post
from townsquare.web.forms.posts import ComposeForm, ImageUpload
from townsquare.web.templatetags.posts import post_url
from townsquare.web.views.viewer import flags_by_id, polls_by_id, signed_in

logger = logging.getLogger(__name__)


@login_required
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest) -> HttpResponse:
    """GET: an empty form (a reply to ``?in_reply_to=<id>``); POST: publish, then show it."""
    author = signed_in(request)
    if request.method == "POST":
        form = ComposeForm(request.POST, request.FILES)
        if form.is_valid():
            parent = _parent(form.cleaned_data.get("in_reply_to"), author)
            post = _publish(form, author=author, parent=parent)
            if isinstance(post, ScheduledPost):
                when = f"{post.scheduled_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
                messages.success(request, f"Your post is scheduled for {when}.")
                return redirect("web:scheduled_posts")
            if post is not None:
                messages.success(request, "Your post is published.")
                return redirect(post_url(post))
        else:
            parent = _parent(_as_id(request.POST.get("in_reply_to")), author)
    else:
        parent = _parent(_as_id(request.GET.get("in_reply_to")), author)
        form = ComposeForm(initial=_reply_initial(parent, author))
    context: dict[str, Any] = {"form": form, "parent": parent}
    if parent is not None:
        context["flags_by_id"] = flags_by_id(request, [parent])
        context["polls_by_id"] = polls_by_id(request, [parent])
    return render(request, "web/posts/compose.html", context, status=400 if form.errors else 200)


def _publish(
    form: ComposeForm, *, author: Account, parent: Post | None
) -> Post | ScheduledPost | None:
    """Upload every image, then publish (or schedule, with a time); a refusal becomes a
    form error and leaves nothing.

    The uploads are not inside the post's transaction: ``media.services.upload_image``
    decodes outside one so SQLite's write lock isn't held for it, and it couldn't remove
    its files if an enclosing transaction rolled back. So each upload commits on its
    own, and if any image or the post is refused the uploads are deleted again through
    ``delete_media`` (row now, files once that commits).
    """
    uploaded: list[MediaAttachment] = []
    blamed: ImageUpload | None = None
    post: Post | ScheduledPost | None = None
    try:
        for upload in form.uploads():
            blamed = upload
            uploaded.append(
                upload_image(owner=author, file=upload.file, description=upload.description)
            )
        blamed = None
        if form.cleaned_data.get("scheduled_at") is not None:
            post = _schedule(form, author=author, parent=parent, media=uploaded)
        else:
            post = publish_post(
                author=author,
                text=form.cleaned_data["text"],
                visibility=form.cleaned_data["visibility"],
                spoiler_text=form.cleaned_data["spoiler_text"],
                is_sensitive=form.cleaned_data["is_sensitive"],
                in_reply_to=parent,
                media=uploaded,
                poll=form.poll_spec(),
            )
    except ValidationFailed as error:
        form.add_error(_field_to_blame(form, error, blamed), error.message)
    except OSError as error:
        if not outages.is_storage_full(error):
            raise
        logger.error("Storage full while uploading an image", exc_info=error)
        form.add_error(blamed.file_field if blamed else None, outages.STORAGE_FULL_MESSAGE)
    finally:
        if post is None:
            for media in uploaded:
                delete_media(media=media)
    return post


def _schedule(
    form: ComposeForm, *, author: Account, parent: Post | None, media: list[MediaAttachment]
) -> ScheduledPost:
    return schedule_post(
        author=author,
        scheduled_at=form.cleaned_data["scheduled_at"],
        text=form.cleaned_data["text"],
        visibility=form.cleaned_data["visibility"],
        spoiler_text=form.cleaned_data["spoiler_text"],
        is_sensitive=form.cleaned_data["is_sensitive"],
        in_reply_to=parent,
        media=media,
        poll=form.poll_spec(),
    )


def _field_to_blame(
    form: ComposeForm, error: ValidationFailed, blamed: ImageUpload | None
) -> str | None:
    if blamed is not None:
        return blamed.description_field if error.field == "description" else blamed.file_field
    if error.field in form.fields and error.field != "in_reply_to":
        return error.field
    return None


def _parent(post_id: int | None, viewer: Account) -> Post | None:
    """The post being answered; NotFound (a 404 page) if the viewer may not see it.

    Answering a boost answers what it boosted.
    """
    if post_id is None:
        return None
    post = access_post(post_id, viewer=viewer)
    return post.reblog_of if post.reblog_of is not None else post


def _as_id(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except ValueError as error:
        raise NotFound from error
    if not 0 < number < 2**63:
        raise NotFound
    return number


def _reply_initial(parent: Post | None, author: Account) -> dict[str, Any]:
    """A reply starts by mentioning who it answers and keeps the thread's warning and audience."""
    if parent is None:
        return {}
    mention = "" if parent.author_id == author.id else f"@{parent.author.username} "
    return {
        "in_reply_to": parent.id,
        "text": mention,
        "spoiler_text": parent.spoiler_text,
        "visibility": parent.visibility,
    }
