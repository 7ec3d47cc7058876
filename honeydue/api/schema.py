"""Schema post-processing: document the one error shape on every operation."""

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "example": "validation_error"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    "description": "Only on validation errors: messages per field.",
                },
            },
        }
    },
}

_COMMON = {
    "400": "Validation error (`validation_error`).",
    "401": "Missing, invalid or expired token (`not_authenticated`, `authentication_failed`).",
    "403": "Not allowed (`permission_denied`) or over the plan limit (`upgrade_required`).",
    "404": "Not found, or not yours (`not_found`).",
    "429": "Throttled (`throttled`); see the Retry-After header.",
}
_WRITE_ONLY = {
    "409": "Invalid state transition (`invalid_transition`) or conflict (`conflict`).",
    "413": "Request body too large (`request_too_large`).",
    "415": "Unsupported media type (`unsupported_media_type`).",
}


def add_error_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            extra = dict(_COMMON)
            if method in ("post", "put", "patch", "delete"):
                extra.update(_WRITE_ONLY)
            for code, description in extra.items():
                responses.setdefault(
                    code, {"description": description, "content": {"application/json": {"schema": ref}}}
                )
    return result
