"""Publishing as a job with progress, the published release (files, captions, alt text, zip), takedowns, audit."""
from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, send_file, url_for
from sqlalchemy import select

from .. import audit, casework, publishing, zips
from .. import db as database
from ..errors import NotFound
from ..models import CaseRecord, Publication
from ..security import require
from .common import case_or_404, config, huey, user

bp = Blueprint("releases", __name__)


def start_publication(case: CaseRecord) -> Publication:
    """Queue the publish job (shared by the page and the API)."""
    db = database.session()
    pub = publishing.request_publication(db, case, user())
    huey().publish_task(pub.id)
    return pub


def latest_publication(case: CaseRecord, done: bool = True) -> Publication | None:
    query = select(Publication).where(Publication.case_id == case.id)
    if done:
        query = query.where(Publication.state == "done")
    return database.session().scalar(query.order_by(Publication.id.desc()).limit(1))


def published_or_404(case: CaseRecord) -> Publication:
    """The case's latest finished publication; raises NotFound when there is none."""
    pub = latest_publication(case)
    if pub is None:
        raise NotFound("this case has not been published")
    if case.state == "taken_down":
        raise NotFound("this case was taken down; the server's copies of its files were removed")
    return pub


def zip_response(case: CaseRecord, download_name: str | None = None) -> Response:
    """The published release as one zip, built once into the file store and streamed from there."""
    db, data_dir = database.session(), config().data_dir
    zips.sweep(db, data_dir)  # first: a takedown made on another server removes this server's copy too
    path = zips.release_zip(db, data_dir, published_or_404(case))
    return send_file(path, mimetype="application/zip", as_attachment=download_name is not None,
                     download_name=download_name, conditional=False, etag=False, max_age=None)


@bp.route("/cases/<int:case_id>/publish", methods=["POST"])
def publish(case_id: int):
    case = case_or_404(case_id, "case.publish")
    pub = start_publication(case)
    return redirect(url_for("releases.job", case_id=case.id, job=pub.job_id))


@bp.route("/cases/<int:case_id>/jobs/<job>")
def job(case_id: int, job: str):
    case = case_or_404(case_id, "case.publish")
    pub = database.session().scalar(select(Publication).where(Publication.job_id == job,
                                                              Publication.case_id == case.id))
    if pub is None:
        raise NotFound("there is no such job")
    return render_template("job.html", case=case, pub=pub)


@bp.route("/cases/<int:case_id>/release")
def release(case_id: int):
    case = case_or_404(case_id, "release.view")
    pub = published_or_404(case)
    texts = {a.name: a.data.decode("utf-8", errors="replace") for a in pub.artifacts if a.name.endswith(".txt")}
    return render_template("release.html", case=case, pub=pub, texts=texts)


@bp.route("/cases/<int:case_id>/release/file/<int:artifact_id>")
def artifact(case_id: int, artifact_id: int):
    case = case_or_404(case_id, "release.download")
    for a in published_or_404(case).artifacts:
        if a.id == artifact_id:
            mime = {"png": "image/png", "jpg": "image/jpeg", "pdf": "application/pdf", "json": "application/json",
                    "txt": "text/plain; charset=utf-8"}.get(a.name.rsplit(".", 1)[-1], "application/octet-stream")
            disposition = "inline" if mime.startswith("image/") and request.args.get("view") else "attachment"
            return Response(a.data, mimetype=mime, headers={
                "Content-Disposition": f'{disposition}; filename="{a.name.rsplit("/", 1)[-1]}"'})
    raise NotFound("there is no such file")


@bp.route("/cases/<int:case_id>/artifacts.zip")
def artifacts_zip(case_id: int):
    case = case_or_404(case_id, "release.download")
    return zip_response(case, f"case-{case.id}-release.zip")


@bp.route("/takedowns")
def takedowns():
    u = user()
    require(u, "takedown.view")
    db = database.session()
    cases = list(db.scalars(select(CaseRecord).where(CaseRecord.state == "taken_down")
                            .order_by(CaseRecord.updated_at.desc())))
    pubs = {c.id: list(db.scalars(select(Publication).where(Publication.case_id == c.id,
                                                            Publication.state == "done"))) for c in cases}
    return render_template("takedowns.html", cases=cases, pubs=pubs)


@bp.route("/cases/<int:case_id>/takedown", methods=["POST"])
def takedown(case_id: int):
    case = case_or_404(case_id, "case.edit")
    db = database.session()
    casework.take_down(db, user(), case, request.form.get("reason", ""), config().data_dir)
    return redirect(url_for("releases.takedowns"))


@bp.route("/cases/<int:case_id>/audit")
def audit_trail(case_id: int):
    case = case_or_404(case_id, "audit.view")
    db = database.session()
    return render_template("audit.html", case=case, entries=audit.entries(db, case.id),
                           verification=audit.verify(db, case.id))
