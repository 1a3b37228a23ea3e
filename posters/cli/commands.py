"""Handlers of the subcommands: each calls the library and prints the result."""
from __future__ import annotations

import argparse
import json
from typing import Any

from posters.cli.registry import command
from posters.web import cli as _web_commands  # noqa: F401  (registers serve, worker, users)


@command("check", "validate a case file and check reporting readiness")
def check(args: argparse.Namespace) -> int:
    from posters.case import load_case
    from posters.check.readiness import check_readiness
    from posters.cli.views.check import print_readiness

    case = load_case(args.case)
    result = check_readiness(case, photos=not args.no_faces)
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        print_readiness(case, result)
    return 0 if result.ready else 1


@command("schema", "print the JSON Schema of the case file (or of the rules, template settings or redaction policy)")
def schema(args: argparse.Namespace) -> int:
    from posters.case.schema import CaseFile
    from posters.check.rules import Rules
    from posters.render.templates import TemplateFile
    from redaction.models import LexiconFile, OverlayFile, PolicyFile

    from pydantic import BaseModel

    schemas: dict[str, tuple[type[BaseModel], str]] = {
        "case": (CaseFile, "posters/case-v1"), "rules": (Rules, "posters/rules-v1"),
        "template": (TemplateFile, "posters/template-v1"),
        "policy": (PolicyFile, "redaction/policy-v1"), "overlay": (OverlayFile, "redaction/overlay-v1"),
        "lexicon": (LexiconFile, "redaction/lexicon-v1")}
    model, schema_id = schemas[args.of]
    doc = model.model_json_schema(by_alias=True)
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["$id"] = schema_id
    print(json.dumps(doc, indent=2))
    return 0


@command("demo", "run the whole path on sample cases")
def demo(args: argparse.Namespace) -> int:
    from pathlib import Path

    from posters.cli.demo import run_demo

    return 1 if run_demo(Path(args.samples), Path(args.out)) else 0


@command("redact", "show the redaction diff")
def redact(args: argparse.Namespace) -> int:
    from posters.case import load_case
    from posters.public import build_public_release
    from posters.review.diff import diff_html, diff_json, print_diff

    policy = None
    if args.policy:
        import redaction

        policy = redaction.load_policy(overlays=args.policy)
    case = load_case(args.case)
    public = build_public_release(case, policy=policy)
    if args.html:
        from pathlib import Path

        from posters.release.staging import staged_output

        target = Path(args.html)
        with staged_output(target.parent if str(target.parent) else Path(".")) as stage:
            (stage / target.name).write_text(diff_html(public, case), encoding="utf-8")
    if args.record:
        from posters.release import record_redaction
        from posters.store import FolderStore

        record_redaction(public, FolderStore.of(case))
    if args.json:
        print(json.dumps(diff_json(public), indent=2, ensure_ascii=False))
    else:
        print_diff(public)
        if args.html:
            print(f"HTML diff written to {args.html}")
        if args.record:
            print("recorded in the audit log (posters audit CASE)")
    return 0


@command("render", "render watermarked preview posters")
def render(args: argparse.Namespace) -> int:
    from posters.render.previews import render_previews

    paths = render_previews(args.case, args.out, langs=[args.lang] if args.lang else None,
                            papers=[args.paper], template=args.template)
    for path in paths:
        print(path)
    return 0


# Release workflow (posters/release): each handler calls one library function and prints its lines.
@command("approve", "approve the case's current release")
def approve(args: argparse.Namespace) -> int:
    from posters.cli.views.release import approval_lines
    from posters.release import approve as approve_release
    from posters.store import open_case

    case, store = open_case(args.case)
    print("\n".join(approval_lines(approve_release(case, args.reviewer, args.note, store=store))))
    return 0


@command("publish", "publish the approved release")
def publish(args: argparse.Namespace) -> int:
    from posters.cli.views.release import publish_lines
    from posters.release import publish as publish_release
    from posters.store import open_case

    papers = [p.strip() for p in args.paper.split(",") if p.strip()]
    langs = [x.strip() for x in args.lang.split(",") if x.strip()]
    case, store = open_case(args.case)
    print("\n".join(publish_lines(publish_release(case, args.out, store=store, papers=papers, langs=langs))))
    return 0


@command("audit", "show or verify the audit log")
def audit(args: argparse.Namespace) -> int:
    from posters.cli.views.release import audit_lines, verify_lines
    from posters.release import audit as log
    from posters.store import open_case

    path = open_case(args.case)[1].log
    if args.verify:
        broken = log.verify_chain(path)
        lines = path.read_bytes().splitlines() if path.exists() else []
        print("\n".join(verify_lines(broken, len(lines), log.line_hash(lines[-1]) if lines else None)))
        return 1 if broken else 0
    print("\n".join(audit_lines(log.read_entries(path))))
    return 0


@command("takedown", "list (and delete) everything published for a closed case")
def takedown(args: argparse.Namespace) -> int:
    from posters.cli.views.release import takedown_lines
    from posters.release import takedown as takedown_case
    from posters.store import open_case

    case, store = open_case(args.case)
    print("\n".join(takedown_lines(takedown_case(case, store=store, delete=args.delete))))
    return 0


@command("batch", "publish or preview every case under a folder")
def batch(args: argparse.Namespace) -> int:
    from pathlib import Path

    from posters.cli.views.batch import run_with_progress

    report = run_with_progress(Path(args.root), Path(args.out), jobs=args.jobs, previews=args.previews)
    if report.interrupted:
        return 130
    return 1 if report.failed else 0


@command("social", "render watermarked social-media previews")
def social(args: argparse.Namespace) -> int:
    from pathlib import Path

    from posters.social.previews import social_previews

    paths = social_previews(args.case, args.out, presets=args.preset, langs=[args.lang] if args.lang else None,
                            extra_presets=Path(args.presets_file) if args.presets_file else None)
    for path in paths:
        print(path)
    return 0


@command("review", "list findings and reviewer decisions; restore, withhold or undo")
def review(args: argparse.Namespace) -> int:
    from posters.case import load_case
    from posters.cli.views.review import summary_lines
    from posters.errors import ReviewError
    from posters.review.casefolder import load_decisions, locked
    from posters.review.summary import review_summary

    case = load_case(args.case)
    acting = any(getattr(args, a, None) is not None
                 for a in ("restore", "withhold", "undo", "keep_text", "cover_text", "cover_face"))
    if not acting:
        log = load_decisions(case.folder)
        if args.sentence is not None or args.span is not None or args.reason or args.reviewer:
            raise ReviewError("--sentence, --span, --reason and --reviewer go with --restore, --withhold or --undo")
        summary = review_summary(case, log)
        if args.json:
            print(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False))
        else:
            print("\n".join(summary_lines(summary)))
        return 0
    with locked(case.folder):
        return _decide(args, case, load_decisions(case.folder))


def _photo_decision(args: argparse.Namespace, case: Any, log: Any, reviewer: str) -> tuple[Any, Any]:
    """A keep/cover decision on a line of text read in a photo, or a drawn cover; raises ReviewError."""
    from posters.errors import ReviewError
    from posters.review import deciding

    if args.sentence is not None or args.span is not None:
        raise ReviewError("--sentence and --span go with --restore or --withhold")
    if args.cover_face is not None:
        photo, _, box = args.cover_face.rpartition(":")
        if not photo:
            raise ReviewError("--cover-face takes PHOTO:LEFT,TOP,RIGHT,BOTTOM, e.g. children[0].photos[1]:410,80,520,200")
        return deciding.face_cover(case, log, photo.strip(), tuple(box.split(",")), reason=args.reason or "",
                                   reviewer=reviewer)
    from posters.public import build_public_release

    wanted = (args.keep_text or args.cover_text).strip()
    public = build_public_release(case, decisions=log)
    for p in public.photos:
        for f in p.findings:
            if f.kind == "text" and f.finding_id == wanted:
                return deciding.photo_text(case, log, p.path, wanted,
                                           f.box.as_ltrb(), "keep" if args.keep_text else "cover",
                                           reason=args.reason or "", reviewer=reviewer)
    raise ReviewError(f"no line of text {wanted!r} was read in this case's photos; `posters redact CASE --json` "
                      "lists each one with its id")


def _decide(args: argparse.Namespace, case: Any, log: Any) -> int:
    from posters.cli.views.review import recorded_lines
    from posters.errors import ReviewError
    from posters.review import deciding
    from posters.review.casefolder import commit

    reviewer = args.reviewer or ""
    if args.undo is not None:
        if args.sentence is not None or args.span is not None:
            raise ReviewError("--undo takes a decision id only (and --reviewer, optionally --reason)")
        new, decision = deciding.undo(log, args.undo, reviewer=reviewer, reason=args.reason)
        commit(case.folder, log, new, decision, undo=True)
        print("\n".join(recorded_lines(decision, undone=True)))
        return 0
    if args.keep_text is not None or args.cover_text is not None or args.cover_face is not None:
        new, decision = _photo_decision(args, case, log, reviewer)
        commit(case.folder, log, new, decision)
        print("\n".join(recorded_lines(decision)))
        return 0
    if args.restore is not None:
        if args.span is not None:
            raise ReviewError("--span goes with --withhold; a restore names a field or a sentence")
        new, decision = deciding.restore(case, log, args.restore, sentence=args.sentence, reason=args.reason or "",
                                         reviewer=reviewer)
    else:
        new, decision = deciding.withhold(case, log, args.withhold, sentence=args.sentence, span=args.span,
                                          reason=args.reason or "", reviewer=reviewer)
    commit(case.folder, log, new, decision)
    print("\n".join(recorded_lines(decision, citation=deciding.sensitive_citation(decision))))
    return 0
