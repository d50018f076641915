"""One error shape for the whole API, and the domain errors services raise.

Every 4xx body is::

    {"type": "validation_error" | "client_error",
     "errors": [{"code": "<stable code>", "detail": "<human text>", "attr": "<path or null>"}]}

``attr`` names the offending field with dots for nesting (``answers.greeting_seconds.value``).
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from api.parsers import RequestTooLarge, TooManyFields
from api.request_ids import current_request_id

logger = logging.getLogger(__name__)

# What a phone is told to wait when the database is briefly unreachable.
DATABASE_RETRY_AFTER_SECONDS = 5


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


def _from_django(exc: Exception) -> Exception:
    """Django's own exceptions as the API errors they mean."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return exceptions.ValidationError(detail=detail)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, RequestDataTooBig):
        return RequestTooLarge()
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return TooManyFields()
    if isinstance(exc, SuspiciousOperation):
        return exceptions.ParseError(_("The request was refused as malformed."))
    return exc


def error_body(
    code: str,
    detail: str,
    *,
    status_code: int,
    attr: str | None = None,
    error_type: str | None = None,
) -> dict[str, Any]:
    """The one error shape, for errors raised outside a view's exception handler."""
    body: dict[str, Any] = {
        "type": error_type or ("client_error" if status_code < 500 else "server_error"),
        "errors": [{"code": code, "detail": detail, "attr": attr}],
    }
    if status_code >= 500:
        body["error_id"] = current_request_id()
    return body


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


def _unavailable_body() -> dict:
    return error_body(
        "service_unavailable",
        _("The service is briefly unavailable; send the same request again shortly."),
        status_code=503,
    )


def _log_unavailable(exc: BaseException, response) -> None:
    """One line a 503 (the traceback only at DEBUG), and Django's own line for the response
    left out: a database that is down for a minute must not bury the log."""
    first_line = next(iter(str(exc).strip().splitlines()), type(exc).__name__)
    logger.warning("database unavailable: %s", first_line)
    logger.debug("database unavailable", exc_info=exc)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    response._has_been_logged = True


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, OperationalError | InterfaceError):
        # The database is unreachable (restarting, failing over, timing out): nothing was
        # stored, and the same request will work once it is back. A 503 with Retry-After says
        # so to the phone.
        response = Response(_unavailable_body(), status=status.HTTP_503_SERVICE_UNAVAILABLE)
        _log_unavailable(exc, response)
        return response
    if isinstance(exc, DomainError):
        error_type = "validation_error" if exc.status_code == 400 else "client_error"
        return Response({"type": error_type, "errors": exc.as_errors()}, status=exc.status_code)
    exc = _from_django(exc)

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


# --- Django's own error views ----------------------------------------------------------------
# An id that matches no route (/api/v1/audits/abc/), a body Django refuses before any view runs,
# an unhandled exception: the API answers these in the same shape. Only the admin, a browser's
# HTML application, keeps Django's HTML pages.


def _is_admin(request) -> bool:
    """A page for people (the admin, the client's portal): an HTML error page, not JSON."""
    return request.path.startswith(("/admin/", "/portal/"))


def bad_request(request, exception, template_name="400.html"):
    if _is_admin(request):
        return defaults.bad_request(request, exception)
    api_error = _from_django(exception)
    if isinstance(api_error, exceptions.APIException):
        code, detail, status_code = (
            api_error.default_code,
            str(api_error.detail),
            api_error.status_code,
        )
    else:
        code, detail, status_code = "bad_request", _("The request was refused as malformed."), 400
    return JsonResponse(error_body(code, detail, status_code=status_code), status=status_code)


def permission_denied(request, exception, template_name="403.html"):
    if _is_admin(request):
        return defaults.permission_denied(request, exception)
    return JsonResponse(
        error_body("permission_denied", _("You may not do this."), status_code=403), status=403
    )


def page_not_found(request, exception, template_name="404.html"):
    if _is_admin(request):
        return defaults.page_not_found(request, exception)
    detail = _("Not found.")
    path = request.path_info
    if path.startswith("/api/") and not path.endswith("/") and _resolves(f"{path}/"):
        detail = _("Not found: this path ends with a slash, %(path)s.") % {"path": f"{path}/"}
    return JsonResponse(error_body("not_found", detail, status_code=404), status=404)


def _resolves(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def server_error(request, template_name="500.html"):
    """Logged by Django with the request id; the body names the same id for support. A
    database that could not be reached where no API view ran (a page, a middleware) is a 503
    with Retry-After, as in the API."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        if "text/html" in request.headers.get("Accept", ""):
            response = HttpResponse(
                render_to_string(
                    "unavailable.html", {"LANGUAGE_CODE": get_language()}, request=None
                ),
                status=503,
            )
        else:
            response = JsonResponse(_unavailable_body(), status=503)
        _log_unavailable(exc, response)
        return response
    if _is_admin(request):
        return defaults.server_error(request)
    body = error_body(
        "server_error",
        _(
            "Something went wrong on our side; it has been logged. Retrying later is safe; if "
            "it keeps failing, report the error id."
        ),
        status_code=500,
    )
    return JsonResponse(body, status=500)
