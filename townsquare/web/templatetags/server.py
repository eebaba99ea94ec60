"""The server's rules and the reader's announcements, for pages whose views don't load them."""

from __future__ import annotations

from typing import Any

from django import template

from townsquare.accounts.models import Account
from townsquare.instance.models import Rule
from townsquare.instance.selectors import AnnouncementView, announcements_for, server_rules

register = template.Library()


@register.simple_tag
def rules_of_server() -> list[Rule]:
    """``{% rules_of_server as rules %}``"""
    return server_rules()


@register.simple_tag
def unread_announcements(user: Any) -> list[AnnouncementView]:
    """``{% unread_announcements user as announcements %}``: the ones not dismissed yet."""
    if not isinstance(user, Account):
        return []
    return announcements_for(user.pk, include_read=False)
