"""The OpenAPI 3.1 description of the JSON API (served at /api/openapi.json; tests fuzz against it)."""
from __future__ import annotations

from typing import Any

_ERR = {"description": "refused", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _op(summary: str, ok: dict[str, Any], *codes: int, body: dict[str, Any] | None = None,
        params: bool = False, public: bool = False) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": {**ok, **{str(c): _ERR for c in codes}}}
    if not public:
        op["responses"].setdefault("401", _ERR)
        op["responses"].setdefault("403", _ERR)
        op["responses"].setdefault("429", _ERR)  # too many wrong tokens from this address (limits.py)
    else:
        op["security"] = []
    op["responses"].setdefault("503", _ERR)  # the database is unreachable or locked (outage.py)
    if body:
        op["requestBody"] = body
    if params:
        op["parameters"] = [{"name": "case_id", "in": "path", "required": True,
                             "schema": {"type": "integer", "minimum": 1}}]
    return op


def _json(schema: dict[str, Any], desc: str = "ok") -> dict[str, Any]:
    return {"description": desc, "content": {"application/json": {"schema": schema}}}


def document() -> dict[str, Any]:
    """The API document; never raises."""
    obj = {"type": "object"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "posters", "version": "1",
                 "description": "Cases, review, approval and publication of missing-child posters."},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"],
                          "properties": {"error": {"type": "string"}, "errors": {"type": "array"}}},
                "Case": {"type": "object", "required": ["id", "state"],
                         "description": "case_ref, content_version and holder are staff fields: absent for "
                                        "social_media",
                         "properties": {"id": {"type": "integer"}, "case_ref": {"type": "string"},
                                        "state": {"enum": ["draft", "ready_for_review", "approved", "published",
                                                           "taken_down"]},
                                        "content_version": {"type": "integer"},
                                        "holder": {"type": ["string", "null"]},
                                        "updated_at": {"type": "string"}}},
            },
        },
        "security": [{"bearer": []}],
        "paths": {
            "/healthz": {"get": _op("liveness", {"200": _json({"type": "object", "required": ["status"],
                                                               "properties": {"status": {"const": "ok"}}})},
                                    public=True)},
            "/api/cases": {
                "get": _op("list cases", {"200": _json({"type": "object", "properties": {
                    "cases": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}}}})}),
                "post": _op("create a case from case.yaml and its photos (case_manager)",
                            {"201": _json({"type": "object", "required": ["id"],
                                           "properties": {"id": {"type": "integer"}}}, "created")}, 422,
                            body={"required": True, "content": {"multipart/form-data": {"schema": {
                                "type": "object", "required": ["case"],
                                "properties": {"case": {"type": "string", "format": "binary"},
                                               "photos": {"type": "array",
                                                          "items": {"type": "string", "format": "binary"}}}}}}}),
            },
            "/api/cases/{case_id}": {
                "get": _op("one case", {"200": _json({"$ref": "#/components/schemas/Case"})}, 404, params=True),
                "delete": _op("delete the case, its photos, approvals, published files, audit trail and the caches "
                              "derived from its photos (admin, or case_manager for a case never published); 409 "
                              "while it has published files not taken down",
                              {"200": _json({"type": "object", "required": ["deleted"],
                                             "properties": {"deleted": {"type": "integer"},
                                                            "photos": {"type": "integer"},
                                                            "publications": {"type": "integer"},
                                                            "audit_entries": {"type": "integer"},
                                                            "cache_files": {"type": "integer"}}}, "deleted")},
                              404, 409, params=True)},
            "/api/cases/{case_id}/takedown": {"post": _op(
                "take a published, closed (recovered or cancelled) case down: every published file listed and the "
                "server's copies removed (case_manager); 409 when it is active or was never published",
                {"200": _json({"type": "object", "required": ["state", "files"],
                               "properties": {"state": {"const": "taken_down"}, "status": {"type": "string"},
                                              "warnings": {"type": "array", "items": {"type": "string"}},
                                              "files": {"type": "array", "items": obj}}})},
                404, 409, 422, params=True,
                body={"required": False, "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"reason": {"type": ["string", "null"]}}}}}})},
            "/api/cases/{case_id}/review": {"get": _op(
                "the redaction diff as `posters redact --json`, with release_hash",
                {"200": _json({"type": "object", "required": ["release_hash"],
                               "properties": {"release_hash": {"type": "string"}}})}, 404, 409, 422, params=True)},
            "/api/cases/{case_id}/decisions": {
                "get": _op("the reviewer's decisions on the diff (undone ones included) and the release_hash they make",
                           {"200": _json({"type": "object", "required": ["release_hash", "decisions"],
                                          "properties": {"release_hash": {"type": "string"},
                                                         "decisions": {"type": "array", "items": obj}}})},
                           404, 409, 422, params=True),
                "post": _op("restore or withhold with a reason, or undo a decision (reviewer, not the case's author)",
                            {"201": _json({"type": "object", "required": ["decision", "release_hash"],
                                           "properties": {"decision": obj, "release_hash": {"type": "string"},
                                                          "state": {"type": "string"}}}, "recorded")},
                            404, 409, 422, params=True,
                            body={"required": True, "content": {"application/json": {"schema": {
                                "type": "object", "required": ["action", "target"],
                                "properties": {"action": {"enum": ["restore", "withhold", "undo", "face_cover", "photo_text"]},
                                               "target": {"type": "string",
                                                          "description": "a diff path (PATH#N for a sentence); "
                                                                         "for undo, a decision id; for face_cover and "
                                                                         "photo_text, the photo (children[0].photos[0], "
                                                                         "or a companion's: companions[0].photos[0])"},
                                               "region": {"type": ["string", "null"],
                                                          "description": "photo_text: the text finding's id"},
                                               "choice": {"enum": ["keep", "cover", None],
                                                          "description": "photo_text: keep or cover that text"},
                                               "box": {"type": ["array", "null"], "minItems": 4, "maxItems": 4,
                                                       "items": {"type": "integer", "minimum": 0},
                                                       "description": "face_cover, photo_text: left, top, right, bottom "
                                                                      "in the published photo's pixels"},
                                               "reason": {"type": ["string", "null"]},
                                               "span": {"type": ["string", "null"],
                                                        "description": "withhold only: the exact text"}}}}}}),
            },
            "/api/cases/{case_id}/approve": {"post": _op(
                "approve exactly this release (reviewer, not the case's author)",
                {"200": _json(obj)}, 404, 409, 422, params=True,
                body={"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["release_hash"],
                    "properties": {"release_hash": {"type": "string"}, "note": {"type": ["string", "null"]}}}}}})},
            "/api/cases/{case_id}/publish": {"post": _op(
                "queue publication of the approved release",
                {"202": _json({"type": "object", "required": ["job"], "properties": {"job": {"type": "string"}}},
                              "queued")}, 404, 409, params=True)},
            "/api/jobs/{job}": {"get": {**_op("a job's state and progress", {"200": _json({
                "type": "object", "required": ["state", "progress"],
                "properties": {"state": {"enum": ["queued", "running", "done", "failed"]},
                               "progress": {"type": "number", "minimum": 0, "maximum": 1},
                               "error": {"type": ["string", "null"]}}})}, 404),
                "parameters": [{"name": "job", "in": "path", "required": True, "schema": {"type": "string"}}]}},
            "/api/cases/{case_id}/artifacts.zip": {"get": _op(
                "the published files with manifest.json",
                {"200": {"description": "zip", "content": {"application/zip": {"schema": {"type": "string",
                                                                                          "format": "binary"}}}}},
                404, params=True)},
            "/api/cases/{case_id}/audit": {"get": _op(
                "the audit trail and whether its hash chain verifies",
                {"200": _json({"type": "object", "required": ["entries", "verified"],
                               "properties": {"entries": {"type": "array"}, "verified": {"type": "boolean"}}})},
                404, params=True)},
        },
    }
