"""Sample posters compared with golden images, with a pixel tolerance.

Regenerate on purpose only: `.venv/bin/python -m pytest tests/render --update-golden`,
then look at every changed image before committing it.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from posters.render.raster import pdf_to_images

GOLDEN = Path(__file__).parent / "golden"
DPI = 40
# Mean absolute difference per channel (0-255), and the share of pixels that differ by more than 48.
MEAN_TOLERANCE = 1.5
CHANGED_TOLERANCE = 0.01

CASES = [
    ("01-standard", "en", "letter"),
    ("02-long-term", "en", "letter"),
    ("03-spanish", "es", "a4"),
    ("04-siblings", "en", "letter"),
    ("05-confidential", "en", "letter"),
    # Spanish posters, and the abductor block (fictional samples only).
    ("01-standard", "es", "letter"),
    ("04-siblings", "es", "letter"),
    ("06-family-abduction", "en", "letter"),
    ("06-family-abduction", "es", "tabloid"),
]


@pytest.mark.parametrize("sample,lang,paper", CASES)
def test_poster_matches_golden(poster_of, request, sample, lang, paper):
    poster = poster_of(sample, lang=lang, paper=paper, watermark=False)
    [image] = pdf_to_images(poster.pdf, dpi=DPI)
    path = GOLDEN / f"{sample}-{lang}-{paper}.png"
    if request.config.getoption("--update-golden") or not path.exists():
        if not request.config.getoption("--update-golden"):
            pytest.fail(f"no golden image {path.name}; run with --update-golden and look at it")
        GOLDEN.mkdir(exist_ok=True)
        image.save(path, optimize=True)
        return
    golden = Image.open(path).convert("RGB")
    assert golden.size == image.size
    a = np.asarray(golden, dtype=np.int16)
    b = np.asarray(image, dtype=np.int16)
    diff = np.abs(a - b)
    mean = float(diff.mean())
    changed = float((diff.max(axis=2) > 48).mean())
    assert mean <= MEAN_TOLERANCE and changed <= CHANGED_TOLERANCE, (
        f"{path.name}: mean difference {mean:.2f}, {changed:.1%} of pixels changed; "
        "if the change is intended, regenerate with --update-golden and look at the images")
