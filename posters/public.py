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
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .case import Case
from .errors import PhotoError

if TYPE_CHECKING:  # heavy imports stay lazy
    from redaction import Policy, Release

    from .photos import Box, FaceCache
    from .photos.findings import PhotoDecisions, PhotoFinding
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
    # Every face and line of text found, labelled (for reviewers: it holds the text read).
    findings: tuple["PhotoFinding", ...] = ()

    @property
    def undecided(self) -> list["PhotoFinding"]:
        """Text a reviewer still has to keep or cover; never raises."""
        return [f for f in self.findings if f.undecided]

    @property
    def path(self) -> str:
        """Where the case file lists it: 'children[0].photos[1]' or 'companions[0].photos[0]'; never raises."""
        owner = "companions" if self.companion else "children"
        return f"{owner}[{self.child_index}].photos[{self.photo_index}]"

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
        if self.findings:
            # Each finding's label is the decision taken on it (kept, covered, undecided).
            record["findings"] = [[f.kind, f.label, list(f.box.as_ltrb()), f.finding_id] for f in self.findings]
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

    @property
    def undecided(self) -> list[tuple[PublicPhoto, "PhotoFinding"]]:
        """Every line of text in a photo that a reviewer must still keep or cover; never raises."""
        return [(p, f) for p in self.photos for f in p.undecided]


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
            review = stored_decisions(store)
        else:
            review = decisions_of(case)
        release = redaction.redact(case.plain_data(), policy, overrides_of(review))
    with stage("faces"):
        cache = cache or FaceCache.default()
        photos = tuple(_public_photos(case, release, cache, review, case_scanner(case, policy)))
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


def stored_decisions(store: "CaseStore") -> "DecisionLog":
    """The reviewer's decisions kept in `store` (an empty log when there are none); raises ReviewError."""
    from .review.casefolder import parse_decisions
    from .review.decisions import DecisionLog

    text = store.read_decisions()
    return parse_decisions(text, f"the decisions of {store.name}") if text else DecisionLog()


def photo_decisions_of(case: Case, review: "DecisionLog | None" = None) -> "PhotoDecisions":
    """The reviewer's decisions on this case's photos (keep/cover text, drawn covers): from `review`,
    else from the decisions stored beside a case read from a folder (a case loaded from text has none
    but those given: its folder is wherever the process runs); raises ReviewError for a damaged file."""
    from .photos.findings import photo_decisions_from

    if review is None:
        from .review.casefolder import decisions_of

        review = decisions_of(case)
    return photo_decisions_from(review)


_SCANNERS: "OrderedDict[tuple[str, int], tuple[Any, Any]]" = OrderedDict()
_SCANNERS_LOCK = threading.Lock()


def case_scanner(case: Case, policy: "Policy | None" = None) -> Any:
    """The redaction scanner of this case (lexicons and its own withheld values), for text read in photos."""
    import redaction

    policy = policy or default_policy()
    data = case.plain_data()
    # Built in about 10 ms, and check, approve and publish each need it: kept for the last few cases.
    key = (hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode("utf-8")).hexdigest(), id(policy))
    with _SCANNERS_LOCK:
        hit = _SCANNERS.get(key)
    if hit is None:
        # The policy is kept with its scanner so its id cannot be reused by another policy.
        hit = (policy, redaction.build_scanner(data, policy))
        with _SCANNERS_LOCK:
            _SCANNERS[key] = hit
            while len(_SCANNERS) > 8:
                _SCANNERS.popitem(last=False)
    return hit[1]


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


def _public_photos(case: Case, release: "Release", cache: "FaceCache", review: "DecisionLog | None",
                   scanner: Any) -> list[PublicPhoto]:
    from .photos.children import identify_companions, identify_photos
    from .photos.plan import plan_of, reading_ahead

    def public_people(kind: str, people: list[Any]) -> list[tuple[int, int]]:
        # Every photo of a public person is a public photo: its file name never is (the output
        # is named anew), so a withheld value in the name costs nothing.
        count = len(release.public.get(kind) or [])
        return [(i, j) for i, person in enumerate(people[:count]) for j in range(len(person.photos))]

    decisions = photo_decisions_of(case, review)
    wanted = public_people("children", case.model.children)
    wanted_companions = public_people("companions", case.model.companions)
    with reading_ahead(case, wanted, cache, companions=wanted_companions):
        identified = identify_photos(case, cache, wanted=wanted)
        # Each companion's own photos: the face in them is theirs, never covered as a bystander;
        # a companion who appears in a child's photo is still a bystander there.
        companions = identify_companions(case, cache, identified.references, wanted=wanted_companions)
    out = [_public_photo(plan_of(found, scanner=scanner, decisions=decisions, cache=cache), found.photo,
                         scanner=scanner, cache=cache)
           for found in identified.photos]
    out += [_public_photo(plan_of(found, scanner=scanner, decisions=decisions, cache=cache, companion=True),
                          found.photo, scanner=scanner, cache=cache)
            for found in companions]
    return out


def _public_photo(plan: Any, photo: Any, *, scanner: Any, cache: "FaceCache") -> PublicPhoto:
    from .photos.plan import verify_text_covers

    image = plan.render()
    verify_text_covers(plan, image, scanner=scanner, cache=cache)
    companion = plan.role == "companion"
    return PublicPhoto(
        child_index=plan.child_index, photo_index=plan.photo_index, role=plan.role,
        taken=photo.taken.isoformat() if photo.taken else None,
        age_progressed_to=None if companion else photo.age_progressed_to,
        jpeg=_clean_jpeg(image, photo.file), size=image.size, face=plan.faces.child,
        covered=tuple(plan.face_covers + plan.text_covers),
        pixel_sha256=hashlib.sha256(image.tobytes()).hexdigest(), companion=companion, findings=plan.findings,
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
