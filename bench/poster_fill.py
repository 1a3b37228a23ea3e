"""How much of each page the sample posters use: the blank at the foot of the page (below the
lowest line, image or frame, bottom margin included, as a share of the page's height), read from
WeasyPrint's laid-out boxes, for every sample x language x paper; and what choosing the layout cost.

Usage: .venv/bin/python bench/poster_fill.py [SAMPLE ...]
Target: blank foot <= 10 % of the page's height on every poster.

"layouts" is how many layouts the fit loop made; "cold" is a first render in the process
(the scale searched from measured layouts), "again" a second render of the same poster (the
scale chosen before is laid out once and checked). Times are the poster layout stage only.
"""
from __future__ import annotations

import datetime as dt
import statistics
import sys

from common import SAMPLES, machine

LANGS = ("en", "es")
PAPERS = ("letter", "a4", "tabloid")
TARGET = 0.10
TODAY = dt.date(2026, 11, 28)


def main() -> None:
    from posters import timing
    from posters.case import load_case
    from posters.public import build_public_release
    from posters.render.fill import BLANK_TARGET
    from posters.render.poster import forget_fit_choices, render_poster

    assert BLANK_TARGET == TARGET
    samples = sys.argv[1:] or sorted(p.name for p in SAMPLES.iterdir() if (p / "case.yaml").is_file())
    print(f"machine: {machine()}")
    print(f"{'sample':<22} {'lang':<4} {'paper':<8} {'blank foot':>10} {'layouts':>7} {'cold s':>7} "
          f"{'again':>5} {'again s':>7}")
    # Warm-up: imports, fonts, stylesheets (not what is measured).
    render_poster(build_public_release(load_case(SAMPLES / samples[0])), paper="letter", watermark=False, today=TODAY)
    forget_fit_choices()
    blanks, cold_times, cold_layouts, again_times = [], [], [], []
    for sample in samples:
        public = build_public_release(load_case(SAMPLES / sample))
        for lang in LANGS:
            for paper in PAPERS:
                runs = []
                for _ in range(2):
                    timing.reset()
                    poster = render_poster(public, lang=lang, paper=paper, watermark=False, today=TODAY)
                    runs.append((poster, timing.totals().get("poster layout", 0.0)))
                (first, t_first), (again, t_again) = runs
                blanks.append(first.blank_foot)
                cold_times.append(t_first)
                cold_layouts.append(first.layouts)
                again_times.append(t_again)
                flag = "" if first.blank_foot <= TARGET else "  over target"
                print(f"{sample:<22} {lang:<4} {paper:<8} {first.blank_foot:>9.1%} {first.layouts:>7} "
                      f"{t_first:>7.2f} {again.layouts:>5} {t_again:>7.2f}{flag}")
    over = sum(b > TARGET for b in blanks)
    print(f"blank foot: min {min(blanks):.1%}, median {statistics.median(blanks):.1%}, max {max(blanks):.1%}; "
          f"{len(blanks) - over} of {len(blanks)} posters within {TARGET:.0%}")
    print(f"layouts per poster: mean {statistics.mean(cold_layouts):.2f} (cold), "
          f"layout time per poster: median {statistics.median(cold_times):.2f} s cold, "
          f"{statistics.median(again_times):.2f} s again")


if __name__ == "__main__":
    main()
