"""What each photo of a case becomes when published: one set of rules for check, approve and publish.

For every photo of every child it finds the child, the siblings and every other face (two
detectors), reads every line of text (OCR), applies the scanner and the reviewer's decisions,
and draws the covers. `posters check`, the approval and the publish all go through here,
so whatever approve accepts, publish publishes.
"""
from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from PIL import Image

from posters.errors import PhotoError
from posters.photos.boxes import Box
from posters.photos.cache import FaceCache
from posters.photos.cover import cover_bystanders
from posters.photos.findings import (BYSTANDER, CHILD, COMPANION, REVIEWER_COVER, SIBLING, TEXT_COVERED,
                                     TEXT_TO_DECIDE, PhotoDecisions, PhotoFinding, text_cover, text_findings)
from posters.photos.identify import ChildFaces, locate_child, reference_encoding
from posters.photos.loader import LoadedPhoto, load_photo

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class PhotoPlan:
    """One photo as it will be published: the child's face, and every finding with its label."""

    child_index: int
    photo_index: int
    role: str
    photo: LoadedPhoto
    faces: ChildFaces
    findings: tuple[PhotoFinding, ...]

    @property
    def undecided(self) -> list[PhotoFinding]:
        """Text a reviewer has not decided on yet; never raises."""
        return [f for f in self.findings if f.undecided]

    @property
    def face_covers(self) -> list[Box]:
        return [f.box for f in self.findings if f.kind == "face" and f.covered]

    @property
    def text_covers(self) -> list[Box]:
        # Undecided text is covered in the pixels too (fail closed); publishing waits for a decision anyway.
        return [text_cover(f.box, self.photo.size) for f in self.findings
                if f.kind == "text" and (f.covered or f.undecided)]

    def render(self) -> Image.Image:
        """The published pixels: every face but the child's and the siblings' covered, and the text to cover; never raises."""
        keep = [f.box for f in self.findings if f.label in (CHILD, SIBLING, COMPANION)]
        image = self.photo.image
        if self.face_covers:
            image = cover_bystanders(image, self.face_covers, keep=keep)
        if self.text_covers:
            image = cover_bystanders(image, self.text_covers, margin=0.0)
        return image


def child_reference(case: Any, child_index: int, cache: FaceCache) -> np.ndarray | None:
    """The child's face encoding, from the primary photo (None without one); raises PhotoError when it cannot be found.

    A primary photo with several faces is told apart with an additional photo of the same
    child that shows a single face (or has a face box).
    """
    child = case.model.children[child_index]
    primary = next((p for p in child.photos if p.role == "primary"), None)
    if primary is None:
        return None
    loaded = load_photo(case.folder, primary.file)
    try:
        return reference_encoding(loaded, manual_box(primary), cache=cache)
    except PhotoError as first:
        for other in child.photos:
            if other.role != "additional":
                continue
            try:
                helper = locate_child(load_photo(case.folder, other.file), None, manual_box(other), cache=cache)
                if helper.encoding is None:
                    continue
                found = locate_child(loaded, helper.encoding, manual_box(primary), cache=cache)
            except PhotoError:
                continue
            if found.encoding is not None:
                return found.encoding
        raise first


def plan_photo(case: Any, child_index: int, photo_index: int, references: Sequence[np.ndarray | None], *,
               scanner: Any, decisions: PhotoDecisions, cache: FaceCache) -> PhotoPlan:
    """Everything found in one photo of a child and what is done with it; raises PhotoError, PostersError (detectors unavailable)."""
    spec = case.model.children[child_index].photos[photo_index]
    others = [r for k, r in enumerate(references) if k != child_index and r is not None]
    # An artist's age-progressed image is located for cropping but not matched (an older face would not match).
    reference = None if spec.role == "age_progressed" else references[child_index]
    return _plan(case, spec, f"children[{child_index}].photos[{photo_index}]", child_index, photo_index, spec.role,
                 reference, others, CHILD, "", scanner=scanner, decisions=decisions, cache=cache)


def plan_companion_photo(case: Any, companion_index: int, photo_index: int, children: Sequence[np.ndarray], *,
                         scanner: Any, decisions: PhotoDecisions, cache: FaceCache) -> PhotoPlan:
    """The same for a companion's own photo: the one clear face (or the face box) is theirs; raises PhotoError."""
    spec = case.model.companions[companion_index].photos[photo_index]
    path = f"companions[{companion_index}].photos[{photo_index}]"
    # No reference to match: the person in their own photo is who the photo is of.
    return _plan(case, spec, path, companion_index, photo_index, "companion", None, children, COMPANION,
                 "the person this companion photo is of", scanner=scanner, decisions=decisions, cache=cache)


def _plan(case: Any, spec: Any, path: str, owner: int, photo_index: int, role: str, reference: np.ndarray | None,
          allowed: Sequence[np.ndarray], own_label: str, own_reason: str, *, scanner: Any,
          decisions: PhotoDecisions, cache: FaceCache) -> PhotoPlan:
    loaded = load_photo(case.folder, spec.file)
    # OCR (onnxruntime, which lets go of the GIL) reads the photo while dlib looks for faces.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="posters-ocr") as pool:
        reading = pool.submit(cache.texts, loaded)
        faces = locate_child(loaded, reference, manual_box(spec), cache=cache, allowed_encodings=allowed)
        texts = reading.result()
    findings = [PhotoFinding("face", own_label, faces.child, own_reason or faces.how)]
    findings += [PhotoFinding("face", SIBLING, b, "matches a child on the poster") for b in faces.kept]
    findings += [PhotoFinding("face", BYSTANDER, b, "not the child nor a sibling: covered") for b in faces.bystanders]
    for drawn in decisions.covers_of(path):
        box = drawn.box.clipped(loaded.size)
        if not box.is_valid():
            raise PhotoError(spec.file, f"the reviewer's cover {drawn.box.as_ltrb()} lies outside the photo "
                                        f"({loaded.size[0]} x {loaded.size[1]} pixels, upright)")
        findings.append(PhotoFinding("face", REVIEWER_COVER, box, drawn.reason or "drawn by a reviewer"))
    findings += text_findings(texts, loaded.sha256, scanner, decisions.text)
    return PhotoPlan(owner, photo_index, role, loaded, faces, tuple(findings))


def verify_text_covers(plan: PhotoPlan, image: Image.Image, *, scanner: Any, cache: FaceCache) -> None:
    """Read the covered image again: no covered line may still be read, nor anything the scanner flags; raises PhotoError."""
    covered = [f for f in plan.findings if f.kind == "text" and (f.covered or f.undecided)]
    if not covered:
        return  # the pixels hold no more text than the photo did, and none of it was flagged
    pixels = hashlib.sha256(image.tobytes()).hexdigest()
    for region in cache.texts_in(image, f"pixels-{pixels}"):
        flagged = scanner is not None and scanner.find(region.text)
        if flagged or any(region.box.intersection(f.box) and still_reads(region.text, f.text or "") for f in covered):
            raise PhotoError(plan.photo.rel, f"text at {region.box.as_ltrb()} can still be read after covering; "
                                             "cover a larger area by hand (a reviewer's cover box)")


def still_reads(new: str, old: str) -> bool:
    """Whether text read over a cover still gives away the covered line (two of its letters in a row); never raises."""
    # OCR makes up a stray glyph on the edge of a grey box now and then: that reveals nothing.
    a, b = _letters(new), _letters(old)
    return len(a) >= 2 and any(a[i:i + 2] in b for i in range(len(a) - 1))


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def manual_box(photo: Any) -> Box | None:
    """The face box given in the case file for this photo, if any; never raises."""
    return Box(**photo.face.model_dump()) if photo.face else None


__all__ = ["PhotoPlan", "TEXT_COVERED", "TEXT_TO_DECIDE", "child_reference", "manual_box", "plan_companion_photo",
           "plan_photo", "verify_text_covers"]
