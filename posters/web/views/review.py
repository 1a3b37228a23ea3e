"""The reviewer's page: the redaction diff (narrative decisions first) and Approve, bound to a release hash."""
from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, url_for

from .. import db as database
from .. import publishing
from ..security import allowed
from .common import case_or_404, user

bp = Blueprint("review", __name__)

NARRATIVE = ("circumstances", "public_circumstances")


def ordered_decisions(review_doc: dict) -> list[dict]:
    """Every decision, the narrative's sentences first (where a reviewer's judgement matters most)."""
    decisions = list(review_doc.get("decisions") or [])
    return sorted(decisions, key=lambda d: (not any(n in str(d.get("path", "")) for n in NARRATIVE),
                                            d.get("action") == "kept"))


@bp.route("/cases/<int:case_id>/review")
def show(case_id: int):
    case = case_or_404(case_id, "case.view")
    doc = publishing.current_review(case)
    u = user()
    return render_template("review.html", case=case, review=doc, decisions=ordered_decisions(doc),
                           can_approve=allowed(u, "case.approve", case), can_decide=allowed(u, "case.review", case),
                           approval=publishing.valid_approval(database.session(), case))


@bp.route("/cases/<int:case_id>/review/photo/<int:child>/<int:photo>")
@bp.route("/cases/<int:case_id>/review/companion-photo/<int:child>/<int:photo>", endpoint="companion_photo",
          defaults={"owner": "companions"})
def public_photo(case_id: int, child: int, photo: int, owner: str = "children"):
    """The photo as it will be published (upright, metadata gone, other faces and text covered)."""
    case = case_or_404(case_id, "case.view")
    data = publishing.current_review(case)["_photos"].get(f"{owner}[{child}].photos[{photo}]")
    if data is None:
        return Response(status=404)
    return Response(data, mimetype="image/jpeg")


@bp.route("/cases/<int:case_id>/decisions", methods=["POST"])
def decide(case_id: int):
    """Restore a withheld sentence or field, withhold more, or undo a decision; each with a reason."""
    case = case_or_404(case_id, "case.review")
    action = request.form.get("action", "")
    # A face cover's box: four number inputs (the drawing script fills them; the keyboard types them).
    photo = action in ("face_cover", "photo_text")
    box = [request.form.get(k, "") for k in ("left", "top", "right", "bottom")] if photo else None
    publishing.decide(database.session(), case, user(), action,
                      request.form.get("target", ""), request.form.get("reason", ""),
                      request.form.get("span") or None, box, request.form.get("region", ""),
                      request.form.get("choice", ""))
    return redirect(url_for("review.show", case_id=case.id) + ("#photos" if box else "#decisions"))


@bp.route("/cases/<int:case_id>/approve", methods=["POST"])
def approve(case_id: int):
    case = case_or_404(case_id, "case.approve")
    publishing.approve(database.session(), case, user(), request.form.get("release_hash", ""),
                       request.form.get("note") or None)
    return redirect(url_for("cases.show", case_id=case.id))
