"""drf-spectacular: the phone's token, documented as knox's own scheme.

drf-spectacular's knox extension names ``knox.auth.TokenAuthentication`` exactly and does not
match subclasses, so ours is registered under the same scheme name."""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme


class TokenScheme(KnoxTokenScheme):
    target_class = "accounts.authentication.TokenAuthentication"
