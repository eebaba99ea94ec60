"""Notifications in Django's admin, read-only: they are written by the service alone."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from townsquare.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("id", "recipient", "kind", "actor", "post", "is_read", "created_at")
    list_filter = ("kind", "is_read")
    search_fields = ("recipient__username", "actor__username")
    raw_id_fields = ("recipient", "actor", "post")
    ordering = ("-id",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
