"""Web pages: what a profile features, hashtags and people, and where you choose them.

Featured hashtags are managed on a settings page; a person you follow is featured from
their profile ("Feature on profile"), next to the follow controls.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from townsquare.accounts.selectors import access_account
from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.posts.selectors import (
    access_featured_tag,
    featured_tag_suggestions,
    featured_tags_of,
)
from townsquare.posts.services import MAX_FEATURED_TAGS, feature_tag, unfeature_tag
from townsquare.relationships import services
from townsquare.relationships.selectors import is_blocked_either_way, relationship
from townsquare.web.views.relationships import FOLLOW_CONTROLS
from townsquare.web.views.viewer import is_htmx, next_url, signed_in


@login_required
@require_http_methods(["GET", "POST"])
def featured_tags_page(request: HttpRequest) -> HttpResponse:
    """GET: your featured hashtags and suggestions; POST ``name``: feature one more."""
    viewer = signed_in(request)
    error = ""
    if request.method == "POST":
        name = request.POST.get("name", "")
        try:
            featured = feature_tag(account=viewer, name=name)
        except ValidationFailed as refusal:
            error = refusal.message
        else:
            messages.success(request, f"#{featured.hashtag.display_name} is on your profile.")
            return redirect("web:featured_tags")
    context = {
        "featured": list(featured_tags_of(viewer)),
        "suggestions": featured_tag_suggestions(viewer),
        "limit": MAX_FEATURED_TAGS,
        "error": error,
        "name": request.POST.get("name", ""),
    }
    return render(request, "web/accounts/featured_tags.html", context, status=400 if error else 200)


@login_required
@require_POST
def featured_tag_remove(request: HttpRequest, featured_id: int) -> HttpResponse:
    viewer = signed_in(request)
    featured = access_featured_tag(featured_id, owner=viewer)
    unfeature_tag(account=viewer, featured_tag=featured)
    messages.success(request, f"#{featured.hashtag.display_name} is no longer featured.")
    return redirect("web:featured_tags")


def _person_answer(request: HttpRequest, username: str, *, feature: bool) -> HttpResponse:
    viewer = signed_in(request)
    target = access_account(username)
    if is_blocked_either_way(viewer.pk, target.pk):
        raise NotFound()
    error = ""
    if feature:
        try:
            services.endorse(account=viewer, target=target)
        except ValidationFailed as refusal:
            error = refusal.message
        done = f"@{target.username} is featured on your profile."
    else:
        services.unendorse(account=viewer, target=target)
        done = f"@{target.username} is no longer featured on your profile."
    destination = next_url(request, reverse("web:profile", args=[target.username]))
    if is_htmx(request):
        context = {
            "target": target,
            "relationship": relationship(viewer, target),
            "next_url": destination,
            "error": error,
        }
        return render(request, FOLLOW_CONTROLS, context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(destination)


@login_required
@require_POST
def person_feature(request: HttpRequest, username: str) -> HttpResponse:
    """POST: feature someone you follow on your profile."""
    return _person_answer(request, username, feature=True)


@login_required
@require_POST
def person_unfeature(request: HttpRequest, username: str) -> HttpResponse:
    """POST: stop featuring someone on your profile."""
    return _person_answer(request, username, feature=False)


urlpatterns: list[URLPattern] = [
    path("settings/featured-tags", featured_tags_page, name="featured_tags"),
    path(
        "settings/featured-tags/<int:featured_id>/remove",
        featured_tag_remove,
        name="featured_tag_remove",
    ),
    path("@<str:username>/feature", person_feature, name="person_feature"),
    path("@<str:username>/unfeature", person_unfeature, name="person_unfeature"),
]
