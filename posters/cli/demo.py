"""`posters demo`: the whole path on the sample cases, as `make demo` runs it.

The samples are copied first, so the audit logs and approvals the demo writes
never touch the repository's samples/.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from rich.console import Console

DEMO_REVIEWER = "Sample Reviewer (demo)"


def run_demo(samples: Path, out: Path, console: Console | None = None) -> int:
    """Check, redact, approve and publish every sample case; returns the number of failures."""
    from posters.case import load_case
    from posters.errors import PostersError
    from posters.public import build_public_release
    from posters.check.photos import photo_findings
    from posters.check.readiness import check_readiness
    from posters.release import approve, publish
    from posters.review.diff import diff_html

    console = console or Console(highlight=False)
    cases_dir, review_dir, published_dir = out / "cases", out / "review", out / "published"
    for d in (cases_dir, review_dir, published_dir):
        d.mkdir(parents=True, exist_ok=True)
    failures = 0
    for source in sorted(p.parent for p in samples.glob("*/case.yaml")):
        name = source.name
        work = cases_dir / name
        if work.exists():
            shutil.rmtree(work)
        shutil.copytree(source, work)
        console.rule(f"[bold]{name}")
        try:
            case = load_case(work / "case.yaml")
            ready = check_readiness(case, photo_check=photo_findings)
            console.print(f"check: {'[green]ready[/green]' if ready.ready else '[red]not ready[/red]'}")
            for finding in ready.findings:
                console.print(f"  {finding.level}: {finding.path}: {finding.message}")
            public = build_public_release(case)
            counts = public.release.to_review_dict()["counts"]
            diff_path = review_dir / f"{name}-redaction-diff.html"
            diff_path.write_text(diff_html(public, case), encoding="utf-8")
            console.print(f"redact: {counts['kept']} kept, {counts['withheld']} withheld, "
                          f"{counts['sentence_dropped']} sentences dropped → {diff_path}")
            approval = approve(work / "case.yaml", DEMO_REVIEWER, "approved by make demo")
            console.print(f"approve: release {approval.release_hash[:12]} by {DEMO_REVIEWER}")
            result = publish(work / "case.yaml", published_dir / name)
            console.print(f"publish: {len(result.files)} files → {published_dir / name}")
        except PostersError as exc:
            failures += 1
            console.print(f"[red]failed:[/red] {exc.message}")
    console.rule()
    console.print(f"Published posters and social images: {published_dir}/<case>/")
    console.print(f"Redaction diffs for reviewers:       {review_dir}/")
    console.print(f"Case copies with their audit logs:   {cases_dir}/")
    return failures
