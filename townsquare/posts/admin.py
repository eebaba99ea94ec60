"""Django admin for posts: for looking things up. Content is written through the services,
so the text, counters and references are read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from townsquare.accounts.models import Account
from townsquare.core.errors import Forbidden
from townsquare.posts.models import (
    FeaturedTag,
    Hashtag,
    Poll,
    PollOption,
    PollVote,
    Post,
    PostEdit,
    ScheduledPost,
)
from townsquare.posts.services import cancel_scheduled_post, delete_post, unfeature_tag


class PostEditInline(admin.TabularInline[PostEdit, Post]):
    model = PostEdit
    extra = 0
    can_delete = False
    readonly_fields = (
        "text",
        "spoiler_text",
        "is_sensitive",
        "media_descriptions",
        "poll_options",
        "created_at",
    )
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


class ViewOnlyAdmin(admin.ModelAdmin[Any]):
    """For rows that only services write: counters, events and files must follow."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PollOptionInline(admin.TabularInline[PollOption, Poll]):
    model = PollOption
    extra = 0
    can_delete = False
    readonly_fields = ("position", "title", "votes_count")

    def has_add_permission(self, request: HttpRequest, obj: Poll | None = None) -> bool:
        return False


@admin.register(Poll)
class PollAdmin(ViewOnlyAdmin):
    # Votes move the counts and an edit of the post replaces the poll, both through services.
    list_display = (
        "id",
        "post",
        "is_multiple",
        "hide_totals",
        "votes_count",
        "voters_count",
        "expires_at",
    )
    list_filter = ("is_multiple", "hide_totals")
    search_fields = ("=id", "=post__id", "post__author__username")
    raw_id_fields = ("post",)
    inlines = (PollOptionInline,)
    show_full_result_count = False


@admin.register(PollVote)
class PollVoteAdmin(ViewOnlyAdmin):
    list_display = ("id", "poll", "account", "choice", "created_at")
    list_select_related = ("account",)
    search_fields = ("=poll__id", "account__username")
    raw_id_fields = ("poll", "account")
    show_full_result_count = False


@admin.register(ScheduledPost)
class ScheduledPostAdmin(admin.ModelAdmin[ScheduledPost]):
    list_display = ("id", "account", "scheduled_at", "failure", "created_at")
    list_select_related = ("account",)
    search_fields = ("=id", "account__username")
    raw_id_fields = ("account",)
    date_hierarchy = "scheduled_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A scheduled post made here would skip the checks and the task queued for its time.
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: ScheduledPost) -> None:
        # Through the service, so its images go back to being unattached uploads.
        cancel_scheduled_post(author=obj.account, scheduled_post=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ScheduledPost]) -> None:
        for scheduled in queryset.select_related("account"):
            cancel_scheduled_post(author=scheduled.account, scheduled_post=scheduled)


@admin.register(FeaturedTag)
class FeaturedTagAdmin(admin.ModelAdmin[FeaturedTag]):
    list_display = ("id", "account", "hashtag", "created_at")
    list_select_related = ("account", "hashtag")
    search_fields = ("account__username", "hashtag__name")
    raw_id_fields = ("account", "hashtag")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # feature_tag checks the limit and the hashtag's name; the admin can't.
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: FeaturedTag) -> None:
        unfeature_tag(account=obj.account, featured_tag=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[FeaturedTag]) -> None:
        for featured in queryset.select_related("account"):
            unfeature_tag(account=featured.account, featured_tag=featured)


def _staff(request: HttpRequest) -> Account:
    user = request.user
    if not isinstance(user, Account) or not user.is_staff:
        raise Forbidden("Only staff can delete posts here.")
    return user
