"""`posters batch`: every case under a folder, in parallel processes.

Each worker process keeps its font configuration, compiled templates, policy
and face cache for every case it handles. A case that fails (invalid,
unapproved, a leak) is reported and does not stop the others; each case's
output is written all or nothing, so an interrupted batch leaves no
half-written case.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from posters.errors import OutputError


@dataclass(frozen=True)
class CaseOutcome:
    """What happened to one case."""

    case: str
    status: str  # "published" | "previewed" | "failed"
    seconds: float
    files: int = 0  # files written into the case's output folder (manifest.json included), in both modes
    error: str | None = None
    peak_rss_mb: float = 0.0


@dataclass
class BatchReport:
    """Every case's outcome, in the order the cases were found."""

    outcomes: list[CaseOutcome] = field(default_factory=list)
    seconds: float = 0.0
    jobs: int = 1
    interrupted: bool = False

    @property
    def failed(self) -> list[CaseOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form, written next to the outputs as batch-report.json."""
        return {"jobs": self.jobs, "seconds": round(self.seconds, 2), "interrupted": self.interrupted,
                "cases": len(self.outcomes), "failed": len(self.failed),
                "outcomes": [asdict(o) for o in self.outcomes]}


def find_cases(root: Path) -> list[Path]:
    """Every case.yaml below `root`, sorted; raises OutputError when root is not a folder."""
    root = Path(root)
    if not root.is_dir():
        raise OutputError(f"{root} is not a folder of cases")
    return sorted(p for p in root.rglob("case.yaml") if not any(part.startswith(".") for part in p.relative_to(root).parts))


def run_batch(root: Path, out: Path, *, jobs: int | None = None, previews: bool = False,
              on_done: Callable[[CaseOutcome, int, int], None] | None = None) -> BatchReport:
    """Publish (or preview) every case under root into out/<case folder>; returns the report."""
    from posters.release.staging import prepare_destination

    cases = find_cases(root)
    out = prepare_destination(Path(out))
    jobs = max(1, jobs or os.cpu_count() or 1)
    report = BatchReport(jobs=jobs)
    names = {path: _case_name(root, path) for path in cases}
    start = time.perf_counter()
    results: dict[Path, CaseOutcome] = {}
    pending = list(cases)
    in_flight: dict[Future, Path] = {}
    # At most `jobs` cases are handed to workers at a time, so Ctrl-C stops the batch after
    # the running cases instead of after everything already queued.
    # forkserver: workers start from a clean single-threaded process, not a fork of this one,
    # which may hold threads (PNG encoding) and library state that do not survive a fork.
    executor = ProcessPoolExecutor(max_workers=jobs, initializer=_warm_worker,
                                   mp_context=multiprocessing.get_context("forkserver"))
    try:
        while pending or in_flight:
            while pending and len(in_flight) < jobs:
                path = pending.pop(0)
                in_flight[executor.submit(process_case, str(path), str(out / names[path]), previews, names[path])] = path
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                path = in_flight.pop(future)
                try:
                    outcome = future.result()
                except Exception as exc:  # noqa: BLE001  (a crashed worker fails its case, not the batch)
                    outcome = CaseOutcome(names[path], "failed", 0.0, error=f"worker stopped: {exc}")
                results[path] = outcome
                if on_done:
                    on_done(outcome, len(results), len(cases))
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        # Running cases finish whole (workers ignore SIGINT); nothing new starts.
        executor.shutdown(wait=True, cancel_futures=True)
    report.seconds = time.perf_counter() - start
    report.outcomes = [results[p] for p in cases if p in results]
    (out / "batch-report.json").write_text(json.dumps(report.to_json(), indent=2), encoding="utf-8")
    return report


def process_case(case_path: str, out_dir: str, previews: bool, name: str) -> CaseOutcome:
    """Publish or preview one case in a worker; never raises for a case's own failure."""
    import resource

    from posters.errors import PostersError
    from redaction import RedactionError

    start = time.perf_counter()
    try:
        if previews:
            files = _previews(Path(case_path), Path(out_dir))
            status = "previewed"
        else:
            from posters.release import publish
            from posters.store import open_case

            case, store = open_case(case_path)
            files = len(publish(case, out_dir, store=store).files) + 1  # + manifest.json
            status = "published"
        error = None
    except KeyboardInterrupt:
        raise
    except (PostersError, RedactionError) as exc:
        files, status, error = 0, "failed", exc.message
    except Exception as exc:  # noqa: BLE001  (a bug in one case must not stop the batch)
        files, status, error = 0, "failed", f"internal error ({type(exc).__name__}): {exc}"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return CaseOutcome(name, status, round(time.perf_counter() - start, 3), files, error, round(peak, 1))


def _previews(case_path: Path, out_dir: Path) -> int:
    from posters.case import load_case
    from posters.public import build_public_release
    from posters.release.staging import staged_output
    from posters.render.previews import poster_files
    from posters.social import export_social

    public = build_public_release(load_case(case_path))
    with staged_output(out_dir) as stage:
        poster_files(public, stage, langs=[public.language], papers=["letter"], template=None, watermark=True)
        export_social(public, stage, langs=[public.language], watermark=True)
        return sum(1 for p in stage.rglob("*") if p.is_file())


def _warm_worker() -> None:
    """Pay the import and font set-up once per worker, not once per case."""
    import signal

    # The parent handles Ctrl-C and cancels; a worker finishes (or abandons, all or nothing) its case.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from posters.render.engine import font_config, jinja_env

    font_config()
    jinja_env()


def _case_name(root: Path, case_yaml: Path) -> str:
    rel = case_yaml.parent.relative_to(root)
    return "-".join(rel.parts) or Path(root).resolve().name
