"""50 concurrent users on a real server, shorter than bench/bench_web_load.py: no errors, no lost writes."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


# Under this load the server used to die now and then (SIGSEGV, then SIGABRT "free(): invalid size"): PDFium,
# WeasyPrint and dlib's face detector were called from several request threads at once. posters/native.py
# serializes them; PYTHONFAULTHANDLER still puts every thread's stack in the failure message if it recurs.
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_fifty_users_without_errors_or_lost_writes(tmp_path, backend, request):
    from bench_web_load import report, run_load

    url = request.getfixturevalue("pg_url") if backend == "postgresql" else None
    figures = run_load(tmp_path / "data", database_url=url, users=50, seconds=5)
    print(report(figures, backend))
    assert figures["server_exit"] is None, f"the server died (exit {figures['server_exit']}):\n{figures['server_log'][-4000:]}"
    assert not figures["errors"], figures["errors"][:5]
    assert figures["created"] > 0 and not figures["lost"]
    assert figures["listed"] == figures["expected_listed"]
    assert all(len(v) > 0 for k, v in figures["latencies"].items() if k != "login")
    assert "Traceback" not in figures["server_log"]
