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
    },
    "required": ["type", "errors"],
}

ERROR_RESPONSES = {
    "400": "The input is not valid; each error names its field.",
    "401": "No valid token or session.",
    "403": "You may see this but not do this.",
    "404": "Not found, or not yours to see.",
}


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
    return result
