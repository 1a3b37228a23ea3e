"""One full publish of a sample case (posters in 2 papers x 2 languages as PDF and 300 dpi PNG,
every social preset in 2 languages, manifest, leak scan): cold (a new process) and warm
(in-process, repeated), with the time per stage.

Usage: .venv/bin/python bench/bench_publish.py [SAMPLE]
Target: warm full publish <= 1.5 s (median).
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import approve, copy_sample, machine, median, posters_cmd, timed_runs


def main() -> None:
    sample = sys.argv[1] if len(sys.argv) > 1 else "01-standard"
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        case = copy_sample(sample, tmp)
        approve(case)
        cold = []
        for i in range(3):
            cold += timed_runs(posters_cmd("publish", str(case), "--out", str(tmp / f"cold{i}")), 1)
        print(f"cold publish of {sample} (new process)     median {median(cold):.2f} s  runs {[round(x, 2) for x in cold]}")

        from posters import timing
        from posters.release import publish

        publish(case, tmp / "warmup")  # imports, fonts, templates, face cache
        warm, stages = [], []
        for i in range(5):
            timing.reset()
            start = time.perf_counter()
            result = publish(case, tmp / f"warm{i}")
            warm.append(time.perf_counter() - start)
            stages.append(timing.totals())
            shutil.rmtree(tmp / f"warm{i}")
        print(f"warm publish of {sample} (in-process)      median {median(warm):.2f} s  runs {[round(x, 2) for x in warm]}"
              f"  ({len(result.files)} files)")
        print("stage breakdown (median seconds per publish):")
        for name in sorted({k for s in stages for k in s}, key=lambda k: -median([s.get(k, 0.0) for s in stages])):
            print(f"  {name:<16} {median([s.get(name, 0.0) for s in stages]):.3f}")


if __name__ == "__main__":
    main()
