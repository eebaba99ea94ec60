"""Django admin for posts: for looking things up. Content is written through the services,
so the text, counters and references are read-only here."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from townsquare.accounts.models import Account
from townsquare.core.errors import Forbidden
from townsquare.posts.models import Hashtag, Post, PostEdit
from townsquare.posts.services import delete_post


class PostEditInline(admin.TabularInline[PostEdit, Post]):
    model = PostEdit
    extra = 0
    can_delete = False
    readonly_fields = ("text", "spoiler_text", "is_sensitive", "media_descriptions", "created_at")
    exclude = ("content_html",)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin[Post]):
    list_display = ("id", "author", "visibility", "created_at", "likes_count", "boosts_count")
    list_filter = ("visibility",)
    search_fields = ("id", "author__username", "text")
    raw_id_fields = ("author", "in_reply_to", "reblog_of")
    readonly_fields = (
        "text",
        "content_html",
        "in_reply_to_account_id",
        "thread_root_id",
        "replies_count",
        "likes_count",
        "boosts_count",
        "created_at",
        "edited_at",
    )
    inlines = (PostEditInline,)
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A post made here would skip mentions, hashtags, counters and fan-out.
        return False

    def delete_model(self, request: HttpRequest, obj: Post) -> None:
        # Through the service, so counters, boosts, image files and timelines follow.
        delete_post(actor=_staff(request), post=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        actor = _staff(request)
        for post in queryset:
            delete_post(actor=actor, post=post)


@admin.register(Hashtag)
class HashtagAdmin(admin.ModelAdmin[Hashtag]):
    list_display = ("name", "display_name", "created_at")
    search_fields = ("name",)


def _staff(request: HttpRequest) -> Account:
    user = request.user
    if not isinstance(user, Account) or not user.is_staff:
        raise Forbidden("Only staff can delete posts here.")
    return user
