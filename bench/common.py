"""Helpers shared by the benchmark scripts: sample copies, approvals, medians, machine facts."""
from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
REVIEWER = "Bench Reviewer"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def copy_sample(name: str, dest: Path) -> Path:
    shutil.copytree(SAMPLES / name, dest / name)
    return dest / name / "case.yaml"


def approve(case_yaml: Path) -> None:
    from posters.release import approve as do_approve

    do_approve(case_yaml, REVIEWER, "benchmark")


def timed_runs(cmd: list[str], runs: int, env: dict | None = None) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        out.append(time.perf_counter() - start)
    return out


def median(values: list[float]) -> float:
    return statistics.median(values)


def posters_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "posters", *args]
