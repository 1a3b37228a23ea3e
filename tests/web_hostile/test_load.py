"""50 concurrent users on a real server, shorter than bench/bench_web_load.py: no errors, no lost writes."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_fifty_users_without_errors_or_lost_writes(tmp_path, backend, request):
    from bench_web_load import report, run_load

    url = request.getfixturevalue("pg_url") if backend == "postgresql" else None
    figures = run_load(tmp_path / "data", database_url=url, users=50, seconds=5)
    print(report(figures, backend))
    assert not figures["errors"], figures["errors"][:5]
    assert figures["created"] > 0 and not figures["lost"]
    assert figures["listed"] == figures["expected_listed"]
    assert all(len(v) > 0 for k, v in figures["latencies"].items() if k != "login")
    assert "Traceback" not in figures["server_log"]
