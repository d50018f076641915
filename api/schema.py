"""drf-spectacular hooks: document the one error shape on every operation."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every 4xx body. `attr` names the offending field (dotted path) or is null.",
    "properties": {
        "type": {"type": "string", "enum": ["validation_error", "client_error", "server_error"]},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "detail": {"type": "string"},
                    "attr": {"type": "string", "nullable": True},
                },
                "required": ["code", "detail", "attr"],
            },
        },
        "error_id": {
            "type": "string",
            "description": "Only on a 5xx: the id the server logged the failure under (also in "
            "the `X-Request-ID` header). Quote it when reporting the problem.",
        },
    },
    "required": ["type", "errors"],
}

ERROR_RESPONSES = {
    "400": "The input is not valid; each error names its field.",
    "401": "No valid token or session.",
    "403": "You may see this but not do this.",
    "404": "Not found, or not yours to see.",
    "503": "The database is briefly unreachable; nothing was stored. Send the same request "
    "again after `Retry-After` seconds.",
}


# Operations whose requests are counted by a throttle (api.throttling).
THROTTLED_OPERATIONS = {"v1_auth_token_create", "v1_submissions_create", "v1_photos_create"}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_RESPONSES.items():
                if status == "400" and method == "get":
                    continue
                if status == "401" and not operation.get("security"):
                    continue
                responses.setdefault(
                    status,
                    {"content": {"application/json": {"schema": ref}}, "description": description},
                )
            if "requestBody" in operation:
                responses.setdefault(
                    "413",
                    {
                        "content": {"application/json": {"schema": ref}},
                        "description": "The body is larger than this endpoint accepts.",
                    },
                )
            if operation.get("operationId") in THROTTLED_OPERATIONS:
                responses.setdefault(
                    "429",
                    {
                        "content": {"application/json": {"schema": ref}},
                        "description": "Too many requests (or, signing in, too many failed "
                        "attempts for this username); retry after `Retry-After` seconds.",
                        "headers": {
                            "Retry-After": {
                                "schema": {"type": "integer"},
                                "description": "Seconds to wait before trying again.",
                            }
                        },
                    },
                )
    return result
