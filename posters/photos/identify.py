"""Decide which face in a photo is the child's; every other face is a bystander."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from posters.errors import PhotoError
from posters.photos.boxes import Box
from posters.photos.cache import FaceCache
from posters.photos.faces import Face, face_distance, face_encoding
from posters.photos.loader import LoadedPhoto

if TYPE_CHECKING:
    import numpy as np

# Stricter than face_recognition's 0.6: the model is weaker on children (issue 5).
MATCH_DISTANCE = 0.5
MATCH_MARGIN = 0.1
# Upsample 1 finds the child; CenterFace or HOG at 0 confirms it (HOG takes a mission patch
# for a face at 1 only). HOG at upsample 2 (1.7 s a photo) is no longer run: CenterFace finds
# the small faces it was there for, and more (see docs/redaction.md, "Pixels").
PRIMARY_UPSAMPLE = 1
CONFIRM_UPSAMPLES = (0,)
# Bystander recall: the union of these HOG passes and CenterFace's passes.
BYSTANDER_UPSAMPLES = (1,)

_FACE_BOX_HINT = "give the child's face box by hand in the case file (face: {left, top, right, bottom} on this photo)"


@dataclass(frozen=True)
class ChildFaces:
    """Where the child is in a photo, what to cover, and why (the audit trail)."""

    child: Box
    bystanders: list[Box]
    kept: list[Box] = field(default_factory=list)
    how: str = ""
    distance: float | None = None
    encoding: np.ndarray | None = field(default=None, compare=False, repr=False)


def locate_child(
    photo: LoadedPhoto,
    reference_encoding: np.ndarray | None,
    manual_box: Box | None,
    *,
    cache: FaceCache,
    allowed_encodings: Sequence[np.ndarray] = (),
) -> ChildFaces:
    """Find the child's face and the bystanders' faces; raises PhotoError when the child cannot be identified with confidence."""
    found = faces_in(photo, cache)
    if manual_box is not None:
        child = _checked_manual(photo, manual_box)
        encoding = face_encoding(photo, child)
        distance = face_distance(encoding, reference_encoding) if reference_encoding is not None else None
        how = "face box from the case file"
    else:
        child, how, distance, encoding = _detected_child(photo, found, reference_encoding, cache)
    # Only the one detection that best fits the child's box is the child: a generous
    # hand-drawn box must not shelter a neighbour's face.
    overlapping = [f for f in found if f.box.same_face(child)]
    own = max(overlapping, key=lambda f: f.box.iou(child), default=None)
    bystanders: list[Box] = []
    kept: list[Box] = []
    for face in found:
        if face is own:
            continue
        # Recall over precision: anything not clearly the child or a listed sibling is covered.
        (kept if _matches_any(face, allowed_encodings) else bystanders).append(face.box)
    return ChildFaces(child=child, bystanders=bystanders, kept=kept, how=how, distance=distance, encoding=encoding)


def _checked_manual(photo: LoadedPhoto, box: Box) -> Box:
    if not box.is_valid():
        raise PhotoError(photo.rel, f"the face box {box.as_ltrb()} is empty; right must exceed left and bottom must exceed top")
    if not box.inside(photo.size):
        w, h = photo.size
        raise PhotoError(
            photo.rel,
            f"the face box {box.as_ltrb()} lies outside the photo, which is {w} x {h} pixels "
            "(upright, after applying its EXIF rotation)",
        )
    return box


def _detected_child(
    photo: LoadedPhoto, found: list[Face], reference: np.ndarray | None, cache: FaceCache
) -> tuple[Box, str, float | None, np.ndarray]:
    if not found:
        raise PhotoError(photo.rel, f"no face found in the photo; {_FACE_BOX_HINT}")

    def dist(face: Face) -> float:
        return face_distance(face.encoding, reference) if reference is not None else float("inf")

    confirmed = [f for f in cache.faces(photo, PRIMARY_UPSAMPLE) if _confirmed(photo, f, cache, dist(f))]
    # A face only CenterFace sees (turned, small, a child's) is a face all the same.
    confirmed += [f for f in cache.centerface_faces(photo) if any(f is g for g in found)
                  and not any(f.box.same_face(c.box) for c in confirmed)]
    # A small face that only upsample 2 finds is confirmed by matching the reference.
    confirmed += [
        f for f in found
        if dist(f) <= MATCH_DISTANCE and not any(f.box.same_face(c.box) for c in confirmed)
    ]
    if not confirmed:
        raise PhotoError(
            photo.rel, f"{len(found)} possible face(s) found, but none was confirmed as a face; {_FACE_BOX_HINT}"
        )
    if len(confirmed) == 1:
        only = confirmed[0]
        d_only = dist(only) if reference is not None else None
        # Fail closed: a face that does not match the primary photo may be someone else's
        # (a wrong photo, or a bystander while the child went undetected), and publishing
        # it would show another person as the missing child.
        if d_only is not None and d_only > MATCH_DISTANCE:
            others = f" and {len(found) - 1} other possible face(s) were found" if len(found) > 1 else ""
            raise PhotoError(
                photo.rel,
                f"the one clear face does not match the primary photo (distance {d_only:.2f}, needed "
                f"<= {MATCH_DISTANCE}){others}; {_FACE_BOX_HINT}",
            )
        return only.box, "the only face in the photo", d_only, only.encoding
    if reference is None:
        raise PhotoError(
            photo.rel, f"{len(confirmed)} faces found and no reference photo to tell which is the child; {_FACE_BOX_HINT}"
        )
    best, runner_up = sorted(confirmed, key=dist)[:2]
    d_best, d_next = dist(best), dist(runner_up)
    if d_best > MATCH_DISTANCE or d_next - d_best < MATCH_MARGIN:
        raise PhotoError(
            photo.rel,
            f"{len(confirmed)} faces found and none matches the primary photo clearly "
            f"(closest distance {d_best:.2f}, next {d_next:.2f}; needed <= {MATCH_DISTANCE} "
            f"with a margin of {MATCH_MARGIN}); {_FACE_BOX_HINT}",
        )
    how = f"matched the primary photo (distance {d_best:.2f}, next face {d_next:.2f})"
    return best.box, how, d_best, best.encoding


def _confirmed(photo: LoadedPhoto, face: Face, cache: FaceCache, distance: float) -> bool:
    if distance <= MATCH_DISTANCE:
        return True
    # A second HOG pass or the CNN detector agreeing makes it a face (HOG alone takes the
    # astronaut's mission patch for one; CenterFace does not).
    if any(face.box.same_face(d.box) for d in cache.centerface(photo)):
        return True
    return any(face.box.same_face(other.box) for up in CONFIRM_UPSAMPLES for other in cache.faces(photo, up))


def _merged(cache: FaceCache, photo: LoadedPhoto, upsamples: Sequence[int]) -> list[Face]:
    merged: list[Face] = []
    for up in upsamples:
        for face in cache.faces(photo, up):
            if not any(face.box.same_face(m.box) for m in merged):
                merged.append(face)
    return merged


def faces_in(photo: LoadedPhoto, cache: FaceCache) -> list[Face]:
    """Every face either detector finds: HOG's passes, then CenterFace's faces that HOG missed; raises PostersError if unavailable."""
    found = _merged(cache, photo, BYSTANDER_UPSAMPLES)
    for face in cache.centerface_faces(photo):
        if not any(face.box.same_face(f.box) for f in found):
            found.append(face)
    return found


def _matches_any(face: Face, allowed: Sequence[np.ndarray]) -> bool:
    return any(face_distance(face.encoding, ref) <= MATCH_DISTANCE for ref in allowed)


def reference_encoding(photo: LoadedPhoto, manual_box: Box | None, *, cache: FaceCache) -> np.ndarray:
    """The child's encoding from the primary photo; raises PhotoError when its face cannot be found."""
    located = locate_child(photo, None, manual_box, cache=cache)
    if located.encoding is None:
        raise PhotoError(photo.rel, f"no encoding could be computed for the child's face; {_FACE_BOX_HINT}")
    return located.encoding
