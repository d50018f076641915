"""A reader's figures answered again before the framework runs, when nothing has changed.

A dashboard reloads the same comparison again and again. Through Django's middleware, DRF and
the sign-in checks, a reload cost some 1.9 ms even when the figures came from the cache: five
times the statement behind the smallest figure. ``WarmFiguresMiddleware`` sits right after the
request id and answers a GET of a view marked ``warm_figures`` (the comparison endpoints, the
portal's leaderboard) from the response the full stack gave the same reader for the same
request under the same stamp. It knows the reader and the stamp from one statement: for a
token, the token's digest and expiry with its active user (as knox checks them); for a session,
the active user the session names, whose password must still give the session's hash (as
Django checks it).

It never decides anything the full stack would not: an entry exists only for a response the
full stack answered with 200 for this reader, and its key holds every input that response was
made from (the stamp, the reader's id, role and client, the scheme, host, path and query, and
the headers and cookies the language and format are chosen from). A page's CSRF token is made
afresh for each request by Django's CSRF middleware, as the full stack would. Anything it cannot
vouch for (other credentials, an unknown, expired or logged-out token or session, a deactivated
reader, a changed password, an agency reader, no stamp yet) goes down the full stack as before.
"""

from __future__ import annotations

import functools
import hashlib
import time
from datetime import UTC, datetime
from importlib import import_module

import psycopg
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.crypto import constant_time_compare
from knox.models import get_token_model
from knox.settings import CONSTANTS
from rest_framework.views import APIView

from accounts.authentication import token_matches, token_of
from api.middleware import REQUEST_ID_HEADER
from scoring.cache import CSRF_INSERTED, FIGURES_READER, stamp_spelling
from scoring.models import ScoresStamp

# What a page's CSRF token (``CSRF_INSERTED``) is kept in the cache as; the next request's own
# token replaces it.
CSRF_PLACEHOLDER = b"warm-figures-csrf-token"


class WarmFiguresMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Django's own CSRF handling, for a kept page's token and cookie.
        self.csrf = CsrfViewMiddleware(get_response)
        self.sessions = import_module(settings.SESSION_ENGINE).SessionStore

    def __call__(self, request):
        timeout = settings.SCORES_CACHE_SECONDS
        kind = (
            warm_view(request.path_info, get_urlconf() or settings.ROOT_URLCONF)
            if timeout and request.method == "GET"
            else None
        )
        if kind is None:
            return self.get_response(request)
        found = self.reader(request, tokens=kind == API)
        if found is None:
            return self.get_response(request)
        key, reader = found
        kept = cache.get(key)
        if kept is not None:  # a response of its own, unpickled from the cache
            if CSRF_PLACEHOLDER in kept.content:
                self.csrf.process_request(request)
                kept.content = kept.content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
                if kept.has_header("Content-Length"):
                    kept["Content-Length"] = str(len(kept.content))
                kept = self.csrf.process_response(request, kept)
            return kept
        response = self.get_response(request)
        if (
            response.status_code == 200
            and getattr(response, FIGURES_READER, None) == reader
            and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        ):
            body = response.content
            inserted = getattr(response, CSRF_INSERTED, None)
            if inserted:
                body = body.replace(inserted.encode(), CSRF_PLACEHOLDER)
            headers = {
                name: value for name, value in response.headers.items() if name != REQUEST_ID_HEADER
            }
            cache.set(key, HttpResponse(body, headers=headers), timeout)
        return response

    def reader(self, request, *, tokens: bool) -> tuple[str, int] | None:
        """The cache key of this request and its reader, or None when the credentials do not
        hold (or the reader is not cached): the full stack answers then. An API view reads a
        token first, as DRF does; a page reads only the session."""
        token = token_of(request) if tokens else None
        if token is not None:
            found = _by_token(token)
        elif settings.SESSION_COOKIE_NAME in request.COOKIES:
            found = self._by_session(request.COOKIES[settings.SESSION_COOKIE_NAME])
        else:
            return None
        if found is None:
            return None
        reader, role, client, stamp = found
        if client is None or stamp is None:
            return None
        meta = request.META
        raw = "|".join(
            (
                stamp_spelling(stamp),
                str(reader),
                role,
                str(client),
                request.scheme,
                meta.get("HTTP_HOST", ""),
                request.get_full_path(),
                meta.get("HTTP_ACCEPT", ""),
                meta.get("HTTP_ACCEPT_LANGUAGE", ""),
                # The cookies as sent (the language's, the session's) but the CSRF secret, which
                # Django's CSRF middleware handles for a kept page as for any.
                _cookies(request) if "HTTP_COOKIE" in meta else "",
            )
        )
        return "warm:" + hashlib.sha256(raw.encode()).hexdigest(), reader

    def _by_session(self, session_key: str) -> tuple | None:
        session = self.sessions(session_key)
        user_id, backend, session_hash = (
            session.get(SESSION_KEY),
            session.get(BACKEND_SESSION_KEY),
            session.get(HASH_SESSION_KEY),
        )
        if user_id is None or not session_hash or backend not in settings.AUTHENTICATION_BACKENDS:
            return None
        user_model = get_user_model()
        try:
            user_pk = user_model._meta.pk.to_python(user_id)
        except Exception:
            return None
        for password, reader, role, client, stamp in _rows(_session_sql(), [user_pk]) or ():
            # The hash Django keeps in the session; one made with an older secret key is
            # left to the full stack, which knows the fallbacks.
            current = user_model(password=password).get_session_auth_hash()
            if not constant_time_compare(session_hash, current):
                return None
            return reader, role, client, stamp
        return None


def _cookies(request) -> str:
    csrf = settings.CSRF_COOKIE_NAME
    return repr(sorted(item for item in request.COOKIES.items() if item[0] != csrf))


API, PAGE = "api", "page"


@functools.lru_cache(maxsize=4096)
def warm_view(path: str, urlconf: str) -> str | None:
    """Whether the view at ``path`` is marked ``warm_figures``, and if so whether it is an API
    view (``API``) or a page (``PAGE``)."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    view = getattr(match.func, "view_class", None)
    if not getattr(view, "warm_figures", False):
        return None
    return API if issubclass(view, APIView) else PAGE


def _by_token(token: str) -> tuple | None:
    now = datetime.now(UTC)
    key = token[: CONSTANTS.TOKEN_KEY_LENGTH]
    for digest, expiry, reader, role, client, stamp in _rows(_token_sql(), [key]) or ():
        if not token_matches(token, digest):
            continue
        if expiry is not None and _aware(expiry) <= now:
            return None
        return reader, role, client, stamp
    return None


@functools.cache
def _token_sql() -> str:
    return f"""
        SELECT t.digest, t.expiry, u.id, u.role, u.client_id, s.value
        FROM {get_token_model()._meta.db_table} t
        JOIN {get_user_model()._meta.db_table} u ON u.id = t.user_id AND u.is_active
            AND (u.password_changed_at IS NULL OR t.created >= u.password_changed_at)
        LEFT JOIN {ScoresStamp._meta.db_table} s ON s.client_id = u.client_id
        WHERE t.token_key = %s
    """


@functools.cache
def _session_sql() -> str:
    return f"""
        SELECT u.password, u.id, u.role, u.client_id, s.value
        FROM {get_user_model()._meta.db_table} u
        LEFT JOIN {ScoresStamp._meta.db_table} s ON s.client_id = u.client_id
        WHERE u.id = %s AND u.is_active
    """


def _aware(value: datetime | str) -> datetime:
    # SQLite hands back naive datetimes (or text), in UTC.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _rows(sql: str, params: list) -> list[tuple] | None:
    """The rows of one of the statements above, or None when the database could not be
    reached (the full stack deals with that).

    On PostgreSQL the statement is prepared once per connection (binding its parameter on the
    server, as psycopg prepares only then), and it stands in for the connection's health check:
    a kept connection that died fails it, and the request goes down the full stack, which
    connects afresh."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    try:
        connection.ensure_connection()
        connection.validate_thread_sharing()
        started = time.monotonic()
        with connection.make_cursor(psycopg.Cursor(connection.connection)) as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    except (OperationalError, InterfaceError):
        if not connection.in_atomic_block:
            connection.close()  # as a failed health check does
        return None
    if connection.queries_logged:
        # As Django's debug cursor logs (it cannot show a statement bound on the server).
        took = time.monotonic() - started
        connection.queries_log.append(
            {"sql": f"{sql.strip()} -- {params!r}", "time": f"{took:.3f}"}
        )
    return rows
