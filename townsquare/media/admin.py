"""Moderators may look at uploads and delete them; changes go through the services."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from townsquare.media import services
from townsquare.media.models import MediaAttachment


@admin.register(MediaAttachment)
class MediaAttachmentAdmin(admin.ModelAdmin[MediaAttachment]):
    list_display = ("id", "owner", "content_type", "width", "height", "byte_size", "created_at")
    list_filter = ("content_type",)
    search_fields = ("owner__username", "description")
    list_select_related = ("owner",)
    readonly_fields = (
        "owner",
        "file",
        "thumbnail",
        "content_type",
        "width",
        "height",
        "byte_size",
        "description",
        "focus_x",
        "focus_y",
        "blurhash",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Uploads are checked and re-encoded by upload_image; the admin can't do that.
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: MediaAttachment | None = None
    ) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: MediaAttachment) -> None:
        services.delete_media(media=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[MediaAttachment]) -> None:
        for media in queryset:
            services.delete_media(media=media)
