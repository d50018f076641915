"""Token authentication in one query.

knox's own check also loads every other token of the user on every request to delete the
expired ones; here a request looks at its own token only, and a user's expired tokens are deleted
when they log in (``accounts.views.LoginView``)."""

from __future__ import annotations

from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication


class TokenAuthentication(KnoxTokenAuthentication):
    def _cleanup_token(self, auth_token) -> bool:
        """Whether this token has expired (it is deleted then, and the request refused)."""
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False
