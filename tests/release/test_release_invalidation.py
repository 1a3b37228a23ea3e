"""An approval covers one release hash: public changes invalidate it (and are listed), withheld ones do not."""
from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from posters.case import load_case
from posters.errors import ReleaseRefused
from posters.public import build_public_release
from posters.release import approve, publish, require_approval
from tests.release.conftest import NOW, REVIEWER, edit_case, listing


def check(folder):
    case = load_case(folder)
    return require_approval(case, build_public_release(case))


def test_no_approval_at_all(case_dir, tmp_path):
    folder = case_dir()
    with pytest.raises(ReleaseRefused, match=r"has not been approved: a reviewer \(not J. Rivera\)"):
        publish(folder, tmp_path / "out", papers=("letter",), langs=("en",), now=NOW)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("old, new, path", [
    ("en: Red hooded sweatshirt, black jeans", "en: Blue raincoat", "children[0].clothing.en"),
    ("hair: Brown", "hair: Auburn", "children[0].hair"),
    ("nicknames: [Avie]", "nicknames: [Avie, Gracie]", "children[0].nicknames[1]"),
    ("      She may be traveling to Chicago.\n", "      She may be traveling to Peoria.\n",
     "missing.public_circumstances.en"),
])
def test_public_change_invalidates_and_is_listed(case_dir, old, new, path):
    folder = case_dir()
    approve(folder, REVIEWER, now=NOW)
    edit_case(folder, old, new)
    with pytest.raises(ReleaseRefused) as info:
        check(folder)
    message = info.value.message
    assert "has not been approved; the last approval (M. Okonkwo" in message
    assert f"public field changed: {path}" in message
    assert "photo changed" not in message


def test_photo_pixels_change_invalidates(case_dir):
    folder = case_dir()
    approve(folder, REVIEWER, now=NOW)
    photo = folder / "photos" / "ava-2026.jpg"
    with Image.open(photo) as im:
        im = im.convert("RGB")
        ImageDraw.Draw(im).rectangle((0, 0, 6, 6), fill=(0, 255, 0))
        im.save(photo, "JPEG", quality=95)
    with pytest.raises(ReleaseRefused) as info:
        check(folder)
    assert "photo changed: children[0].photos[0] pixels" in info.value.message
    assert "public field changed" not in info.value.message


@pytest.mark.parametrize("old, new", [
    ("    phone: 217-555-0142\n    email: dana@example.org\n", "    phone: 217-555-0177\n    email: dana@example.org\n"),
    ("placement_name: The Okafor family home", "placement_name: The Nguyen family home"),
    ("consent:\n", "  medical:\n    notes: Needs an inhaler.\nconsent:\n"),
])
def test_withheld_change_keeps_the_approval(case_dir, old, new):
    folder = case_dir()
    a = approve(folder, REVIEWER, now=NOW)
    edit_case(folder, old, new)
    assert check(folder).release_hash == a.release_hash


def test_tampered_snapshot_voids_the_approval(case_dir):
    folder = case_dir()
    a = approve(folder, REVIEWER, now=NOW)
    a.snapshot_path.write_text(a.snapshot_path.read_text().replace("Okonkwo", "Okonkwa"))
    with pytest.raises(ReleaseRefused, match="approval record of release .* was changed or removed"):
        check(folder)


def test_approval_file_without_audit_entry_is_not_an_approval(case_dir):
    folder = case_dir()
    a = approve(folder, REVIEWER, now=NOW)
    (folder / "audit.jsonl").unlink()
    (folder / ".posters" / "audit-head.json").unlink()
    assert a.snapshot_path.exists()
    with pytest.raises(ReleaseRefused, match="has not been approved"):
        check(folder)


def test_preparer_renamed_to_reviewer_voids_the_approval(case_dir):
    folder = case_dir()
    approve(folder, REVIEWER, now=NOW)
    edit_case(folder, "prepared_by: J. Rivera", "prepared_by: m. okonkwo")
    with pytest.raises(ReleaseRefused, match="prepared the case; a second person"):
        check(folder)


def test_stale_approval_refuses_publish_and_writes_nothing(case_dir, tmp_path):
    folder = case_dir()
    approve(folder, REVIEWER, now=NOW)
    edit_case(folder, "en: Red hooded sweatshirt, black jeans", "en: Blue raincoat")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    with pytest.raises(ReleaseRefused, match=r"public field changed: children\[0\].clothing"):
        publish(folder, out, papers=("letter",), langs=("en",), now=NOW)
    assert listing(out) == {"keep.txt": b"x"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".posters")] == []
