"""Where the time goes: per-stage wall-clock totals for benchmarks (bench/).

Stages add up across calls in one process; bench scripts reset and read them.
The cost is one perf_counter pair per stage, so it stays on in normal runs.
"""
from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager
from typing import Iterator

_totals: dict[str, float] = defaultdict(float)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the time spent in the block to the stage's total."""
    start = time.perf_counter()
    try:
        yield
    finally:
        _totals[name] += time.perf_counter() - start


def totals() -> dict[str, float]:
    """The seconds spent per stage since the last reset."""
    return dict(_totals)


def reset() -> None:
    """Forget every stage's total."""
    _totals.clear()
