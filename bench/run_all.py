"""Run every benchmark and print the figures (what `make bench` runs)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in ("bench_scanner.py", "bench_cli.py", "bench_publish.py", "poster_fill.py", "bench_batch.py", "bench_web.py",
               "bench_photo_analysis.py"):
    print(f"== {script}", flush=True)
    subprocess.run([sys.executable, str(HERE / script)], check=True)
