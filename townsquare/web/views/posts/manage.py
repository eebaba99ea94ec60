"""What an author does to their own post: edit it, delete it (staff may delete too)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from townsquare.core.errors import Forbidden, NotFound, ValidationFailed
from townsquare.posts.selectors import access_post
from townsquare.posts.services import delete_post, edit_post
from townsquare.web.forms.posts import EditPostForm
from townsquare.web.templatetags.posts import post_url
from townsquare.web.views.viewer import next_url, signed_in


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    """The author's form with the current text; saving keeps the old version in the history."""
    editor = signed_in(request)
    post = access_post(post_id, viewer=editor)
    if post.reblog_of is not None:
        raise NotFound
    if post.author_id != editor.id:
        raise Forbidden("Only the author can edit this post.")
    attachments = [link.media for link in post.attachments.select_related("media")]
    if request.method == "POST":
        form = EditPostForm(request.POST, attachments=attachments)
        if form.is_valid():
            try:
                edit_post(
                    editor=editor,
                    post=post,
                    text=form.cleaned_data["text"],
                    spoiler_text=form.cleaned_data["spoiler_text"],
                    is_sensitive=form.cleaned_data["is_sensitive"],
                    media_descriptions=form.media_descriptions(),
                )
            except ValidationFailed as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, error.message)
            else:
                messages.success(request, "Your post is updated.")
                return redirect(post_url(post))
    else:
        form = EditPostForm(
            initial={
                "text": post.text,
                "spoiler_text": post.spoiler_text,
                "is_sensitive": post.is_sensitive,
            },
            attachments=attachments,
        )
    status = 400 if form.errors else 200
    return render(request, "web/posts/edit.html", {"post": post, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    """GET asks to confirm; POST deletes (author or staff) and says so."""
    actor = signed_in(request)
    post = access_post(post_id, viewer=actor)
    if post.reblog_of is not None:
        raise NotFound
    if post.author_id != actor.id and not actor.is_staff:
        raise Forbidden("Only the author can delete this post.")
    detail = post_url(post)
    # The deleted post's own page would be a 404, so never go back there.
    fallback = reverse("web:home")
    destination = next_url(request, fallback)
    if destination.split("?")[0] == detail:
        destination = fallback
    if request.method == "POST":
        delete_post(actor=actor, post=post)
        messages.success(request, "The post is deleted.")
        return redirect(destination)
    return render(request, "web/posts/delete.html", {"post": post, "return_to": destination})
