"""Content filters in Django's admin, to look at only.

A filter is one person's own setting: its owner changes it through the services, which
check titles, contexts, keywords and limits, so the admin never adds, changes or deletes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from townsquare.filters.models import Filter, FilterKeyword, FilterStatus


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline[Any, Filter]):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FilterKeywordInline(ReadOnlyInline):
    model = FilterKeyword


class FilterStatusInline(ReadOnlyInline):
    model = FilterStatus
    raw_id_fields = ("post",)


@admin.register(Filter)
class FilterAdmin(ReadOnlyAdmin):
    list_display = ("id", "account", "title", "action", "contexts", "expires_at", "created_at")
    list_filter = ("action",)
    list_select_related = ("account",)
    search_fields = ("account__username", "title")
    raw_id_fields = ("account",)
    inlines = (FilterKeywordInline, FilterStatusInline)


@admin.register(FilterKeyword)
class FilterKeywordAdmin(ReadOnlyAdmin):
    list_display = ("id", "keyword", "whole_word", "filter")
    list_select_related = ("filter",)
    search_fields = ("keyword", "filter__account__username")
    raw_id_fields = ("filter",)


@admin.register(FilterStatus)
class FilterStatusAdmin(ReadOnlyAdmin):
    list_display = ("id", "filter", "post")
    list_select_related = ("filter",)
    search_fields = ("=post__id", "filter__account__username")
    raw_id_fields = ("filter", "post")
