"""Web pages: writing, reading, editing and acting on posts.

The post partial ``web/posts/_post.html`` that every timeline includes lives with
these pages; its context is documented at the top of the template.
"""

from django.urls import URLPattern, path

from townsquare.web.views.posts.actions import ACTIONS, view_for
from townsquare.web.views.posts.compose import compose
from townsquare.web.views.posts.manage import post_delete, post_edit
from townsquare.web.views.posts.polls import poll_vote
from townsquare.web.views.posts.reading import (
    post_boosted_by,
    post_detail,
    post_history,
    post_liked_by,
)

urlpatterns: list[URLPattern] = [
    path("compose", compose, name="compose"),
    path("@<str:username>/<int:post_id>", post_detail, name="post_detail"),
    path("posts/<int:post_id>/edit", post_edit, name="post_edit"),
    path("posts/<int:post_id>/history", post_history, name="post_history"),
    path("posts/<int:post_id>/delete", post_delete, name="post_delete"),
    path("posts/<int:post_id>/liked-by", post_liked_by, name="liked_by"),
    path("posts/<int:post_id>/boosted-by", post_boosted_by, name="boosted_by"),
    path("polls/<int:poll_id>/vote", poll_vote, name="poll_vote"),
    *(path(f"posts/<int:post_id>/{verb}", view_for(verb), name=f"post_{verb}") for verb in ACTIONS),
]
