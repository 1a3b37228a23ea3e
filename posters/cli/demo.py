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
    from posters.check.readiness import check_readiness
    from posters.errors import PostersError
    from posters.public import build_public_release
    from posters.release import approve, publish
    from posters.release.staging import write_atomic
    from posters.review.diff import diff_html
    from posters.store import open_case

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
            case, store = open_case(work / "case.yaml")
            ready = check_readiness(case)
            console.print(f"check: {'[green]ready[/green]' if ready.ready else '[red]not ready[/red]'}")
            for finding in ready.findings:
                console.print(f"  {finding.level}: {finding.path}: {finding.message}")
            public = build_public_release(case)
            counts = public.release.to_review_dict()["counts"]
            diff_path = review_dir / f"{name}-redaction-diff.html"
            write_atomic(diff_path, diff_html(public, case).encode("utf-8"))
            console.print(f"redact: {counts['kept']} kept, {counts['withheld']} withheld, "
                          f"{counts['sentence_dropped']} sentences dropped → {diff_path}")
            approval = approve(case, DEMO_REVIEWER, "approved by make demo", store=store)
            console.print(f"approve: release {approval.release_hash[:12]} by {DEMO_REVIEWER}")
            result = publish(case, published_dir / name, store=store)
            console.print(f"publish: {len(result.files)} files → {published_dir / name}")
        except PostersError as exc:
            failures += 1
            console.print(f"[red]failed:[/red] {exc.message}")
    console.rule()
    console.print(f"Published posters and social images: {published_dir}/<case>/")
    console.print(f"Redaction diffs for reviewers:       {review_dir}/")
    console.print(f"Case copies with their audit logs:   {cases_dir}/")
    return failures
