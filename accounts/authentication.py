"""Token authentication in one query.

knox's own check also loads every other token of the user on every request to delete the
expired ones; here a request looks at its own token only, and a user's expired tokens are deleted
when they log in (``accounts.views.LoginView``)."""

from __future__ import annotations

import binascii
from hmac import compare_digest

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.settings import knox_settings
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        """knox's check, for a token that is text at all (knox decodes it unguarded: a byte
        that is not UTF-8 would be a 500)."""
        try:
            token.decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        return super().authenticate_credentials(token)

    def validate_user(self, auth_token):
        """An active user whose password has not changed since the token was made."""
        changed = auth_token.user.password_changed_at
        if changed is not None and auth_token.created < changed:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().validate_user(auth_token)

    def _cleanup_token(self, auth_token) -> bool:
        """Whether this token has expired (it is deleted then, and the request refused)."""
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


def token_of(request) -> str | None:
    """The token a request's ``Authorization: Token …`` header carries, read as knox reads it;
    None for any other header (or none)."""
    parts = get_authorization_header(request).split()
    if len(parts) != 2 or parts[0].lower() != knox_settings.AUTH_HEADER_PREFIX.lower().encode():
        return None
    try:
        return parts[1].decode()
    except UnicodeDecodeError:
        return None


def token_matches(token: str, digest: str) -> bool:
    """Whether ``token`` is the one a stored token's digest was made from (knox's check)."""
    try:
        return compare_digest(hash_token(token), digest)
    except (TypeError, binascii.Error):
        return False
