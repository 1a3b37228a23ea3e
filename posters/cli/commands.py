"""Handlers of the subcommands: each calls the library and prints the result."""
from __future__ import annotations

import argparse
import json

from posters.cli.registry import command


@command("check", "validate a case file and check reporting readiness")
def check(args: argparse.Namespace) -> int:
    from posters.case import load_case
    from posters.check.readiness import check_readiness
    from posters.cli.views.check import print_readiness

    case = load_case(args.case)
    photo_check = None
    if not args.no_faces:
        from posters.check.photos import photo_findings as photo_check
    result = check_readiness(case, photo_check=photo_check)
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        print_readiness(case, result)
    return 0 if result.ready else 1


@command("schema", "print the JSON Schema of the case file")
def schema(args: argparse.Namespace) -> int:
    from posters.case.schema import CaseFile

    doc = CaseFile.model_json_schema(by_alias=True)
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["$id"] = "posters/case-v1"
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
    if args.json:
        print(json.dumps(diff_json(public), indent=2, ensure_ascii=False))
    else:
        print_diff(public)
        if args.html:
            print(f"HTML diff written to {args.html}")
    from posters.release import log_redaction

    log_redaction(case.folder, public.release_hash, public.release.policy_version,
                  sum(1 for _ in public.release.withheld()))
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
    from posters.release import approve as approve_release
    from posters.cli.views.release import approval_lines

    print("\n".join(approval_lines(approve_release(args.case, args.reviewer, args.note))))
    return 0


@command("publish", "publish the approved release")
def publish(args: argparse.Namespace) -> int:
    from posters.release import publish as publish_release
    from posters.cli.views.release import publish_lines

    papers = [p.strip() for p in args.paper.split(",") if p.strip()]
    langs = [x.strip() for x in args.lang.split(",") if x.strip()]
    print("\n".join(publish_lines(publish_release(args.case, args.out, papers=papers, langs=langs))))
    return 0


@command("audit", "show or verify the audit log")
def audit(args: argparse.Namespace) -> int:
    from posters.case import load_case
    from posters.release import audit as log
    from posters.cli.views.release import audit_lines, verify_lines

    path = log.log_path(load_case(args.case).folder)
    if args.verify:
        broken = log.verify_chain(path)
        lines = path.read_bytes().splitlines() if path.exists() else []
        print("\n".join(verify_lines(broken, len(lines), log.line_hash(lines[-1]) if lines else None)))
        return 1 if broken else 0
    print("\n".join(audit_lines(log.read_entries(path))))
    return 0


@command("takedown", "list (and delete) everything published for a closed case")
def takedown(args: argparse.Namespace) -> int:
    from posters.release import takedown as takedown_case
    from posters.cli.views.release import takedown_lines

    print("\n".join(takedown_lines(takedown_case(args.case, delete=args.delete))))
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
