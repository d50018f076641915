"""Comparison figures cached until something they are made of changes.

A manager's dashboard asks for the same leaderboard again and again, while the figures change
only when an audit is approved (or a location, region or reader's scope changes). Each response
is cached under its reader, address, query and language together with the client's
``ScoresStamp``; everything that changes the figures puts a new stamp in place, in the same
transaction, so the next request misses the cache and computes afresh. Errors (400, 404) and
the browsable API are never cached, and agency readers, who read across clients, are not cached
at all."""

from __future__ import annotations

import functools
import hashlib
import uuid
from decimal import Decimal

import orjson
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils import translation
from django.utils.functional import Promise
from rest_framework.renderers import JSONRenderer

from scoring.models import ScoresStamp


def stamp_renew(client_id: int | None) -> None:
    """Mark the client's figures as changed."""
    if client_id is None:
        return
    ScoresStamp.objects.update_or_create(client_id=client_id, defaults={"value": uuid.uuid4()})


STAMP_SQL = f"SELECT value FROM {ScoresStamp._meta.db_table} WHERE client_id = %s"


def stamp_read(client_id: int) -> str:
    """The client's current stamp (made on first use). Every figures request reads it, cached
    or not, so it is one statement by primary key, without the ORM's compilation (a third of a
    warm request otherwise)."""
    with connection.cursor() as cursor:
        cursor.execute(STAMP_SQL, [client_id])
        row = cursor.fetchone()
    value = row[0] if row else ScoresStamp.objects.get_or_create(client_id=client_id)[0].value
    return stamp_spelling(value)


def stamp_spelling(value) -> str:
    """SQLite hands back the hex digits, PostgreSQL a UUID: one spelling for a key."""
    return str(value).replace("-", "")


def _default(value):
    # As DRF's encoder does: decimals as numbers, lazy texts as text.
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Promise):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def render_json(data) -> bytes:
    """The figures as compact UTF-8 JSON, as DRF's renderer writes them, by orjson: a
    leaderboard of a hundred locations renders in a tenth of the time."""
    return orjson.dumps(data, default=_default)


def _key(user, path: str, params, media_type: str) -> str:
    """A reader's figures under the client's stamp, read before the figures, never after."""
    stamp = stamp_read(user.client_id)
    query = sorted(params.lists())
    language = translation.get_language() or ""
    # The reader's role and client too: a change made without saving the user (an update())
    # renews no stamp, but must not be answered with what the reader could see before.
    reader = f"{user.pk}|{user.role}|{user.client_id}"
    raw = f"{stamp}|{reader}|{path}|{query}|{language}|{media_type}"
    return "figures:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_fragment(request, render) -> str:
    """A portal page's figures, rendered by ``render()`` to HTML, kept like ``cached_figures``
    keeps JSON while the client's stamp is unchanged (agency readers are not cached). Only the
    figures: the page around them carries the reader's CSRF token for its forms."""
    user = request.user
    timeout = settings.SCORES_CACHE_SECONDS
    if not timeout or user.client_id is None:
        return render()
    key = _key(user, request.path, request.GET, "text/html")
    body = cache.get(key)
    if body is None:
        body = render()
        cache.set(key, body, timeout)
    return body


# The attribute a figures response (JSON or a page) carries with its reader's id:
# ``scoring.middleware`` keeps only responses so marked, for that reader.
FIGURES_READER = "figures_reader"
# The attribute a page carries with the CSRF token put into it, so that it is not kept.
CSRF_INSERTED = "csrf_inserted"


def cached_figures(get):
    """Wrap a comparison view's ``get``: serve the rendered JSON from the cache while the
    client's stamp is unchanged. The bytes are cached, not the data, so a hit neither decodes
    nor encodes a leaderboard again (one of a hundred locations is some 60 kB)."""

    @functools.wraps(get)
    def wrapper(view, request, *args, **kwargs):
        user = request.user
        timeout = settings.SCORES_CACHE_SECONDS
        renderer = request.accepted_renderer
        if not timeout or user.client_id is None or not isinstance(renderer, JSONRenderer):
            return get(view, request, *args, **kwargs)
        key = _key(user, request.path, request.query_params, request.accepted_media_type)
        content_type = (
            f"{renderer.media_type}; charset={renderer.charset}"
            if renderer.charset
            else renderer.media_type
        )
        body = cache.get(key)
        if body is None:
            response = get(view, request, *args, **kwargs)
            if response.status_code != 200:
                return response
            body = render_json(response.data)
            cache.set(key, body, timeout)
        response = HttpResponse(body, content_type=content_type)
        setattr(response, FIGURES_READER, user.pk)
        return response

    return wrapper
