"""Uncached analysis of one 1,000 x 1,250 photo (target: under 2 s wall, models loaded).

The photo is obama.jpg from ../shared/test-photos, scaled to 1,000 x 1,250, with two text
badges drawn on it (one the scanner flags, one for the reviewer). Each run is what `posters
check` does for a photo it has never seen: decode, HOG + encodings, CenterFace's passes,
OCR, identifying the child, the text findings. The face cache is a fresh in-memory one and
the decoded-photo memo is emptied before every run, so nothing is reused between runs; one
run before the measured ones loads the models (dlib, CenterFace, RapidOCR).

    .venv/bin/python bench/bench_photo_analysis.py [RUNS] [--profile]

--profile runs pyinstrument over one more run and prints its tree (pip install pyinstrument).
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PHOTOS = REPO.parent / "shared" / "test-photos"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
TARGET_S = 2.0
SIZE = (1000, 1250)


def _badge(image: Image.Image, text: str, xy: tuple[int, int], size: int = 40) -> None:
    font = ImageFont.truetype(FONT, size)
    left, top, right, bottom = font.getbbox(text)
    badge = Image.new("RGB", (right - left + 24, bottom - top + 24), (255, 255, 255))
    ImageDraw.Draw(badge).text((12 - left, 12 - top), text, fill=(0, 0, 0), font=font)
    image.paste(badge, xy)


def make_case(folder: Path) -> Path:
    """Sample 01's case with one primary photo: obama.jpg at 1,000 x 1,250 with two badges."""
    image = Image.open(PHOTOS / "obama.jpg").convert("RGB").resize(SIZE, Image.Resampling.LANCZOS)
    _badge(image, "DANA EXAMPLE", (130, 800))  # sample 01's caseworker: flagged, covered
    _badge(image, "BLUE RIVER SOCCER", (130, 990))  # plain: the reviewer decides
    (folder / "photos").mkdir(parents=True)
    image.save(folder / "photos" / "photo.jpg", quality=92)
    text = (REPO / "samples" / "01-standard" / "case.yaml").read_text(encoding="utf-8")
    text = text.replace("photos/ava-2026.jpg", "photos/photo.jpg")
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    return folder / "case.yaml"


def analyse(case_path: Path) -> tuple[float, float, int]:
    """One uncached analysis: (wall seconds, CPU seconds of the process, findings)."""
    from posters.case import load_case
    from posters.check.photos import photo_findings
    from posters.photos import FaceCache
    from posters.photos.loader import clear_memo

    case = load_case(case_path)
    clear_memo()
    cache = FaceCache(None)
    wall, cpu = time.perf_counter(), time.process_time()
    findings = photo_findings(case, cache=cache)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if any(f.code in ("faces-unavailable", "no-face", "photo-unreadable") for f in findings):
        raise SystemExit(f"the analysis failed: {[f.message for f in findings]}")
    return wall, cpu, len(findings)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(args[0]) if args else 7
    with tempfile.TemporaryDirectory(prefix="bench-photo-") as tmp:
        case_path = make_case(Path(tmp) / "case")
        start = time.perf_counter()
        analyse(case_path)  # loads dlib, CenterFace and RapidOCR
        print(f"first run (models loading): {time.perf_counter() - start:.2f} s")
        walls, cpus = [], []
        for _ in range(runs):
            wall, cpu, n = analyse(case_path)
            walls.append(wall)
            cpus.append(cpu)
        with open("/proc/loadavg") as fh:
            load = fh.read().split()[0]
        print(f"{runs} runs, {n} findings, load average {load}")
        print(f"wall: median {statistics.median(walls):.2f} s, min {min(walls):.2f}, max {max(walls):.2f}"
              f"  (target < {TARGET_S:g} s){'' if statistics.median(walls) < TARGET_S else '  MISSED'}")
        print(f"CPU:  median {statistics.median(cpus):.2f} s, min {min(cpus):.2f}, max {max(cpus):.2f}")
        if "--profile" in sys.argv:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.002)
            profiler.start()
            analyse(case_path)
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
