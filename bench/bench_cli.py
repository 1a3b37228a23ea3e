"""Cold start of the command line: `posters --help` and `posters check` (new process each run).

Usage: .venv/bin/python bench/bench_cli.py
Target: `posters --help` <= 0.3 s (median).
"""
from __future__ import annotations

from common import SAMPLES, machine, median, posters_cmd, timed_runs


def main() -> None:
    print(f"machine: {machine()}")
    runs = 9
    help_times = timed_runs(posters_cmd("--help"), runs)
    print(f"posters --help                         median {median(help_times):.3f} s  (min {min(help_times):.3f}, {runs} runs)")
    case = str(SAMPLES / "01-standard" / "case.yaml")
    timed_runs(posters_cmd("check", case), 1)  # fills the face cache
    fast = timed_runs(posters_cmd("check", "--no-faces", case), runs)
    print(f"posters check --no-faces (sample)      median {median(fast):.3f} s")
    full = timed_runs(posters_cmd("check", case), runs)
    print(f"posters check (sample, face cache warm) median {median(full):.3f} s")


if __name__ == "__main__":
    main()
