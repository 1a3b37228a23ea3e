"""Exported images: exact pixel sizes, no metadata, a visible watermark on previews, captions beside them, an index."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import redaction
from posters.cli import main
from posters.social import INDEX_NAME, export_social, load_presets

from tests.social.conftest import SAMPLES, TODAY

PRESETS = load_presets()
HARMLESS_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive", "progression"}


@pytest.fixture(scope="module")
def exported(sample_release, tmp_path_factory: pytest.TempPathFactory):
    """Sample 01 exported once clean and once as previews, every preset, English."""
    public = sample_release("01-standard")
    clean_dir = tmp_path_factory.mktemp("clean")
    draft_dir = tmp_path_factory.mktemp("draft")
    clean = export_social(public, clean_dir, langs=["en"], watermark=False, today=TODAY)
    draft = export_social(public, draft_dir, langs=["en"], watermark=True, today=TODAY)
    return {"clean": clean, "draft": draft, "clean_dir": clean_dir, "public": public}


def test_every_preset_is_exported_at_exactly_its_pixel_size(exported) -> None:
    files = exported["clean"]
    assert [f.preset for f in files] == list(PRESETS)
    for f in files:
        with Image.open(f.path) as im:
            assert im.size == PRESETS[f.preset].size == f.size, f.preset
            assert im.format == ("JPEG" if PRESETS[f.preset].format == "jpeg" else "PNG")
            assert im.mode == "RGB"


def test_images_carry_no_metadata(exported) -> None:
    for f in exported["clean"] + exported["draft"]:
        redaction.verify_clean(f.path)  # byte-level and Pillow-level re-read
        with Image.open(f.path) as im:
            assert not im.getexif()
            assert set(im.info) <= HARMLESS_INFO, (f.path.name, set(im.info))
            assert "icc_profile" not in im.info and not getattr(im, "text", None)


def test_previews_are_watermarked_and_clean_images_are_not(exported) -> None:
    for clean, draft in zip(exported["clean"], exported["draft"]):
        assert draft.path.name.endswith(f"-DRAFT{clean.path.suffix}") and "DRAFT" not in clean.path.name
        a = np.asarray(Image.open(clean.path), dtype=np.int16)
        b = np.asarray(Image.open(draft.path), dtype=np.int16)
        h, w = a.shape[:2]
        centre = (slice(h // 2 - h // 8, h // 2 + h // 8), slice(w // 2 - w // 8, w // 2 + w // 8))
        # The watermark is a translucent diagonal band: a clear share of the centre's pixels change clearly.
        changed = (np.abs(a[centre] - b[centre]).max(axis=2) > 25).mean()
        assert changed > 0.03, (clean.preset, changed)


def test_captions_are_written_beside_each_image_and_into_the_index(exported) -> None:
    folder: Path = exported["clean_dir"]
    index = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
    assert index["release_hash"] == exported["public"].release_hash and index["draft"] is False
    assert [e["file"] for e in index["files"]] == [f.path.name for f in exported["clean"]]
    for f, entry in zip(exported["clean"], index["files"]):
        assert f.caption_path.read_text(encoding="utf-8") == f"{f.caption}\n\nAlt text: {f.alt_text}\n"
        assert entry == {"file": f.path.name, "preset": f.preset, "lang": "en", "size": list(f.size),
                         "caption": f.caption, "alt_text": f.alt_text, "caption_file": f.caption_path.name,
                         "sha256": f.sha256}
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [INDEX_NAME] + [n for f in exported["clean"] for n in (f.path.name, f.caption_path.name)])


@pytest.mark.parametrize("sample, langs", [
    ("04-siblings", ["en", "es"]),  # two children on every card, both languages
    ("03-spanish", ["es"]),         # Spanish headline, gendered
    ("02-long-term", ["en"]),       # missing for years: "Age now"
])
def test_other_samples_render_in_every_preset(sample_release, tmp_path: Path, sample: str, langs: list[str]) -> None:
    files = export_social(sample_release(sample), tmp_path, presets=["instagram-square", "x-post"], langs=langs,
                          watermark=False, today=TODAY)
    assert [(f.preset, f.lang) for f in files] == [(p, lang) for p in ("instagram-square", "x-post") for lang in langs]
    for f in files:
        assert Image.open(f.path).size == f.size


def test_cli_writes_previews_and_prints_their_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(["social", str(SAMPLES / "01-standard"), "--out", str(out), "--preset", "x-post", "--lang", "es"])
    printed = capsys.readouterr().out.split()
    assert code == 0
    assert printed == [str(out / n) for n in ("x-post-es-DRAFT.jpg", "x-post-es-DRAFT.txt", INDEX_NAME)]
    assert sorted(p.name for p in out.iterdir()) == sorted(Path(p).name for p in printed)


def test_cli_unknown_preset_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(["social", str(SAMPLES / "01-standard"), "--out", str(out), "--preset", "tiktok"])
    err = capsys.readouterr().err
    assert code == 2 and "unknown preset 'tiktok'" in err and "instagram-square" in err
    assert not out.exists() or not any(out.iterdir())


def test_a_very_long_name_is_shrunk_or_shortened_never_cut_off(tmp_path: Path, face_cache) -> None:
    import shutil

    from posters.case import load_case
    from posters.public import build_public_release
    from posters.social.card import ellipsize

    folder = tmp_path / "case"
    shutil.copytree(SAMPLES / "01-standard", folder)
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    long_first = "Maximiliana Esperanza Guadalupe Concepción Wolfeschlegelsteinhausenbergerdorff"
    (folder / "case.yaml").write_text(text.replace("first_name: Ava\n", f"first_name: {long_first}\n"), encoding="utf-8")
    public = build_public_release(load_case(folder), cache=face_cache)
    files = export_social(public, tmp_path / "out", langs=["en"], watermark=False, today=TODAY)
    assert [Image.open(f.path).size for f in files] == [p.size for p in PRESETS.values()]
    # When names are shortened, the last name stays.
    assert ellipsize(f"{long_first} Grace Sample", 24) == "Maximiliana … Sample"
