"""django-oauth-toolkit, fitted to what Mastodon clients send.

- The password grant takes the e-mail address (or the username) as ``username``.
- Scopes an app asks for must be among those it registered (see ``scopes``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from oauth2_provider.oauth2_validators import OAuth2Validator

from townsquare.accounts.selectors import account_by_email_or_username


class MastodonOAuth2Validator(OAuth2Validator):
    def validate_grant_type(
        self, client_id: str, grant_type: str, client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        allowed = supported_grants(password_grant=bool(settings.TOWNSQUARE["PASSWORD_GRANT"]))
        return grant_type in allowed

    def validate_response_type(
        self,
        client_id: str,
        response_type: str,
        client: Any,
        request: Any,
        *args: Any,
        **kwargs: Any,
    ) -> bool:
        return response_type == "code"

    def validate_user(
        self, username: str, password: str, client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        account = account_by_email_or_username(username or "")
        if account is None:
            return False
        user = authenticate(
            self.build_http_request(request), username=account.username, password=password
        )
        if user is None:
            return False
        request.user = user
        return True


GRANTS = ("authorization_code", "client_credentials", "refresh_token")


def supported_grants(*, password_grant: bool) -> tuple[str, ...]:
    """The grant types every app may use; Mastodon apps aren't registered per grant."""
    return (*GRANTS, "password") if password_grant else GRANTS
