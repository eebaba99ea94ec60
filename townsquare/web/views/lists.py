"""Web pages: your lists, each list's feed, its members, and "Add to list" from a profile.

Every list page is its owner's only: anyone else's list is a 404, as in the API. The
actions are plain POST forms answered with a message and a redirect, so they work
without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST, require_safe

from townsquare.accounts.models import Account
from townsquare.core.errors import ValidationFailed
from townsquare.core.pagination import PageRequest
from townsquare.relationships.selectors import access_account_for, following_of, is_following
from townsquare.timelines import selectors as timelines
from townsquare.timelines import services
from townsquare.timelines.models import List
from townsquare.web.forms.lists import ListForm
from townsquare.web.views.timelines import feed_response
from townsquare.web.views.viewer import next_url, signed_in

# A list's members page shows this many of the people you follow to add.
ADDABLE_SHOWN = 200


def _own_list(request: HttpRequest, list_id: int) -> tuple[Account, List]:
    viewer = signed_in(request)
    return viewer, timelines.access_list(list_id, owner=viewer)


def _form_errors(request: HttpRequest, form: ListForm) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


@login_required
@require_safe
def lists_page(request: HttpRequest) -> HttpResponse:
    """Your lists, each with its settings form, and a form to create another."""
    viewer = signed_in(request)
    lists = [
        (
            feed,
            ListForm(
                prefix=f"list{feed.pk}",
                initial={
                    "title": feed.title,
                    "replies_policy": feed.replies_policy,
                    "is_exclusive": feed.is_exclusive,
                },
            ),
        )
        for feed in timelines.lists_of(viewer)
    ]
    context = {"lists": lists, "create_form": ListForm(prefix="new")}
    return render(request, "web/lists/lists.html", context)


@login_required
@require_POST
def list_create(request: HttpRequest) -> HttpResponse:
    viewer = signed_in(request)
    form = ListForm(request.POST, prefix="new")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("web:lists")
    try:
        feed = services.create_list(
            owner=viewer,
            title=form.cleaned_data["title"],
            replies_policy=form.cleaned_data["replies_policy"],
            is_exclusive=form.cleaned_data["is_exclusive"],
        )
    except ValidationFailed as error:
        messages.error(request, error.message)
        return redirect("web:lists")
    messages.success(request, f"List “{feed.title}” created.")
    return redirect("web:list_members", list_id=feed.pk)


@login_required
@require_POST
def list_update(request: HttpRequest, list_id: int) -> HttpResponse:
    _, feed = _own_list(request, list_id)
    form = ListForm(request.POST, prefix=f"list{feed.pk}")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("web:lists")
    try:
        services.update_list(
            feed=feed,
            title=form.cleaned_data["title"],
            replies_policy=form.cleaned_data["replies_policy"],
            is_exclusive=form.cleaned_data["is_exclusive"],
        )
    except ValidationFailed as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"List “{feed.title}” saved.")
    return redirect(next_url(request, reverse("web:lists")))


@login_required
@require_POST
def list_delete(request: HttpRequest, list_id: int) -> HttpResponse:
    _, feed = _own_list(request, list_id)
    title = feed.title
    services.delete_list(feed=feed)
    messages.success(request, f"List “{title}” deleted.")
    return redirect("web:lists")


@login_required
@require_safe
def list_timeline(request: HttpRequest, list_id: int) -> HttpResponse:
    """The list's posts, newest first, with "Load more" paging as on the home page."""
    _, feed = _own_list(request, list_id)
    page = timelines.list_timeline(feed, PageRequest.from_params(request.GET))
    context = {
        "title": feed.title,
        "list": feed,
        "empty_message": "No posts from this list's members yet.",
        "filter_context": "home",
    }
    return feed_response(request, "web/lists/timeline.html", page, context)


@login_required
@require_safe
def list_members(request: HttpRequest, list_id: int) -> HttpResponse:
    """Who is in the list (to remove) and the people you follow who aren't (to add)."""
    viewer, feed = _own_list(request, list_id)
    members = list(timelines.list_members(feed).order_by("username"))
    member_ids = {member.pk for member in members}
    addable = [
        person
        for person in following_of(viewer)[: ADDABLE_SHOWN + len(member_ids)]
        if person.pk not in member_ids
    ][:ADDABLE_SHOWN]
    context = {"list": feed, "members": members, "addable": addable}
    return render(request, "web/lists/members.html", context)


def _member_change(request: HttpRequest, list_id: int, *, is_adding: bool) -> HttpResponse:
    viewer, feed = _own_list(request, list_id)
    person = access_account_for(viewer, request.POST.get("username", ""))
    fallback = reverse("web:list_members", args=[feed.pk])
    try:
        if is_adding:
            services.add_to_list(feed=feed, accounts=[person])
        else:
            services.remove_from_list(feed=feed, accounts=[person])
    except ValidationFailed as error:
        messages.error(request, error.message)
        return redirect(next_url(request, fallback))
    verb = "added to" if is_adding else "removed from"
    messages.success(request, f"@{person.username} {verb} “{feed.title}”.")
    return redirect(next_url(request, fallback))


@login_required
@require_POST
def list_member_add(request: HttpRequest, list_id: int) -> HttpResponse:
    """POST username: add someone you follow to the list."""
    return _member_change(request, list_id, is_adding=True)


@login_required
@require_POST
def list_member_remove(request: HttpRequest, list_id: int) -> HttpResponse:
    """POST username: take someone out of the list."""
    return _member_change(request, list_id, is_adding=False)


@login_required
@require_safe
def lists_for_person(request: HttpRequest, username: str) -> HttpResponse:
    """The "Add to list" page of a profile: your lists, each with whether this person is in it."""
    viewer = signed_in(request)
    person = access_account_for(viewer, username)
    lists = list(timelines.lists_of(viewer))
    holding = set(
        timelines.lists_of(viewer).filter(members__account=person).values_list("pk", flat=True)
    )
    context = {
        "person": person,
        "is_followed": is_following(viewer.pk, person.pk),
        "lists": [(feed, feed.pk in holding) for feed in lists],
    }
    return render(request, "web/lists/for_person.html", context)


urlpatterns: list[URLPattern] = [
    path("lists", lists_page, name="lists"),
    path("lists/new", list_create, name="list_create"),
    path("lists/<int:list_id>", list_timeline, name="list_timeline"),
    path("lists/<int:list_id>/edit", list_update, name="list_update"),
    path("lists/<int:list_id>/delete", list_delete, name="list_delete"),
    path("lists/<int:list_id>/members", list_members, name="list_members"),
    path("lists/<int:list_id>/members/add", list_member_add, name="list_member_add"),
    path("lists/<int:list_id>/members/remove", list_member_remove, name="list_member_remove"),
    path("lists/people/<str:username>", lists_for_person, name="lists_for_person"),
]
