"""Helpers of the hostile-input suite: the sample case, PDF, PNG and JPEG readers (no fixtures)."""
from __future__ import annotations

import copy
import re
import struct
from pathlib import Path
from typing import Any

import yaml

from tests.pdfutil import pdf_objects, pdf_pages, pdf_text  # noqa: F401  (re-exported for the hostile tests)

REPO = Path(__file__).resolve().parents[2]
SAMPLE_DIR = REPO / "samples" / "01-standard"
SAMPLE_PHOTO = SAMPLE_DIR / "photos" / "ava-2026.jpg"
from tests.conftest import PEER_DATA  # noqa: E402,F401  (re-exported for the hostile tests)
SECRET = "TOPSECRET-7f3a9c"

_SAMPLE_DATA: dict[str, Any] = yaml.safe_load((SAMPLE_DIR / "case.yaml").read_text(encoding="utf-8"))


def sample_data() -> dict[str, Any]:
    """A fresh copy of sample 01's case data (plain YAML values), to mutate."""
    return copy.deepcopy(_SAMPLE_DATA)


def write_case(folder: Path, data: dict[str, Any], *, photo: bytes | None = None) -> Path:
    """Write case.yaml and the photos it names (the sample photo unless `photo` is given); returns case.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    body = photo if photo is not None else SAMPLE_PHOTO.read_bytes()
    for child in data.get("children") or []:
        for p in child.get("photos") or []:
            target = folder / p["file"]
            if target.resolve().is_relative_to(folder.resolve()) and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(body)
    path = folder / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return path


# -- PDF ------------------------------------------------------------------

def pdf_page_count(pdf: bytes) -> int:
    return len(pdf_pages(pdf))


def squash(text: str) -> str:
    """Text without whitespace, hyphens and line-break marks, casefolded: wrapping cannot hide a match."""
    return re.sub(r"[\s\u00ad\ufffe\x02\-]", "", text).casefold()


# -- PNG and JPEG ---------------------------------------------------------

def png_chunks(data: bytes) -> tuple[list[bytes], bytes]:
    """The chunk types of a PNG and whatever follows its IEND chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, kinds = 8, []
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        kinds.append(kind)
        pos += 12 + length
        if kind == b"IEND":
            break
    return kinds, data[pos:]


def jpeg_segments(data: bytes) -> tuple[list[tuple[int, bytes]], bytes]:
    """The marker segments of a JPEG up to the scan ((marker, first bytes)), and what follows its EOI."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    pos, segments = 2, []
    while pos < len(data):
        assert data[pos] == 0xFF, f"bad marker at {pos}"
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        segments.append((marker, data[pos + 4:pos + 4 + min(length - 2, 16)]))
        pos += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data until EOI
            break
    eoi = data.rfind(b"\xff\xd9")
    return segments, data[eoi + 2:]
