"""The JSON API for scripts and case-management systems: Bearer tokens, the same roles and checks as the pages."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from flask_wtf.csrf import validate_csrf
from sqlalchemy import select
from wtforms import ValidationError

from .. import audit, casework, publishing, retention, uploads
from .. import db as database
from ..errors import Invalid, NotFound, WebError
from ..models import DELETED, CaseRecord, Publication
from ..openapi import document
from ..security import allowed, require
from . import releases
from .cases import cache_dirs
from .common import case_or_404, config, user

bp = Blueprint("api", __name__)


@bp.before_request
def _authenticate():
    if request.endpoint in ("api.healthz", "api.openapi"):
        return None
    if g.get("user") is None:
        if g.get("via_token"):
            from ..limits import wrong_token_refusal

            message, status = wrong_token_refusal()
            return jsonify({"error": message}), status
        return jsonify({"error": "log in or send Authorization: Bearer TOKEN"}), 401
    if request.method not in ("GET", "HEAD", "OPTIONS") and not g.get("via_token"):
        try:  # a browser session must prove the request came from our page
            validate_csrf(request.headers.get("X-CSRFToken", ""))
        except ValidationError:
            return jsonify({"error": "missing or wrong X-CSRFToken header"}), 400
    return None


def _case_json(c: CaseRecord) -> dict:
    public = {"id": c.id, "state": c.state, "updated_at": c.updated_at.isoformat() + "Z"}
    if not allowed(user(), "case.internal"):
        return public  # social media: which case and where it stands, never the agency's id or staff names
    return {**public, "case_ref": c.case_ref, "content_version": c.content_version,
            "holder": c.holder.username if c.holder else None}


@bp.route("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@bp.route("/api/openapi.json")
def openapi():
    return jsonify(document())


@bp.route("/api/cases", methods=["GET"])
def list_cases():
    u = user()
    require(u, "queue.view")
    query = select(CaseRecord).where(CaseRecord.state != DELETED).order_by(CaseRecord.id)
    if not (u.roles & {"case_manager", "reviewer"}):
        query = query.where(CaseRecord.state.in_(("published", "taken_down")))
    return jsonify({"cases": [_case_json(c) for c in database.session().scalars(query)]})


@bp.route("/api/cases", methods=["POST"])
def create_case():
    u = user()
    require(u, "case.create")
    upload = request.files.get("case")
    if upload is None:
        raise Invalid("send the case file as the multipart field 'case'",
                      errors=[{"path": "case", "message": "is required but missing", "line": None, "level": "error"}])
    try:
        text = upload.read().decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid("the case file is not UTF-8 text",
                      errors=[{"path": "case", "message": "is not UTF-8 text", "line": None, "level": "error"}]) from None
    photos = uploads.photo_uploads(request.files.getlist("photos"))
    case, result = casework.create(database.session(), u, text, photos, require_valid=True)
    return jsonify({"id": case.id, "state": case.state,
                    "findings": [f.as_json() for f in result.findings]}), 201


@bp.route("/api/cases/<int:case_id>", methods=["GET", "DELETE"])
def get_case(case_id: int):
    """GET: one case; DELETE: the case and everything derived from it (retention.py: who, and when not)."""
    if request.method == "DELETE":
        case = case_or_404(case_id, "case.delete")
        done = retention.delete_case(database.session(), user(), case, cache_dirs(config()), config().data_dir)
        return jsonify({"deleted": done["case"], "photos": done["photos"], "publications": done["publications"],
                        "audit_entries": done["audit_entries"], "cache_files": done["cache_files"]})
    return jsonify(_case_json(case_or_404(case_id, "case.view")))


@bp.route("/api/cases/<int:case_id>/takedown", methods=["POST"])
def takedown(case_id: int):
    """Take a published case that is closed (recovered or cancelled) down: every published file, listed."""
    case = case_or_404(case_id, "case.edit")
    body = request.get_json(silent=True)
    reason = body.get("reason") if isinstance(body, dict) else None
    if reason is not None and not isinstance(reason, str):
        raise WebError("reason must be text", status=422)
    result = casework.take_down(database.session(), user(), case, reason or "", config().data_dir)
    return jsonify({"state": case.state, "status": result.status, "warnings": list(result.warnings),
                    "files": [{"name": f.name, "sha256": f.sha256, "kind": f.kind, "state": f.state}
                              for f in result.files]})


@bp.route("/api/cases/<int:case_id>/review", methods=["GET"])
def review(case_id: int):
    case = case_or_404(case_id, "case.view")
    doc = {k: v for k, v in publishing.current_review(case).items() if not k.startswith("_")}
    return jsonify(doc)


@bp.route("/api/cases/<int:case_id>/decisions", methods=["GET", "POST"])
def decisions(case_id: int):
    """GET: the reviewer's decisions on the diff (undone ones included) and the release they make; POST: decide."""
    if request.method == "POST":
        return decide(case_id)
    case = case_or_404(case_id, "case.view")
    doc = publishing.current_review(case)
    return jsonify({"release_hash": doc["release_hash"], "decisions": doc.get("review_decisions") or []})


def decide(case_id: int):
    """Restore or withhold (a field, a sentence PATH#N, or a span of text) with a reason, undo a decision,
    or cover a box on a photo (face_cover: target is the photo, box its pixels); the same rules and
    audit entry as the review page."""
    case = case_or_404(case_id, "case.review")
    body = request.get_json(silent=True)
    fields = ("action", "target", "reason", "span", "region", "choice")
    if not isinstance(body, dict) or not isinstance(body.get("action"), str) or not isinstance(body.get("target"), str) \
            or any(body.get(k) is not None and not isinstance(body.get(k), str) for k in fields):
        raise WebError('send JSON {"action": "restore|withhold|undo", "target": "PATH or decision id", '
                       '"reason": "...", "span": "exact text (withhold only, optional)"}', status=422)
    db = database.session()
    box = body.get("box")
    if box is not None and not (isinstance(box, list) and len(box) == 4 and all(type(v) is int for v in box)):
        raise WebError("box must be [left, top, right, bottom], four whole numbers of pixels", status=422)
    decision = publishing.decide(db, case, user(), body["action"], body["target"], body.get("reason") or "",
                                 body.get("span") or None, box, body.get("region") or "", body.get("choice") or "")
    return jsonify({"decision": decision, "release_hash": publishing.current_review(case)["release_hash"],
                    "state": case.state}), 201


@bp.route("/api/cases/<int:case_id>/approve", methods=["POST"])
def approve(case_id: int):
    case = case_or_404(case_id, "case.approve")
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("release_hash"), str):
        raise WebError('send JSON {"release_hash": "...", "note": "..."}', status=422)
    note = body.get("note")
    if note is not None and not isinstance(note, str):
        raise WebError("note must be text", status=422)
    approval = publishing.approve(database.session(), case, user(), body["release_hash"], note)
    return jsonify({"approved": True, "release_hash": approval.release_hash, "approval": approval.id,
                    "reviewer": user().username})


@bp.route("/api/cases/<int:case_id>/publish", methods=["POST"])
def publish(case_id: int):
    case = case_or_404(case_id, "case.publish")
    pub = releases.start_publication(case)
    return jsonify({"job": pub.job_id}), 202


@bp.route("/api/jobs/<job>", methods=["GET"])
def job(job: str):
    u = user()
    require(u, "case.publish")
    db = database.session()
    pub = db.scalar(select(Publication).where(Publication.job_id == job))
    if pub is None:
        raise NotFound("there is no such job")
    return jsonify({"state": pub.state, "progress": round(pub.progress, 3), "error": pub.error,
                    "case": pub.case_id, "release_hash": pub.release_hash})


@bp.route("/api/cases/<int:case_id>/artifacts.zip", methods=["GET"])
def artifacts(case_id: int):
    case = case_or_404(case_id, "release.download")
    return releases.zip_response(case)


@bp.route("/api/cases/<int:case_id>/audit", methods=["GET"])
def audit_trail(case_id: int):
    case = case_or_404(case_id, "audit.view")
    db = database.session()
    v = audit.verify(db, case.id)
    return jsonify({"entries": [audit.as_json(e) for e in audit.entries(db, case.id)], "verified": v.verified,
                    "broken_at": v.broken_at})
