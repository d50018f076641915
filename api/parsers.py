"""The JSON parser every endpoint uses: it turns what phones really send into either clean
values or one 400 in the error shape, never a 500.

- JSON nested deeper than ``MAX_DEPTH`` is refused (Python's parser would otherwise hit its
  recursion limit on a few thousand levels, and a deep value is no answer to any checklist item).
- A lone UTF-16 surrogate (what a phone sends when it cuts a comment in the middle of an emoji)
  is replaced by U+FFFD, the replacement character: the text is kept and can be stored, which a
  lone surrogate cannot.
- A NUL character is refused, naming the field: databases cannot store it in text, and no
  keyboard types it.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, parsers, status
from rest_framework.exceptions import ErrorDetail, ParseError, ValidationError

MAX_DEPTH = 32


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"
    default_detail = gettext_lazy("The request body is larger than this endpoint accepts.")


class TooManyFields(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "too_many_fields"
    default_detail = gettext_lazy(
        "The request has more form fields or files than this endpoint accepts."
    )


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean_text(text: str) -> str:
    return LONE_SURROGATE.sub("\ufffd", text)


def _nul_error(path: list[str]) -> ValidationError:
    error = ErrorDetail(_("Text may not contain the NUL character."), code="null_character")
    detail: Any = [error]
    for part in reversed(path):
        detail = {part: detail}
    return ValidationError(detail)


def clean_json(value: Any) -> Any:
    """``value`` with every string cleaned, checked for depth and NUL characters. Iterative, so
    its own depth is no limit either. A value's path is kept as a link to its parent's and
    spelled out only for an error; ASCII text (nearly all) needs no surrogate check."""
    root: list[Any] = [value]
    # (container, key in it, where the value is: (where its container is, key) or None, depth)
    stack: list[tuple[Any, Any, Any, int]] = [(root, 0, None, 0)]
    while stack:
        container, key, where, depth = stack.pop()
        item = container[key]
        if isinstance(item, str):
            if "\x00" in item:
                raise _nul_error(_path(where))
            if not item.isascii():
                container[key] = _clean_text(item)
        elif isinstance(item, dict):
            if depth >= MAX_DEPTH:
                raise ParseError(_too_deep())
            cleaned = {}
            for child_key, child in item.items():
                if "\x00" in child_key:
                    raise _nul_error([*_path(where), _clean_text(child_key.replace("\x00", ""))])
                cleaned[child_key if child_key.isascii() else _clean_text(child_key)] = child
            container[key] = cleaned
            stack.extend(
                (cleaned, k, (where, k), depth + 1)
                for k, child in cleaned.items()
                if isinstance(child, str | dict | list)
            )
        elif isinstance(item, list):
            if depth >= MAX_DEPTH:
                raise ParseError(_too_deep())
            stack.extend(
                (item, i, (where, str(i)), depth + 1)
                for i, child in enumerate(item)
                if isinstance(child, str | dict | list)
            )
    return root[0]


def _path(where: Any) -> list[str]:
    parts = []
    while where is not None:
        where, part = where
        parts.append(part)
    return parts[::-1]


def _too_deep() -> str:
    return _("JSON nested deeper than %(depth)d levels is not accepted.") % {"depth": MAX_DEPTH}


def content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        # DRF reads the body as a stream, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE check.
        request = (parser_context or {}).get("request")
        if request is not None and content_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise RequestTooLarge(
                _("The body is larger than %(limit)d bytes.")
                % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
            )
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_too_deep()) from None
        return clean_json(data)
