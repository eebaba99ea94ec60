"""Django admin for discovery: staff see and undo hidden trends and dismissals here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from townsquare.accounts.models import Account
from townsquare.core.text import normalise_hashtag
from townsquare.discovery.models import HiddenTrend, SuggestionDismissal, TrendKind
from townsquare.discovery.models.hidden_trend import trend_key


@admin.register(HiddenTrend)
class HiddenTrendAdmin(admin.ModelAdmin[HiddenTrend]):
    list_display = ("kind", "label", "hidden_by", "created_at")
    list_filter = ("kind",)
    search_fields = ("label", "key")
    readonly_fields = ("key", "hidden_by", "created_at")
    fields = ("kind", "label", "key", "hidden_by", "created_at")

    def save_model(self, request: HttpRequest, obj: HiddenTrend, form: Any, change: bool) -> None:
        # The label is what staff type (tag name, post id, URL); the key is derived from it.
        obj.label = obj.label.strip()
        if obj.kind == TrendKind.TAG:
            obj.label = normalise_hashtag(obj.label.lstrip("#"))
        obj.key = trend_key(obj.kind, obj.label)
        if isinstance(request.user, Account):
            obj.hidden_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SuggestionDismissal)
class SuggestionDismissalAdmin(admin.ModelAdmin[SuggestionDismissal]):
    list_display = ("account", "dismissed", "created_at")
    raw_id_fields = ("account", "dismissed")
