"""A 100-case batch generated from the samples, with --jobs 1 and --jobs 2, and peak memory per worker.

Usage: .venv/bin/python bench/bench_batch.py [N_CASES]
Targets: speed-up from 1 to 2 jobs >= 1.7x; peak memory <= 600 MB per worker.
"""
from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import SAMPLES, approve, machine


def generate(root: Path, count: int) -> None:
    samples = sorted(p.parent for p in SAMPLES.glob("*/case.yaml"))
    for i in range(count):
        source = samples[i % len(samples)]
        dest = root / f"{i:03d}-{source.name}"
        shutil.copytree(source, dest)
        text = (dest / "case.yaml").read_text(encoding="utf-8")
        text = re.sub(r"(?m)^  id: .*$", f"  id: BENCH-{i:04d}", text, count=1)
        (dest / "case.yaml").write_text(text, encoding="utf-8")
        approve(dest / "case.yaml")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    print(f"machine: {machine()}")
    from posters.release.batch import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        generate(tmp / "cases", count)
        # Warm the on-disk face cache (keyed by photo hash) with one copy of each sample,
        # as a clearinghouse's machine would be after its first run.
        generate(tmp / "warm-cases", len(list(SAMPLES.glob("*/case.yaml"))))
        run_batch(tmp / "warm-cases", tmp / "warm", jobs=2)
        results = {}
        for jobs in (1, 2):
            start = time.perf_counter()
            report = run_batch(tmp / "cases", tmp / f"out{jobs}", jobs=jobs)
            seconds = time.perf_counter() - start
            peak = max(o.peak_rss_mb for o in report.outcomes)
            results[jobs] = seconds
            print(f"--jobs {jobs}: {count} cases in {seconds:.1f} s ({count / seconds * 60:.0f} cases/min), "
                  f"{len(report.failed)} failed, peak memory per worker {peak:.0f} MB")
        print(f"speed-up 1 -> 2 jobs: {results[1] / results[2]:.2f}x")


if __name__ == "__main__":
    main()
