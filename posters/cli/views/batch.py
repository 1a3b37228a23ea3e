"""Terminal view of `posters batch`: a progress bar with count, rate and time left, then a summary."""
from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from posters.release.batch import BatchReport, CaseOutcome, find_cases, run_batch


def run_with_progress(root: Path, out: Path, *, jobs: int | None, previews: bool) -> BatchReport:
    """Run the batch with a live progress bar and print the summary table."""
    # soft_wrap: a long path or message is wrapped by the terminal, never cut with an ellipsis.
    console = Console(highlight=False, soft_wrap=True)
    total = len(find_cases(root))
    columns = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn()]
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("cases", total=total, rate="")

        def done(outcome: CaseOutcome, count: int, _total: int) -> None:
            elapsed = progress.tasks[task].elapsed or 1e-9
            progress.update(task, advance=1, rate=f"{count / elapsed * 60:.0f}/min")
            if outcome.status == "failed":  # printed once, here, in full; the table only marks it
                progress.console.print(f"[red]✗[/red] {escape(outcome.case)}: {escape(outcome.error or '')}")

        report = run_batch(root, out, jobs=jobs, previews=previews, on_done=done)
    table = Table(title=f"{len(report.outcomes)} cases in {report.seconds:.1f} s with {report.jobs} jobs")
    table.add_column("case", overflow="fold", no_wrap=False)
    table.add_column("status")
    table.add_column("files written", justify="right")
    table.add_column("seconds", justify="right")
    for o in report.outcomes:
        style = "red" if o.status == "failed" else "green"
        table.add_row(escape(o.case), f"[{style}]{o.status}[/{style}]", str(o.files), f"{o.seconds:.2f}")
    console.print(table)
    if report.failed:
        console.print(f"[red]{len(report.failed)} failed[/red]; each error is printed above, and in the report")
    if report.interrupted:
        console.print("[yellow]interrupted[/yellow]: cases not started were skipped; no case was half-written")
    console.print(f"report: {Path(out) / 'batch-report.json'}")
    return report
