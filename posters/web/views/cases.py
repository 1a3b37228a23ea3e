"""The queue, the case form (fields, YAML, photos) and the case file's import and export."""
from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, url_for
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import selectinload

from .. import casework, fieldform, library, retention, uploads
from .. import db as database
from ..errors import Invalid
from ..models import STATES, CaseRecord
from ..security import require
from .common import case_or_404, config, user

bp = Blueprint("cases", __name__)

STATE_LABELS = {"draft": "Draft", "ready_for_review": "Ready for review", "approved": "Approved",
                "published": "Published", "taken_down": "Taken down"}
PUBLIC_STATES = ("published", "taken_down")
# A first child with one photo entry: everything else is filled in (and added) on the form.
NEW_CASE = "schema: posters/case-v1\ncase:\n  id: \nchildren:\n  - photos:\n      - file: \n"


def _uploads() -> dict[str, bytes]:
    return uploads.photo_uploads(request.files.getlist("photos"))


QUEUE_PAGE = 200  # rows per queue page


@bp.route("/")
def queue():
    u = user()
    require(u, "queue.view")
    db = database.session()
    # Others see only what is public, and not how many drafts wait (the staff's workload is internal).
    states = STATES if u.roles & {"case_manager", "reviewer"} else PUBLIC_STATES
    counts = dict(db.execute(select(CaseRecord.state, func.count()).where(CaseRecord.state.in_(states))
                             .group_by(CaseRecord.state)).all())
    state = request.args.get("state")
    if state not in states:
        state = None
    where: list[ColumnElement[bool]] = [CaseRecord.state.in_(states)]  # never a deleted case's tombstone
    if state:
        where.append(CaseRecord.state == state)
    total = db.scalar(select(func.count()).select_from(CaseRecord).where(*where)) or 0
    pages = max(1, -(-total // QUEUE_PAGE))
    asked = request.args.get("page", "1")
    page = min(int(asked), pages) if asked.isdigit() and int(asked) >= 1 else 1
    # The names of holders and editors in one query each, not one per row; id breaks ties so pages never overlap.
    query = (select(CaseRecord).options(selectinload(CaseRecord.holder), selectinload(CaseRecord.last_edited_by))
             .where(*where).order_by(CaseRecord.updated_at.desc(), CaseRecord.id.desc())
             .limit(QUEUE_PAGE).offset((page - 1) * QUEUE_PAGE))
    cases = list(db.scalars(query))
    first = (page - 1) * QUEUE_PAGE + 1 if cases else 0
    return render_template("queue.html", cases=cases, counts=counts, states=states, labels=STATE_LABELS, state=state,
                           page=page, pages=pages, total=total, first=first, last=first + len(cases) - 1 if cases else 0)


@bp.route("/cases/new", methods=["GET", "POST"])
def new():
    u = user()
    require(u, "case.create")
    if request.method == "POST":
        text = request.form.get("yaml_text", "")
        if "yaml_file" in request.files and request.files["yaml_file"].filename:
            text = request.files["yaml_file"].read().decode("utf-8", errors="replace")
        case, _ = casework.create(database.session(), u, text, _uploads(), require_valid=False)
        return redirect(url_for("cases.edit", case_id=case.id))
    return render_template("case_new.html", yaml_text=NEW_CASE)


def _entry_uploads(values: dict[str, str]) -> dict[str, bytes]:
    """The photos uploaded beside photo entries (inputs upload:children[0].photos[1]): each is stored under
    the name its entry gives, or photos/<its file name>, which then goes into the entry's file field."""
    out: dict[str, bytes] = {}
    for key, f in request.files.items(multi=True):
        if not key.startswith("upload:") or not f.filename:
            continue
        entry = key.removeprefix("upload:")
        for name, data in uploads.photo_uploads([f]).items():
            typed = values.get(f"{entry}.file", "").strip()
            stored = typed if typed.rsplit("/", 1)[-1] == name.rsplit("/", 1)[-1] else "photos/" + name.rsplit("/", 1)[-1]
            values[f"{entry}.file"] = stored
            out[stored] = data
    return out


def _edit_fields(case: CaseRecord) -> tuple[str | None, dict[str, bytes], list[str], str | None]:
    """The form's fields applied to the case file, then its Add or Remove button: the new text (None when
    nothing changed), the photos uploaded beside entries, stored photos no longer named, the entry to focus."""
    values = {k.removeprefix("f:"): v for k, v in request.form.items() if k.startswith("f:")}
    photos = _entry_uploads(values)
    before = library.check(case.yaml_text, {p.name: p.data for p in case.photos}, faces=False)
    numeric = {p.path for p in before.problems if "expected a number" in p.message
               or "expected a whole number" in p.message}
    text = fieldform.apply(case.yaml_text, values, numeric) if values else None
    add, remove, focus = request.form.get("add"), request.form.get("remove"), None
    try:
        if add:
            text, focus = fieldform.add_entry(text or case.yaml_text, add)
        elif remove:
            text = fieldform.remove_entry(text or case.yaml_text, remove)
    except KeyError:
        raise Invalid("that entry cannot be added or removed here (a case has 1 to 4 children, "
                      "at most 3 companions and 2 photos of each); your other changes were not saved") from None
    gone = []
    if remove and text is not None:  # the photo of a removed entry goes too, unless another entry names it
        named = set(library.photo_names(text))
        gone = [n for n in library.photo_names(case.yaml_text) if n not in named]
    return text, photos, gone, focus


@bp.route("/cases/<int:case_id>/edit", methods=["GET", "POST"])
def edit(case_id: int):
    case = case_or_404(case_id, "case.edit")
    db = database.session()
    saved, focus, not_sent = False, None, None
    if request.method == "POST":
        mode = request.form.get("mode", "fields")
        text, photos, gone = None, _uploads(), request.form.getlist("remove_photo")
        if mode == "yaml":
            text = request.form.get("yaml_text", case.yaml_text)
        elif mode == "fields":
            text, beside, removed, focus = _edit_fields(case)
            photos, gone = {**photos, **beside}, gone + removed
        elif mode == "import" and request.files.get("yaml_file") and request.files["yaml_file"].filename:
            text = request.files["yaml_file"].read().decode("utf-8", errors="replace")
        casework.edit(db, user(), case, text, photos, remove=gone)
        saved = True
        if request.form.get("submit_review"):
            try:
                casework.submit_for_review(db, user(), case)
                return redirect(url_for("cases.show", case_id=case.id))
            except Invalid as exc:  # saved, not sent: say why (the photo checks' errors are not beside a field)
                not_sent = exc.extra.get("errors") or []
    # After a save, the photo checks too (no face, two faces, text to decide), beside the fields, as the case page
    # shows them: the same call, so one cached result serves both pages, and face detection and OCR are cached
    # per photo hash, so a save that changed no photo costs no analysis. A plain visit skips them.
    photos = {p.name: p.data for p in case.photos}
    result = (library.check(case.yaml_text, photos, review_json=case.review_json) if saved
              else library.check(case.yaml_text, photos, faces=False))
    fields = fieldform.fields_of(case.yaml_text)
    inputs = {f.path for f in fields or [] if f.kind not in ("add", "remove")}
    return render_template("case_edit.html", case=case, result=result, by_path=result.by_path(), photo_checks=saved,
                           fields=fields, inputs=inputs, saved=saved, focus=focus, not_sent=not_sent,
                           named=library.photo_names(case.yaml_text),
                           stored={p.name for p in case.photos})


@bp.route("/cases/<int:case_id>")
def show(case_id: int):
    case = case_or_404(case_id, "case.view")
    from .. import publishing

    photos = {p.name: p.data for p in case.photos}
    result = library.check(case.yaml_text, photos, review_json=case.review_json)
    review_doc, review_error = None, None
    if result.valid:
        try:
            review_doc = publishing.current_review(case)
        except Exception as exc:  # noqa: BLE001
            review_error = getattr(exc, "message", None) or "the redaction diff could not be built"
    db = database.session()
    approval = publishing.valid_approval(db, case)
    last = publishing.latest_approval(db, case)
    return render_template("case_show.html", case=case, result=result, review=review_doc, review_error=review_error,
                           approval=approval, last_approval=last, labels=STATE_LABELS)


@bp.route("/cases/<int:case_id>/case.yaml")
def export_yaml(case_id: int):
    case = case_or_404(case_id, "case.view")
    return Response(case.yaml_text, mimetype="application/x-yaml",
                    headers={"Content-Disposition": f'attachment; filename="case-{case.id}.yaml"'})


@bp.route("/cases/<int:case_id>/preview/<kind>")
def preview(case_id: int, kind: str):
    case = case_or_404(case_id, "case.view")
    photos = {p.name: p.data for p in case.photos}
    make = {"poster": library.draft_poster_png, "card": library.draft_card_png}.get(kind)
    if make is None:
        return Response(status=404)
    data = make(case.yaml_text, photos, case.review_json)
    return Response(data, mimetype="image/jpeg" if data[:3] == b"\xff\xd8\xff" else "image/png")


@bp.route("/cases/<int:case_id>/submit", methods=["POST"])
def submit(case_id: int):
    case = case_or_404(case_id, "case.edit")
    casework.submit_for_review(database.session(), user(), case)
    return redirect(url_for("cases.show", case_id=case.id))


@bp.route("/cases/<int:case_id>/delete", methods=["GET", "POST"])
def delete(case_id: int):
    """Delete the case and everything derived from it, after a confirmation (retention.py says who and when)."""
    case = case_or_404(case_id, "case.delete")
    db = database.session()
    why = retention.refusal(db, user(), case)
    if request.method == "POST":
        if request.form.get("confirm") != "yes":
            return render_template("case_delete.html", case=case, refusal=why, labels=STATE_LABELS,
                                   error="tick the box to confirm the deletion; nothing was deleted"), 422
        number = case.id
        done = retention.delete_case(db, user(), case, cache_dirs(config()), config().data_dir)
        return render_template("case_delete.html", case=None, deleted=number, done=done, labels=STATE_LABELS)
    return render_template("case_delete.html", case=case, refusal=why, labels=STATE_LABELS)


def cache_dirs(cfg) -> list:  # noqa: ANN001
    """Where this process keeps face and text caches: the data folder's, and the library's own if elsewhere."""
    from ...photos.cache import default_cache_dir

    return [cfg.data_dir / "cache", default_cache_dir()]
