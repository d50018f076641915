"""Request-wide middleware: a request id on every request and log line, and the cache policy
for everything the API answers."""

from __future__ import annotations

import re
import uuid

from django.core.exceptions import SuspiciousOperation
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import JsonResponse
from django.middleware import common
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from api.errors import error_body
from api.request_ids import request_id_var

# A proxy's own id is kept when it looks like one (letters, digits, dashes; not too long);
# anything else is replaced, so a header cannot inject text into the logs.
INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
REQUEST_ID_HEADER = "X-Request-ID"


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # From META: ``request.headers`` would build a dict of every header first.
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if INCOMING_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Kept until the response is finished (below): Django logs a 4xx or 5xx only after
        # the middleware has returned.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


@receiver(request_finished)
def _forget_request_id(**kwargs) -> None:
    request_id_var.set("-")


class ApiCacheControlMiddleware:
    """Every API answer is for its reader alone: no shared cache (a proxy, a CDN) may keep a
    client's figures, photos or exports. Views that know better (an immutable checklist version)
    set their own ``Cache-Control``; the rest get ``private, no-cache`` and vary by the
    credentials they were made for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response = _json_error_for_api_client(request, response)
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Authorization", "Cookie"])
        return response


class RejectNulMiddleware:
    """A NUL character in a query parameter is refused (400, naming the parameter) before any
    view passes it to the database: PostgreSQL cannot compare text with it and would fail the
    request as a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                if not request.path.startswith("/api/"):
                    raise SuspiciousOperation("NUL character in the query string")
                # Before LocaleMiddleware: the reader's language is read here.
                with translation.override(translation.get_language_from_request(request)):
                    detail = _("Query parameters may not contain NUL.")
                body = error_body(
                    "null_character",
                    detail,
                    status_code=400,
                    attr=key.replace("\x00", ""),
                    error_type="validation_error",
                )
                return JsonResponse(body, status=400)
        return self.get_response(request)


def _json_error_for_api_client(request, response):
    """With DEBUG on (the quickstart), Django answers an unmatched path or a crash with its HTML
    debug page before any handler of ours runs. An API client gets the error shape instead; a
    browser (which asks for HTML) keeps the debug page."""
    if (
        response.status_code < 400
        or not response.get("Content-Type", "").startswith("text/html")
        or "text/html" in request.headers.get("Accept", "")
    ):
        return response
    code = {404: "not_found", 403: "permission_denied"}.get(response.status_code, "error")
    if response.status_code >= 500:
        code = "server_error"
    detail = _("Not found.") if response.status_code == 404 else _("The request failed.")
    converted = JsonResponse(
        error_body(code, detail, status_code=response.status_code), status=response.status_code
    )
    for header in ("X-Request-ID", "Retry-After"):
        if response.has_header(header):
            converted[header] = response[header]
    return converted


class CommonMiddleware(common.CommonMiddleware):
    """Django's, but an API path without its trailing slash is not redirected: a 301 answers in
    HTML, and a client following it turns a POST into a GET. It is a 404 in the API's one
    error shape, naming the path with its slash (``api.errors.page_not_found``)."""

    def should_redirect_with_slash(self, request):
        if request.path_info.startswith("/api/"):
            return False
        return super().should_redirect_with_slash(request)
