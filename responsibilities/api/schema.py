"""The OpenAPI description of what the API answers beyond its serializers: the version JSON
(recursive sections), the diff, the import report, and the one error shape.

Added to the generated schema as components by ``add_components`` (a drf-spectacular
post-processing hook); views name them with ``ref``. Each must say exactly what
``reading.page.version_document``, ``documents.diff_document`` and ``documents.import_document``
write: Schemathesis checks every response against them.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, *, optional: tuple[str, ...] = (), description: str = "") -> dict:
    schema = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
    }
    if description:
        schema["description"] = description
    return schema


_TEXT = {"type": "string"}
_TEXTS = {"type": "array", "items": _TEXT}
_LETTERS = {"type": "string", "pattern": "^R?A?C?I?$", "description": "Letters in canonical order (RA, not AR)."}
_ASSIGNMENTS = {
    "type": "object",
    "additionalProperties": _LETTERS,
    "description": 'Each party\'s letters ("" when it has no role).',
}
_NULLABLE_ASSIGNMENTS = {**_ASSIGNMENTS, "nullable": True}
_COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}

COMPONENTS = {
    "Error": _object(
        {
            "detail": {**_TEXT, "description": "What went wrong, in one sentence."},
            "errors": {
                "type": "object",
                "additionalProperties": _TEXTS,
                "description": "Validation errors only: each field concerned and its messages.",
            },
        },
        optional=("errors",),
    ),
    "MatrixActivity": _object(
        {"key": {**_TEXT, "description": "Stable across versions."}, "text": _TEXT, "assignments": _ASSIGNMENTS}
    ),
    "MatrixSection": _object(
        {
            "number": {**_TEXT, "description": 'Derived from its place: "3.1."'},
            "title": _TEXT,
            "note": {**_TEXT, "description": "Only when the section has one."},
            "activities": {"type": "array", "items": ref("MatrixActivity")},
            "children": {"type": "array", "items": ref("MatrixSection")},
        },
        optional=("note",),
    ),
    "VersionDocument": _object(
        {
            "service": _TEXT,
            "version": {"type": "integer", "nullable": True},
            "title": _TEXT,
            "introduction": _TEXT,
            "last_updated": {"type": "string", "format": "date", "nullable": True},
            "change_summary": _TEXT,
            "parties": _TEXTS,
            "sections": {"type": "array", "items": ref("MatrixSection")},
            "fingerprint": {**_TEXT, "description": "SHA-256 (hex) of the canonical JSON, without this key."},
            "language": {**_TEXT, "description": "Only in a translation (?lang=): its language."},
            "languages": {**_TEXTS, "description": "Only when it has translations: its languages, its own first."},
        },
        optional=("language", "languages"),
        description="The whole published version: the interchange JSON of its download (…/versions/<n>.json).",
    ),
    "DiffVersion": _object(
        {"number": {"type": "integer"}, "fingerprint": _TEXT, "last_updated": {"type": "string", "format": "date"}}
    ),
    "DiffRow": _object(
        {
            "key": _TEXT,
            "section": _TEXT,
            "section_title": _TEXT,
            "text": _TEXT,
            "assignments": _ASSIGNMENTS,
        }
    ),
    "Diff": _object(
        {
            "service": _TEXT,
            "from": ref("DiffVersion"),
            "to": ref("DiffVersion"),
            "summary": {**_COUNTS, "description": "The counts on top of the diff page."},
            "parties_added": _TEXTS,
            "parties_removed": _TEXTS,
            "sections": {
                "type": "array",
                "items": _object(
                    {
                        "kind": {"type": "string", "enum": ["added", "removed", "renamed"]},
                        "old_number": _TEXT,
                        "old_title": _TEXT,
                        "new_number": _TEXT,
                        "new_title": _TEXT,
                    }
                ),
            },
            "added": {"type": "array", "items": ref("DiffRow")},
            "removed": {"type": "array", "items": ref("DiffRow")},
            "reworded": {
                "type": "array",
                "items": _object(
                    {
                        "old": ref("DiffRow"),
                        "new": ref("DiffRow"),
                        "words": {
                            "type": "array",
                            "items": _object(
                                {"op": {"type": "string", "enum": ["equal", "delete", "insert"]}, "text": _TEXT}
                            ),
                        },
                    }
                ),
            },
            "moved": {"type": "array", "items": _object({"old": ref("DiffRow"), "new": ref("DiffRow")})},
            "cell_changes": {
                "type": "array",
                "items": {
                    "allOf": [ref("DiffRow"), _object({"party": _TEXT, "old": _LETTERS, "new": _LETTERS})],
                },
            },
            "shifts": {
                "type": "array",
                "description": "An R or A moving between the customer and the provider side.",
                "items": {
                    "allOf": [
                        ref("DiffRow"),
                        _object(
                            {
                                "letter": {"type": "string", "enum": ["R", "A"]},
                                "direction": {"type": "string", "enum": ["to_customer", "to_provider"]},
                                "old_holders": _TEXTS,
                                "new_holders": _TEXTS,
                            }
                        ),
                    ]
                },
            },
        },
        description="What changed from one published version to another, as the public diff page shows it.",
    ),
    "ImportRow": _object(
        {
            "section": _TEXT,
            "text": _TEXT,
            "before": _NULLABLE_ASSIGNMENTS,
            "after": _NULLABLE_ASSIGNMENTS,
            "moved_from": {**_TEXT, "description": "The section it leaves, when it moves."},
            "old_text": {**_TEXT, "description": "The text it had, when the import rewords it."},
        }
    ),
    "ImportReport": _object(
        {
            "dry_run": {"type": "boolean"},
            "source": _TEXT,
            "sentence": {**_TEXT, "description": "What the import changes in the draft, in words."},
            "counts": _COUNTS,
            "caution": {
                **_TEXT,
                "description": 'A warning before damage (the file may not be this service\'s), or "".',
            },
            "warnings": {**_TEXTS, "description": "What the reader repaired in the file."},
            "rule_problems": {
                "type": "array",
                "items": _object({"section": _TEXT, "activity": _TEXT, "reasons": _TEXTS}),
                "description": "Activities breaking the A/R rule (exactly one A, at least one R).",
            },
            "identical_to_published": {"type": "boolean"},
            "published_sentence": {**_TEXT, "description": "How the file differs from the current version (dry runs)."},
            "parties": {
                "type": "object",
                "nullable": True,
                "properties": {"before": _TEXTS, "after": _TEXTS},
                "required": ["before", "after"],
            },
            "added": {"type": "array", "items": ref("ImportRow")},
            "changed": {"type": "array", "items": ref("ImportRow")},
            "removed": {"type": "array", "items": ref("ImportRow")},
            "letter_changes": {
                "type": "array",
                "items": _object(
                    {"section": _TEXT, "text": _TEXT, "party": _TEXT, "before": _LETTERS, "after": _LETTERS}
                ),
            },
            "message": {**_TEXT, "description": "After an import (not a dry run): the admin's message."},
        },
        optional=("message",),
    ),
}


#: Path and query parameters as the URLconf accepts them (anything else is a 404 of the URL itself).
_NUMBER = {"type": "integer", "minimum": 1, "maximum": 2_147_483_647}
PARAMETERS = {
    "slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "description": "The slug.", "example": "email-pro"},
    "number": {**_NUMBER, "description": "A version number.", "example": 1},
    "a": {**_NUMBER, "description": "The older version's number.", "example": 1},
    "b": {**_NUMBER, "description": "The newer version's number.", "example": 2},
    "page": {"type": "integer", "minimum": 1, "description": "A page of the list, from 1."},
    "page_size": {"type": "integer", "minimum": 1, "maximum": 200, "description": "Items a page (default 50)."},
}


def add_components(result, generator, request, public):
    """drf-spectacular post-processing hook: the components above, beside the generated ones, and
    the parameters' types as the URLconf reads them."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] in PARAMETERS and parameter["in"] in ("path", "query"):
                    schema = dict(PARAMETERS[parameter["name"]])
                    parameter.setdefault("description", schema.pop("description"))
                    if "example" in schema:
                        parameter["example"] = schema.pop("example")
                    parameter["schema"] = schema
    return result


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ref("Error"), description=description)


#: The errors every read can answer.
READ_ERRORS = {
    304: OpenApiResponse(description="Not modified: the client's copy (If-None-Match) is current."),
    429: error("Too many requests from this client; retry after the Retry-After header's seconds."),
}
