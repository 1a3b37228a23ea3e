"""Face detection recall on the shared test photos and their rotations (docs/redaction.md, "Pixels").

Seven faces in six photos and two photos without a face (../shared/test-photos), each turned
counter-clockwise by 0, 30, 45, 90, 270, 315 and 330 degrees. A face counts as found when a
detection holds the centre of its (turned) box; a detection holding no face's centre is an
extra. Columns: HOG upsample 1, CenterFace's passes, and the merge the pipeline uses
(posters.photos.identify.faces_in). The truth is the HOG boxes of facts.json, upright, without
the astronaut's mission patch.

    .venv/bin/python bench/bench_face_recall.py
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PHOTOS = REPO.parent / "shared" / "test-photos"
ANGLES = (0, 30, 45, 90, 270, 315, 330)
NAMES = ("obama.jpg", "obama2.jpg", "biden2.jpg", "two_people.jpg", "astronaut.png", "obama_exif_rotated.jpg",
         "coffee.png", "chelsea.png")
PATCH = (126, 335, 215, 425)  # the astronaut's mission patch (left, top, right, bottom): not a face


def truth() -> dict[str, list[tuple[float, float]]]:
    facts = json.loads((PHOTOS / "facts.json").read_text(encoding="utf-8"))["images"]
    out = {}
    for name in NAMES:
        centres = []
        for top, right, bottom, left in facts[name]["hog_upsample1"]["boxes_trbl"]:
            if (left, top, right, bottom) != PATCH:
                centres.append(((left + right) / 2, (top + bottom) / 2))
        out[name] = centres
    return out


def turned_point(x: float, y: float, angle: int, size: tuple[int, int], turned: tuple[int, int]) -> tuple[float, float]:
    # PIL turns counter-clockwise about the centre (y grows downwards).
    rad = math.radians(angle)
    dx, dy = x - size[0] / 2, y - size[1] / 2
    return (dx * math.cos(rad) + dy * math.sin(rad) + turned[0] / 2,
            -dx * math.sin(rad) + dy * math.cos(rad) + turned[1] / 2)


def main() -> None:
    from posters.photos import FaceCache, LoadedPhoto, load_photo
    from posters.photos.identify import faces_in

    centres = truth()
    totals = {k: [0, 0, 0] for k in ("hog", "centerface", "merged")}
    print("angle  " + "  ".join(f"{k:>16}" for k in totals))
    for angle in ANGLES:
        row = {k: [0, 0, 0] for k in totals}
        for name in NAMES:
            upright = load_photo(PHOTOS, name).image
            image = upright.rotate(angle, expand=True, resample=Image.Resampling.BILINEAR)
            photo = LoadedPhoto(f"{name}@{angle}", f"recall-{name}-{angle}", image, image.size, "PNG")
            faces = [turned_point(x, y, angle, upright.size, image.size) for x, y in centres[name]]
            cache = FaceCache(None)
            boxes = {"hog": [f.box for f in cache.faces(photo, 1)],
                     "centerface": [d.box for d in cache.centerface(photo)],
                     "merged": [f.box for f in faces_in(photo, cache)]}
            for kind, found in boxes.items():
                hit = sum(1 for x, y in faces if any(b.left <= x < b.right and b.top <= y < b.bottom for b in found))
                extra = sum(1 for b in found if not any(b.left <= x < b.right and b.top <= y < b.bottom for x, y in faces))
                for k, v in enumerate((hit, len(faces), extra)):
                    row[kind][k] += v
                    totals[kind][k] += v
        print(f"{angle:>5}  " + "  ".join(f"{h:>3}/{n:<3} +{e:<2} extra" for h, n, e in row.values()))
    print("total  " + "  ".join(f"{h:>3}/{n:<3} +{e:<2} extra" for h, n, e in totals.values()))


if __name__ == "__main__":
    main()
