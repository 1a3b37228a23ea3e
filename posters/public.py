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
    from .store import CaseStore

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
                         decisions: "DecisionLog | None" = None, store: "CaseStore | None" = None) -> PublicRelease:
    """Redact the case, apply the reviewer's decisions (given, else those in `store`, else those
    beside the case file) and prepare its public photos; raises PhotoError, RedactionError, ReviewError."""
    import redaction

    from .photos import FaceCache
    from .review.casefolder import decisions_of
    from .review.deciding import overrides_of
    from .timing import stage

    with stage("redact"):
        policy = policy or default_policy()
        if decisions is not None:
            review = decisions
        elif store is not None:
            from .review.casefolder import parse_decisions
            from .review.decisions import DecisionLog

            text = store.read_decisions()
            review = parse_decisions(text, f"the decisions of {store.name}") if text else DecisionLog()
        else:
            review = decisions_of(case)
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
    from .photos.children import identify_companions, identify_photos

    def published(kind: str, people: list[Any]) -> list[tuple[int, int]]:
        public = release.public.get(kind) or []
        out = []
        for i, person in enumerate(people):
            files = {p.get("file") for p in (public[i].get("photos") or [])} if i < len(public) else set()
            out += [(i, j) for j, photo in enumerate(person.photos) if photo.file in files]
        return out

    identified = identify_photos(case, cache, wanted=published("children", case.model.children))
    # Boxes a reviewer drew (a face the detector missed) are covered like bystanders.
    out = [_public_photo(found, role=found.photo.role, drawn=_drawn_covers(review, found.child_index, found.photo_index))
           for found in identified.photos]
    # Each companion's own photos: the face in them is theirs, never covered as a bystander;
    # a companion who appears in a child's photo is still a bystander there.
    companions = identify_companions(case, cache, identified.references,
                                     wanted=published("companions", case.model.companions))
    out += [_public_photo(found, role="companion", companion=True) for found in companions]
    return out


def _drawn_covers(review: "DecisionLog | None", i: int, j: int) -> list["Box"]:
    """The face covers a reviewer drew on photo j of child i; never raises."""
    from .photos import Box

    if review is None:
        return []
    return [Box(*d.box.as_ltrb()) for d in review.photo_decisions(f"children[{i}].photos[{j}]")
            if d.kind == "face_cover"]


def _public_photo(found: Any, *, role: str, companion: bool = False, drawn: list["Box"] | None = None) -> PublicPhoto:
    from .photos import cover_bystanders

    photo, faces = found.photo, found.faces
    covers = list(faces.bystanders) + list(drawn or [])
    image = cover_bystanders(found.loaded.image, covers) if covers else found.loaded.image
    return PublicPhoto(
        child_index=found.child_index, photo_index=found.photo_index, role=role,
        taken=photo.taken.isoformat() if photo.taken else None,
        age_progressed_to=None if companion else photo.age_progressed_to,
        jpeg=_clean_jpeg(image, photo.file), size=image.size, face=faces.child, covered=tuple(covers),
        pixel_sha256=hashlib.sha256(image.tobytes()).hexdigest(), companion=companion,
    )


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
