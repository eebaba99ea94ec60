"""Web pages: Settings > Filters, where each person keeps the words and posts they filter.

Every filter page is its owner's only: anyone else's filter is a 404, as in the API. Forms
are plain POSTs answered with a message and a redirect, so they work without JavaScript.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods, require_POST

from townsquare.accounts.models import Account
from townsquare.core.errors import ValidationFailed
from townsquare.filters import selectors, services
from townsquare.filters.models import Filter, FilterAction, FilterContext
from townsquare.filters.selectors import FilterHit
from townsquare.filters.services import KEEP, KeywordChange
from townsquare.posts.models import Post
from townsquare.posts.selectors import access_post
from townsquare.web.forms.filters import (
    HIDDEN_POSTS_TITLE,
    KEEP_EXPIRY,
    NEW_FILTER,
    FilterForm,
    FilterPostForm,
)
from townsquare.web.templatetags.posts import post_url
from townsquare.web.views.viewer import next_url, signed_in

_FORM_FIELDS = {"title", "contexts", "action", "expires_in"}


def filter_hits(
    request: HttpRequest, context: str | None, posts: Sequence[Post]
) -> dict[int, list[FilterHit]]:
    """What ``_post.html`` needs to hide or collapse the posts the viewer filters."""
    user = request.user
    if context is None or not isinstance(user, Account) or not posts:
        return {}
    return selectors.filter_results(user, context, posts)


@login_required
@require_http_methods(["GET", "POST"])
def filters_page(request: HttpRequest) -> HttpResponse:
    """GET: your filters and a form for a new one; POST: create it."""
    viewer = signed_in(request)
    form = FilterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with_words = services.create_filter(
                account=viewer,
                title=data["title"],
                contexts=data["contexts"],
                action=data["action"],
                expires_in=int(data["expires_in"]) if data["expires_in"] else None,
                keywords=[
                    KeywordChange(keyword=word, whole_word=data["whole_word"])
                    for word in data["keywords"]
                ],
            )
        except ValidationFailed as error:
            form.add_error(error.field if error.field in _FORM_FIELDS else None, error.message)
        else:
            messages.success(request, f"Filter “{with_words.title}” created.")
            return redirect("web:filters")
    context = {"filters": list(selectors.filters_of(viewer)), "form": form}
    return render(request, "web/filters/filters.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def filter_edit(request: HttpRequest, filter_id: int) -> HttpResponse:
    """GET: the filter's form and filtered posts; POST: save the form."""
    viewer = signed_in(request)
    found = selectors.access_filter(filter_id, account=viewer)
    if request.method != "POST":
        return _edit_page(request, found, FilterForm.for_filter(found))
    form = FilterForm.for_filter(found, data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        chosen = data["expires_in"]
        try:
            # The settings and the keywords are saved together or not at all.
            with transaction.atomic():
                services.update_filter(
                    filter=found,
                    title=data["title"],
                    contexts=data["contexts"],
                    action=data["action"],
                    expires_in=KEEP if chosen == KEEP_EXPIRY else (int(chosen) if chosen else None),
                )
                services.set_keywords(
                    filter=found, keywords=data["keywords"], whole_word=data["whole_word"]
                )
        except ValidationFailed as error:
            form.add_error(error.field if error.field in _FORM_FIELDS else None, error.message)
        else:
            messages.success(request, f"Filter “{found.title}” saved.")
            return redirect("web:filters")
    return _edit_page(request, found, form)


def _edit_page(request: HttpRequest, found: Filter, form: FilterForm) -> HttpResponse:
    statuses = list(found.statuses.select_related("post", "post__author"))
    context = {"filter": found, "form": form, "statuses": statuses}
    return render(request, "web/filters/edit.html", context)


@login_required
@require_POST
def filter_delete(request: HttpRequest, filter_id: int) -> HttpResponse:
    found = selectors.access_filter(filter_id, account=signed_in(request))
    title = found.title
    services.delete_filter(filter=found)
    messages.success(request, f"Filter “{title}” deleted.")
    return redirect("web:filters")


@login_required
@require_POST
def filter_status_remove(
    request: HttpRequest, filter_id: int, filter_status_id: int
) -> HttpResponse:
    viewer = signed_in(request)
    found = selectors.access_filter(filter_id, account=viewer)
    filtered = selectors.access_filter_status(filter_status_id, account=viewer)
    if filtered.filter_id == found.pk:
        services.delete_status(filter_status=filtered)
        messages.success(request, "The post is no longer filtered.")
    return redirect("web:filter_edit", filter_id=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def filter_post(request: HttpRequest, post_id: int) -> HttpResponse:
    """GET: choose a filter for the post (or a new "Hidden posts" one); POST: add it there."""
    viewer = signed_in(request)
    post = access_post(post_id, viewer=viewer)
    if post.reblog_of is not None:
        post = access_post(post.reblog_of.pk, viewer=viewer)  # a boost filters its original
    filters = list(selectors.filters_of(viewer))
    form = FilterPostForm(request.POST if request.method == "POST" else None, filters=filters)
    destination = next_url(request, post_url(post))
    if request.method == "POST" and form.is_valid():
        try:
            chosen = _add_to_filter(viewer, post, form.cleaned_data["filter"], filters)
        except ValidationFailed as error:
            form.add_error("filter", error.message)
        else:
            messages.success(request, f"The post is filtered by “{chosen.title}”.")
            return redirect(destination)
    context = {"post": post, "form": form, "return_to": destination}
    status = 400 if form.errors else 200
    return render(request, "web/filters/filter_post.html", context, status=status)


@transaction.atomic
def _add_to_filter(viewer: Account, post: Post, choice: str, filters: list[Filter]) -> Filter:
    if choice == NEW_FILTER:
        chosen = services.create_filter(
            account=viewer,
            title=HIDDEN_POSTS_TITLE,
            contexts=FilterContext.values,
            action=FilterAction.HIDE,
        )
    else:
        chosen = next(item for item in filters if str(item.pk) == choice)
    services.add_status(filter=chosen, post=post)
    return chosen


urlpatterns: list[URLPattern] = [
    path("settings/filters/posts/<int:post_id>", filter_post, name="filter_post"),
    path("settings/filters", filters_page, name="filters"),
    path("settings/filters/<int:filter_id>", filter_edit, name="filter_edit"),
    path("settings/filters/<int:filter_id>/delete", filter_delete, name="filter_delete"),
    path(
        "settings/filters/<int:filter_id>/posts/<int:filter_status_id>/remove",
        filter_status_remove,
        name="filter_status_remove",
    ),
]
