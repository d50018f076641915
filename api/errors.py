"""One error shape for the whole API, and the domain errors services raise.

Every 4xx body is::

    {"type": "validation_error" | "client_error",
     "errors": [{"code": "<stable code>", "detail": "<human text>", "attr": "<path or null>"}]}

``attr`` names the offending field with dots for nesting (``answers.greeting_seconds.value``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class DomainError(Exception):
    """A business rule refused the request. Services raise it; the handler renders it."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "invalid"

    def __init__(
        self, message: str, *, code: str | None = None, attr: str | None = None, **extra: Any
    ):
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.attr = attr
        self.extra = extra

    def as_errors(self) -> list[dict[str, Any]]:
        return [{"code": self.code, "detail": self.message, "attr": self.attr, **self.extra}]


class DomainValidationError(DomainError):
    """Several problems found at once (publishing a checklist, validating a submission)."""

    def __init__(self, problems: list[dict[str, Any]], message: str = "The input is not valid."):
        super().__init__(message, code="invalid")
        self.problems = problems

    def as_errors(self) -> list[dict[str, Any]]:
        return self.problems


class NotFoundError(DomainError):
    """What you may not see, or what is not there: the two are never told apart."""

    status_code = status.HTTP_404_NOT_FOUND
    code = "not_found"


class ConflictError(DomainError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"


def _flatten(detail: Any, path: str | None = None) -> list[dict[str, Any]]:
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            if key == "non_field_errors":
                child_path = path
            else:
                child_path = f"{path}.{key}" if path else str(key)
            errors.extend(_flatten(value, child_path))
        return errors
    if isinstance(detail, list):
        errors = []
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                errors.extend(_flatten(value, f"{path}.{index}" if path else str(index)))
            else:
                errors.extend(_flatten(value, path))
        return errors
    code = getattr(detail, "code", None) or "invalid"
    return [{"code": code, "detail": str(detail), "attr": path}]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        error_type = "validation_error" if exc.status_code == 400 else "client_error"
        return Response({"type": error_type, "errors": exc.as_errors()}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        response.data = {"type": "validation_error", "errors": errors}
    else:
        code = getattr(exc.detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {
            "type": "client_error" if response.status_code < 500 else "server_error",
            "errors": [{"code": code, "detail": str(exc.detail), "attr": None}],
        }
    return response
