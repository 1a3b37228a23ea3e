"""What each located photo of a case becomes when published: one set of rules for check, approve and publish.

posters.photos.children finds the child, the siblings and every other face (two detectors);
here every line of text is read (OCR), the scanner and the reviewer's decisions are applied,
and the covers drawn. `posters check`, the approval and the publish all go through here,
so whatever approve accepts, publish publishes.
"""
from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

from PIL import Image

from posters.errors import PhotoError
from posters.photos.boxes import Box
from posters.photos.cache import FaceCache
from posters.photos.cover import cover_bystanders
from posters.photos.findings import (BYSTANDER, CHILD, COMPANION, REVIEWER_COVER, SIBLING, TEXT_COVERED,
                                     TEXT_TO_DECIDE, PhotoDecisions, PhotoFinding, text_cover, text_findings)
from posters.photos.identify import ChildFaces
from posters.photos.loader import LoadedPhoto



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


def plan_of(found: Any, *, scanner: Any, decisions: PhotoDecisions, cache: FaceCache,
            companion: bool = False) -> PhotoPlan:
    """Every finding of one located photo (posters.photos.children's ChildPhoto) and what is done with it.

    Raises PhotoError (a drawn cover outside the photo), PostersError (OCR unavailable).
    """
    owner = "companions" if companion else "children"
    path = f"{owner}[{found.child_index}].photos[{found.photo_index}]"
    loaded, faces = found.loaded, found.faces
    own = PhotoFinding("face", COMPANION, faces.child, "the person this companion photo is of") if companion \
        else PhotoFinding("face", CHILD, faces.child, faces.how)
    findings = [own]
    findings += [PhotoFinding("face", SIBLING, b, "matches a child on the poster") for b in faces.kept]
    findings += [PhotoFinding("face", BYSTANDER, b, "not the child nor a sibling: covered") for b in faces.bystanders]
    for drawn in decisions.covers_of(path):
        box = drawn.box.clipped(loaded.size)
        if not box.is_valid():
            raise PhotoError(found.photo.file, f"the reviewer's cover {drawn.box.as_ltrb()} lies outside the photo "
                                               f"({loaded.size[0]} x {loaded.size[1]} pixels, upright)")
        findings.append(PhotoFinding("face", REVIEWER_COVER, box, drawn.reason or "drawn by a reviewer"))
    findings += text_findings(cache.texts(loaded), loaded.sha256, scanner, decisions.text)
    role = "companion" if companion else found.photo.role
    return PhotoPlan(found.child_index, found.photo_index, role, loaded, faces, tuple(findings))


@contextmanager
def reading_ahead(case: Any, keys: Sequence[tuple[int, int]], cache: FaceCache, *,
                  companions: Sequence[tuple[int, int]] = ()) -> Iterator[None]:
    """Read the text of these photos and run CenterFace's passes on them while the caller runs dlib; never raises.

    `keys` are (child, photo) indexes, `companions` (companion, photo). OCR and CenterFace run
    on onnxruntime and dlib's HOG in C++, all three letting go of the GIL, so each gets a thread:
    three threads on two cores keep both busy to the end (OCR alone takes about as long as HOG,
    the encodings and CenterFace together). The caller asking for a result still being worked
    out waits for it (FaceCache computes each once). A photo that cannot be loaded or read is
    left for the caller to report.
    """
    from posters.photos.children import case_photo
    from posters.photos.loader import load_photo

    # Decoded once, here: the caller then finds each photo in the loader's memo.
    photos: list[LoadedPhoto] = []
    for load in ([lambda i=i, j=j: case_photo(case, i, j) for i, j in keys]
                 + [lambda i=i, j=j: load_photo(case.photos, case.model.companions[i].photos[j].file)
                    for i, j in companions]):
        try:
            photos.append(load())
        except Exception:  # noqa: BLE001 - the caller meets the same error and reports it
            continue

    def each(analyse: Callable[[LoadedPhoto], Any]) -> None:
        for photo in photos:
            try:
                analyse(photo)
            except Exception:  # noqa: BLE001 - the caller meets the same error and reports it
                continue

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="posters-photos") as pool:
        pool.submit(each, cache.texts)
        pool.submit(each, cache.centerface)
        yield


def verify_text_covers(plan: PhotoPlan, image: Image.Image, *, scanner: Any, cache: FaceCache) -> None:
    """Read the covered image again: no covered line may still be read, nor anything the scanner flags; raises PhotoError."""
    covered = [f for f in plan.findings if f.kind == "text" and (f.covered or f.undecided)]
    if not covered:
        return  # the pixels hold no more text than the photo did, and none of it was flagged
    pixels = hashlib.sha256(image.tobytes()).hexdigest()
    # Named after the photo first: deleting the case that holds the photo finds this entry by the photo's hash.
    for region in cache.texts_in(image, f"{plan.photo.sha256}-pixels-{pixels}"):
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


__all__ = ["PhotoPlan", "TEXT_COVERED", "TEXT_TO_DECIDE", "plan_of", "still_reads", "verify_text_covers"]
