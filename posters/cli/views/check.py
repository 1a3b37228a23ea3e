"""Terminal output of `posters check` for people."""
from __future__ import annotations

from rich.console import Console

from posters.case import Case
from posters.check.readiness import Readiness

_MARK = {"error": "[red]✗[/red]", "warning": "[yellow]![/yellow]"}
_STATE = {"on_time": "[green]on time[/green]", "late": "[yellow]late[/yellow]",
          "missing": "[red]not reported[/red]", "overdue": "[red]OVERDUE[/red]"}


def print_readiness(case: Case, result: Readiness, console: Console | None = None) -> None:
    """Print readiness as a short list a case manager can act on."""
    console = console or Console(highlight=False, soft_wrap=True)
    names = ", ".join(f"{c.first_name} {c.last_name}" for c in case.model.children)
    console.print(f"[bold]{case.path}[/bold]  case {case.case_id}: {names}", markup=True)
    for d in result.deadlines:
        when = d.done_at.isoformat() if d.done_at else "—"
        console.print(f"  report to {d.report:<16} {_STATE[d.state]:<28} {when}  ({d.hours_elapsed:g} h)")
    for f in result.findings:
        console.print(f"  {_MARK[f.level]} {f.path}: {f.message}")
    errors = sum(f.level == "error" for f in result.findings)
    warnings = sum(f.level == "warning" for f in result.findings)
    if result.ready:
        console.print("[green bold]ready[/green bold]" + (f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else ""))
    else:
        console.print(f"[red bold]not ready[/red bold]: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
