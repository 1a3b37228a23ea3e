"""The public release: the only input the renderers accept.

It holds the redaction layer's Release (public data plus the record of every
decision) and the public photos: upright, bystanders covered, re-encoded from
pixels with no metadata. Templates, captions and alt text are built from this
object alone, so data the policy withheld cannot reach them by construction.
"""
from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .case import Case
from .errors import PhotoError

if TYPE_CHECKING:  # heavy imports stay lazy
    from redaction import Policy, Release

    from .photos import Box, FaceCache
    from .review.decisions import DecisionLog

JPEG_QUALITY = 92


@dataclass(frozen=True)
class PublicPhoto:
    """One published photo: clean pixels and where the child's face is."""

    child_index: int
    photo_index: int
    role: str
    taken: str | None
    age_progressed_to: int | None
    jpeg: bytes = field(repr=False)
    size: tuple[int, int]
    face: "Box"
    covered: tuple["Box", ...]
    pixel_sha256: str
    # A photo of companions[child_index] (an abductor or companion), not of a child.
    companion: bool = False

    @property
    def asset_name(self) -> str:
        """A file name that never reuses the input's name."""
        owner = "companion" if self.companion else "child"
        return f"{owner}{self.child_index + 1}-photo{self.photo_index + 1}.jpg"

    def hash_record(self) -> dict[str, Any]:
        """What the release hash covers of this photo."""
        record: dict[str, Any] = {"child": self.child_index, "photo": self.photo_index, "role": self.role,
                                  "pixels": self.pixel_sha256, "face": self.face.as_ltrb(),
                                  "covered": [b.as_ltrb() for b in self.covered]}
        if self.companion:
            record["companion"] = True
        return record

    def image(self) -> Any:
        """The photo as a PIL image (decoded from the clean JPEG)."""
        from PIL import Image

        return Image.open(io.BytesIO(self.jpeg)).convert("RGB")


@dataclass(frozen=True)
class PublicRelease:
    """What may be published for a case, and a hash that names exactly that."""

    release: "Release"
    photos: tuple[PublicPhoto, ...]
    release_hash: str
    review: "DecisionLog | None" = None  # the reviewer's decisions this release applies

    def restored_texts(self) -> list[str]:
        """The exact texts a reviewer's decision restored (the leak scan allows these, and only these)."""
        from redaction.overrides import REVIEW_RESTORE_RULE

        return [d.text for d in self.release.decisions if d.rule_id == REVIEW_RESTORE_RULE and d.text]

    @property
    def public(self) -> dict[str, Any]:
        return self.release.public

    @property
    def language(self) -> str:
        return str(self.public.get("case", {}).get("language") or "en")

    @property
    def short_hash(self) -> str:
        return self.release_hash[:12]

    def children(self) -> list[dict[str, Any]]:
        return list(self.public.get("children") or [])

    def photos_of(self, child_index: int) -> list[PublicPhoto]:
        return [p for p in self.photos if p.child_index == child_index and not p.companion]

    def companions(self) -> list[dict[str, Any]]:
        return list(self.public.get("companions") or [])

    def companion_photo(self, index: int) -> PublicPhoto | None:
        """The first public photo of companions[index], if any."""
        return next((p for p in self.photos if p.companion and p.child_index == index), None)

    def primary_photo(self, child_index: int) -> PublicPhoto | None:
        mine = self.photos_of(child_index)
        return next((p for p in mine if p.role == "primary"), next((p for p in mine if p.role != "age_progressed"), None))

    def progressed_photo(self, child_index: int) -> PublicPhoto | None:
        return next((p for p in self.photos_of(child_index) if p.role == "age_progressed"), None)


def build_public_release(case: Case, *, policy: "Policy | None" = None,
                         cache: "FaceCache | None" = None,
                         decisions: "DecisionLog | None" = None) -> PublicRelease:
    """Redact the case, apply the reviewer's decisions (by default those stored beside the case)
    and prepare its public photos; raises PhotoError, RedactionError, ReviewError."""
    import redaction

    from .photos import FaceCache
    from .review.casefolder import load_decisions
    from .review.deciding import overrides_of
    from .timing import stage

    with stage("redact"):
        policy = policy or default_policy()
        review = decisions if decisions is not None else load_decisions(case.folder)
        release = redaction.redact(case.plain_data(), policy, overrides_of(review))
    with stage("faces"):
        cache = cache or FaceCache.default()
        photos = tuple(_public_photos(case, release, cache, review))
    return PublicRelease(release=release, photos=photos,
                         release_hash=release_hash(release, photos, review), review=review)


_POLICY: Any = None


def default_policy() -> "Policy":
    """The bundled NCMEC policy, read once per process."""
    global _POLICY
    if _POLICY is None:
        import redaction

        _POLICY = redaction.load_policy()
    return _POLICY


def release_hash(release: "Release", photos: tuple[PublicPhoto, ...], review: "DecisionLog | None" = None) -> str:
    """SHA-256 over the canonical public data, the policy version, every public photo's pixels, faces
    and covers, and the reviewer's decisions in force (any change to them is a new release)."""
    h = hashlib.sha256()
    h.update(release.canonical_json().encode("utf-8"))
    h.update(b"\0policy\0" + str(release.policy_version).encode("utf-8"))
    for p in photos:
        h.update(b"\0photo\0" + json.dumps(p.hash_record(), sort_keys=True).encode("utf-8"))
    decisions = review.hash_record() if review is not None else []
    if decisions:  # a release without decisions keeps the hash it always had
        h.update(b"\0review\0" + json.dumps(decisions, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def _public_photos(case: Case, release: "Release", cache: "FaceCache",
                   review: "DecisionLog | None" = None) -> list[PublicPhoto]:
    from .photos import Box, cover_bystanders, load_photo, locate_child, reference_encoding

    out: list[PublicPhoto] = []
    public_children = release.public.get("children") or []
    references = []
    # The primary photo of every child is the reference that identifies that child
    # elsewhere; siblings on the same poster are kept, not covered, in each other's photos.
    for i, child in enumerate(case.model.children):
        primary = next((p for p in child.photos if p.role == "primary"), None)
        if primary is None:
            references.append(None)
            continue
        loaded = load_photo(case.folder, primary.file)
        manual = Box(**primary.face.model_dump()) if primary.face else None
        references.append(reference_encoding(loaded, manual, cache=cache))
    for i, child in enumerate(case.model.children):
        published = (public_children[i].get("photos") or []) if i < len(public_children) else []
        published_files = {p.get("file") for p in published}
        others = [r for k, r in enumerate(references) if k != i and r is not None]
        for j, photo in enumerate(child.photos):
            if photo.file not in published_files:
                continue
            loaded = load_photo(case.folder, photo.file)
            manual = Box(**photo.face.model_dump()) if photo.face else None
            if photo.role == "age_progressed":
                # An artist's image: its face is located for cropping but not matched
                # against the reference (an older face would not match).
                found = locate_child(loaded, None, manual, cache=cache, allowed_encodings=others)
            else:
                found = locate_child(loaded, references[i], manual, cache=cache, allowed_encodings=others)
            # Boxes a reviewer drew (a face the detector missed) are covered like bystanders.
            drawn = [Box(*d.box.as_ltrb()) for d in (review.photo_decisions(f"children[{i}].photos[{j}]") if review else ())
                     if d.kind == "face_cover"]
            bystanders = list(found.bystanders) + drawn
            image = cover_bystanders(loaded.image, bystanders) if bystanders else loaded.image
            jpeg = _clean_jpeg(image, photo.file)
            out.append(PublicPhoto(
                child_index=i, photo_index=j, role=photo.role,
                taken=photo.taken.isoformat() if photo.taken else None,
                age_progressed_to=photo.age_progressed_to, jpeg=jpeg, size=image.size,
                face=found.child, covered=tuple(bystanders),
                pixel_sha256=hashlib.sha256(image.tobytes()).hexdigest(),
            ))
    out += _companion_photos(case, release, cache, [r for r in references if r is not None])
    return out


def _companion_photos(case: Case, release: "Release", cache: "FaceCache", children: list[Any]) -> list[PublicPhoto]:
    """Each companion's own photos: the face in them is theirs, never covered as a bystander.

    Anyone else in the photo is covered, except the children of the case. A companion who
    appears in a child's photo is still a bystander there (covered unless the reviewer keeps it).
    """
    from .photos import Box, cover_bystanders, load_photo, locate_child

    out: list[PublicPhoto] = []
    public = release.public.get("companions") or []
    for i, companion in enumerate(case.model.companions):
        published = {p.get("file") for p in (public[i].get("photos") or [])} if i < len(public) else set()
        for j, photo in enumerate(companion.photos):
            if photo.file not in published:
                continue
            loaded = load_photo(case.folder, photo.file)
            manual = Box(**photo.face.model_dump()) if photo.face else None
            try:
                found = locate_companion(loaded, manual, cache=cache, allowed_encodings=children)
            except PhotoError as exc:
                raise PhotoError(photo.file, f"(companions[{i}].photos[{j}]) {exc.message.split(': ', 1)[-1]}") from None
            image = cover_bystanders(loaded.image, found.bystanders) if found.bystanders else loaded.image
            out.append(PublicPhoto(
                child_index=i, photo_index=j, role="companion",
                taken=photo.taken.isoformat() if photo.taken else None, age_progressed_to=None,
                jpeg=_clean_jpeg(image, photo.file), size=image.size, face=found.child,
                covered=tuple(found.bystanders), pixel_sha256=hashlib.sha256(image.tobytes()).hexdigest(),
                companion=True,
            ))
    return out


def locate_companion(loaded: Any, manual: "Box | None", *, cache: "FaceCache", allowed_encodings: list[Any]) -> Any:
    """The companion's face in their own photo (the one clear face, or the face box given); raises PhotoError."""
    from .photos import locate_child

    # No reference to match: the person in their own photo is who the photo is of.
    return locate_child(loaded, None, manual, cache=cache, allowed_encodings=allowed_encodings)


def _clean_jpeg(image: Any, name: str) -> bytes:
    """Re-encode pixels only (no EXIF, XMP, ICC, comments) and verify the result is clean."""
    import tempfile
    from pathlib import Path

    import redaction

    with tempfile.TemporaryDirectory(prefix="posters-photo-") as tmp:
        dest = Path(tmp) / "clean.jpg"
        try:
            redaction.clean_image(image, dest, "JPEG", quality=JPEG_QUALITY)
        except redaction.RedactionError as exc:
            raise PhotoError(name, f"could not be cleaned of metadata: {exc}") from None
        return dest.read_bytes()
