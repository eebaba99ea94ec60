"""Accounts in Django's admin: browse, search and approve; writes go through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from townsquare.accounts import services
from townsquare.accounts.models import Account


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin[Account]):
    list_display = (
        "username",
        "display_name",
        "email",
        "is_approved",
        "is_active",
        "is_staff",
        "date_joined",
        "posts_count",
        "followers_count",
    )
    list_filter = ("is_approved", "is_active", "is_staff", "kind", "is_locked")
    search_fields = ("username", "display_name", "email")
    ordering = ("-date_joined",)
    # Approval and the profile's rendered bio change only through the services.
    readonly_fields = (
        "id",
        "password",
        "is_approved",
        "bio_html",
        "date_joined",
        "last_login",
        "last_posted_at",
        "followers_count",
        "following_count",
        "posts_count",
    )
    exclude = ("groups", "user_permissions")
    actions = ("approve_selected",)

    @admin.action(description="Approve the selected accounts")
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Account]) -> None:
        pending = list(queryset.filter(is_approved=False))
        for account in pending:
            services.approve_account(account=account)
        self.message_user(request, f"Approved {len(pending)} account(s).", messages.SUCCESS)
