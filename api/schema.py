"""drf-spectacular hooks: document the one error shape on every operation, and the rules on
text and fields the server keeps."""

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
                    "current_state": {
                        "type": "string",
                        "description": "Only on a 409 from a state change: the state the object "
                        "is in now.",
                    },
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


RETRY_AFTER = {
    "schema": {"type": "integer", "minimum": 0},
    "description": "Seconds to wait before sending the same request again.",
}


# Operations that answer 409: a state change the object's state does not allow (the error names
# its `current_state`), or an id the phone already used for other content.
CONFLICTING_OPERATIONS = {
    "v1_assignments_accept_create": "The assignment's state does not allow this now.",
    "v1_assignments_decline_create": "The assignment's state does not allow this now.",
    "v1_assignments_no_contact_create": "Not a follow-up contact (`not_a_follow_up`), its "
    "window has not ended (`window_still_open`), or it has a visit or was declined or "
    "cancelled.",
    "v1_submissions_create": "The assignment is not accepted, the audit's state does not take "
    "a submission, or you used this id for other content (`idempotency_key_reused`).",
    "v1_photos_create": "The audit does not take photos now, the submission is not its newest, "
    "or you used this id for another file (`idempotency_key_reused`).",
    "v1_audits_approve_create": "The audit's state does not allow approval.",
    "v1_audits_return_create": "The audit's state does not allow returning it.",
    "v1_audits_reject_create": "The audit is approved or rejected already: it is final.",
    "v1_audits_release_create": "Only a held audit can be released.",
    "v1_audits_amend_create": "Only a submitted or approved audit can be amended.",
    "v1_audits_appeals_create": "The time to appeal has ended (`appeal_window_closed`), or the "
    "item is already under appeal (`appeal_open`).",
    "v1_appeals_decide_create": "The appeal is decided already.",
    "v1_assignments_reassign_create": "The assignment is cancelled or visited already.",
    "v1_waves_create": "You used this key for another plan (`idempotency_key_reused`).",
    "v1_audits_flags_clear_create": "The audit is approved: its flags are final.",
    "v1_codex_versions_publish_create": "The version is published already.",
    "v1_jobs_download_retrieve": "The job has not succeeded (yet); `current_state` says where "
    "it is.",
}
# Operations whose requests are counted by a throttle (api.throttling).
THROTTLED_OPERATIONS = {
    "v1_auth_token_create": "Too many sign-ins from this address, or too many failed ones for "
    "this username (`locked_out`: refused even with the right password until then); retry "
    "after `Retry-After` seconds.",
    "v1_submissions_create": "Too many submissions from this phone in a short time; send the "
    "same request again after `Retry-After` seconds (nothing was stored).",
    "v1_photos_create": "Too many photos from this phone in a short time; send the same "
    "upload again after `Retry-After` seconds (nothing was stored).",
}


# No text the server takes may hold a NUL character (api.parsers, api.middleware): said in the
# schema, so a generated client or a fuzzer does not send what is refused anyway.
NO_NUL = "^[^\\u0000]*$"


def _forbid_nul(schema: dict) -> None:
    if schema.get("type") == "string" and not ({"enum", "format", "pattern"} & set(schema)):
        schema["pattern"] = NO_NUL
    for child in schema.get("properties", {}).values():
        _forbid_nul(child)
    if isinstance(schema.get("items"), dict):
        _forbid_nul(schema["items"])


# Request objects whose parser refuses a field it does not know (``unknown_field``), rather than
# ignoring it as DRF's serializers do: an answer (audits.answers.parse_answers).
CLOSED_REQUESTS = {"AnswerInputRequest", "TimedAnswerInputRequest"}


def forbid_nul_characters(result, generator, request, public):
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            _forbid_nul(schema)
        if name in CLOSED_REQUESTS:
            schema["additionalProperties"] = False
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and "schema" in parameter:
                    _forbid_nul(parameter["schema"])
    return result


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            takes_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
            for status, description in ERROR_RESPONSES.items():
                if status == "400" and method == "get" and not takes_query:
                    continue
                if status == "401" and not operation.get("security"):
                    continue
                responses.setdefault(
                    status,
                    {"content": {"application/json": {"schema": ref}}, "description": description},
                )
                if status == "503":
                    responses[status].setdefault("headers", {"Retry-After": RETRY_AFTER})
            if operation.get("operationId") in CONFLICTING_OPERATIONS:
                responses.setdefault(
                    "409",
                    {
                        "content": {"application/json": {"schema": ref}},
                        "description": CONFLICTING_OPERATIONS[operation["operationId"]],
                    },
                )
            responses.setdefault(
                "406",
                {
                    "content": {"application/json": {"schema": ref}},
                    "description": "The `Accept` header asks for a format this operation does "
                    "not give.",
                },
            )
            if "requestBody" in operation:
                responses.setdefault(
                    "415",
                    {
                        "content": {"application/json": {"schema": ref}},
                        "description": "The body's `Content-Type` is not one this operation reads.",
                    },
                )
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
                        "description": THROTTLED_OPERATIONS[operation["operationId"]],
                        "headers": {"Retry-After": RETRY_AFTER},
                    },
                )
    return result


def _needs_fields(schema: dict, components: dict) -> bool:
    """Whether a request schema names a field it cannot go without (through refs and oneOf)."""
    if "$ref" in schema:
        return _needs_fields(components.get(schema["$ref"].rsplit("/", 1)[-1], {}), components)
    if "oneOf" in schema:
        return all(_needs_fields(branch, components) for branch in schema["oneOf"])
    return bool(schema.get("required"))


def require_bodies_with_required_fields(result, generator, request, public):
    """drf-spectacular leaves a body optional when its schema is a oneOf (the note required only
    for some reasons): a body without its required fields is refused (400), so say it is
    required."""
    components = result.get("components", {}).get("schemas", {})
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if not body or body.get("required"):
                continue
            if any(
                _needs_fields(content.get("schema", {}), components)
                for content in body.get("content", {}).values()
            ):
                body["required"] = True
    return result


def nullable_enums_without_null_enum(result, generator, request, public):
    """A nullable enum as the enum with `nullable: true`, not `oneOf` it and a `NullEnum` (an
    enum of `null` alone, which Java generates as an enum with no constant: it does not
    compile, and other generators make a wrapper type of it)."""
    schemas = result.get("components", {}).get("schemas", {})
    null_ref = "#/components/schemas/NullEnum"

    def rewrite(node):
        if isinstance(node, dict):
            branches = node.get("oneOf")
            if isinstance(branches, list) and {"$ref": null_ref} in branches:
                rest = [branch for branch in branches if branch != {"$ref": null_ref}]
                del node["oneOf"]
                node["allOf" if len(rest) == 1 else "oneOf"] = rest
                node["nullable"] = True
            for child in node.values():
                rewrite(child)
        elif isinstance(node, list):
            for child in node:
                rewrite(child)

    rewrite(result)
    schemas.pop("NullEnum", None)
    return result


# Who each operation is for, so that a generator puts the phone's, the desk's and the client's
# operations in modules of their own: the first rule whose method (None: any) and path match.
# Some are read by more than one audience (an audit by its auditor, the desk and the client);
# each is tagged for the one that works with it most.
AUDIENCES = {
    "phone": "The auditor's phone: assignments, checklists, submissions and photos.",
    "desk": "The agency's reviewers and planners: review, appeals to decide, waves, imports.",
    "client": "The client's people: figures, reports, exports, actions, appeals, the codex's "
    "handbook and sign-off, webhooks.",
    "admin": "The agency's admins: writing and publishing a codex; the health check.",
    "account": "Everyone: signing in and out, who you are, your e-mail notifications.",
}
AUDIENCE_RULES = [
    (None, r"^/api/v1/(auth/|me/)", "account"),
    (None, r"^/api/v1/notifications/", "account"),
    (None, r"^/api/v1/assignments/\{id\}/reassign/$", "desk"),
    (None, r"^/api/v1/(assignments|submissions|checklists|checklist-versions)/", "phone"),
    ("post", r"^/api/v1/photos/$", "phone"),
    (None, r"^/api/v1/audits/\{id\}/(appeals|report\.pdf)", "client"),
    (None, r"^/api/v1/(audits|review|auditors|waves|imports|photos|desk)/", "desk"),
    (None, r"^/api/v1/appeals/(report/|\{id\}/decide/)", "desk"),
    (None, r"^/api/v1/codex/(imports/|versions/\{id\}/publish/)", "admin"),
    (None, r"^/api/v1/health/", "admin"),
    (
        None,
        r"^/api/v1/(scores|exports|jobs|actions|appeals|codex|locations|regions|webhooks)/",
        "client",
    ),
]


def operations_by_audience(result, generator, request, public):
    """Every operation tagged with its audience (``AUDIENCES``), and its operationId a plain
    identifier (``v1_exports_._retrieve`` was renamed differently by each generator)."""
    import re

    seen = {}
    for path, path_item in result.get("paths", {}).items():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            tag = next(
                (
                    audience
                    for only, pattern, audience in AUDIENCE_RULES
                    if (only is None or only == method) and re.search(pattern, path)
                ),
                None,
            )
            if tag is None:
                raise ValueError(f"{method.upper()} {path} has no audience in AUDIENCE_RULES")
            operation["tags"] = [tag]
            identifier = re.sub(r"_+", "_", re.sub(r"\W", "_", operation["operationId"]))
            if identifier in seen:
                raise ValueError(f"{identifier} names both {seen[identifier]} and {path}")
            seen[identifier] = path
            operation["operationId"] = identifier
    result["tags"] = [
        {"name": name, "description": description} for name, description in AUDIENCES.items()
    ]
    return result
