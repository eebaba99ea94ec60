"""The social graph in Django's admin, to look at only.

Editing a follow here would skip the services that keep follower counts right and tell
timelines and notifications what changed, so the admin never adds, changes or deletes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from townsquare.relationships.models import Block, Endorsement, Follow, FollowRequest, Mute


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ("id", "follower", "followee", "show_boosts", "notify", "created_at")
    list_select_related = ("follower", "followee")
    search_fields = ("follower__username", "followee__username")
    date_hierarchy = "created_at"


@admin.register(FollowRequest)
class FollowRequestAdmin(ReadOnlyAdmin):
    list_display = ("id", "requester", "target", "created_at")
    list_select_related = ("requester", "target")
    search_fields = ("requester__username", "target__username")


@admin.register(Block)
class BlockAdmin(ReadOnlyAdmin):
    list_display = ("id", "blocker", "blocked", "created_at")
    list_select_related = ("blocker", "blocked")
    search_fields = ("blocker__username", "blocked__username")


@admin.register(Mute)
class MuteAdmin(ReadOnlyAdmin):
    list_display = ("id", "muter", "muted", "hide_notifications", "expires_at", "created_at")
    list_select_related = ("muter", "muted")
    search_fields = ("muter__username", "muted__username")


@admin.register(Endorsement)
class EndorsementAdmin(ReadOnlyAdmin):
    list_display = ("id", "account", "target", "created_at")
    list_select_related = ("account", "target")
    search_fields = ("account__username", "target__username")
