"""Which face in each of a case's photos is which child: one implementation for `check` and the release.

The primary photo of every child is the reference that identifies that child in
the others; siblings on the same poster are kept, not covered, in each other's
photos; an age-progressed image (an artist's) is located but not matched. The
public release raises at the first photo it cannot use; `check` collects every
one as a finding; both see the same decisions because both call identify_photos.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Collection

from posters.errors import PhotoError

if TYPE_CHECKING:
    from posters.case import Case
    from posters.photos.boxes import Box
    from posters.photos.cache import FaceCache
    from posters.photos.identify import ChildFaces
    from posters.photos.loader import LoadedPhoto

# (child index, photo index)
PhotoKey = tuple[int, int]
# Called with what failed ("load" or "faces"), the photo and the error; re-raise to stop at the first.
OnError = Callable[[str, PhotoKey, PhotoError], None]


@dataclass(frozen=True)
class ChildPhoto:
    """One photo of one child, loaded, with the child's face and the faces to cover."""

    child_index: int
    photo_index: int
    photo: Any  # the case file's Photo entry
    loaded: LoadedPhoto
    faces: ChildFaces

    @property
    def key(self) -> PhotoKey:
        return (self.child_index, self.photo_index)


def case_photo(case: Case, i: int, j: int) -> LoadedPhoto:
    """Load photo j of child i; a missing file names the case file's line and the files there; raises PhotoError."""
    from posters.photos.loader import load_photo

    rel = case.model.children[i].photos[j].file
    if not case.photos.exists(rel):
        from posters.case.photo_files import did_you_mean

        pos = case.positions.get(f"children[{i}].photos[{j}].file")
        where = f"{case.source}:{pos[0]}" if pos else case.source
        raise PhotoError(f"{where}: children[{i}].photos[{j}].file: {rel}",
                         "there is no such photo file;" + did_you_mean(rel, case.photos.names()))
    return load_photo(case.photos, rel)


def manual_box(photo: Any) -> Box | None:
    """The face box the case file gives for a photo, if any; never raises."""
    from posters.photos.boxes import Box

    return Box(**photo.face.model_dump()) if photo.face else None


@dataclass(frozen=True)
class Identified:
    """The children's photos located, and each child's reference encoding (None when it has none)."""

    photos: list[ChildPhoto]
    references: list[Any]


def identify_photos(case: Case, cache: FaceCache, *, wanted: Collection[PhotoKey] | None = None,
                    on_error: OnError | None = None) -> Identified:
    """Locate each child in the wanted photos (default: all); raises PhotoError unless on_error takes it.

    With on_error, a photo that cannot be loaded or identified is reported and skipped,
    and the others are still identified (as well as they can be without it).
    """
    from posters.photos.identify import locate_child

    def fail(kind: str, key: PhotoKey, exc: PhotoError) -> None:
        if on_error is None:
            raise exc
        on_error(kind, key, exc)

    children = case.model.children
    keys = [(i, j) for i, c in enumerate(children) for j in range(len(c.photos))]
    wanted_set = set(keys if wanted is None else wanted)
    primaries = {i: next((j for j, p in enumerate(c.photos) if p.role == "primary"), None)
                 for i, c in enumerate(children)}
    loaded: dict[PhotoKey, LoadedPhoto] = {}
    for key in keys:
        if key in wanted_set or primaries[key[0]] == key[1]:
            try:
                loaded[key] = case_photo(case, *key)
            except PhotoError as exc:
                fail("load", key, exc)
    references: list[Any] = []
    for i, child in enumerate(children):
        j = primaries[i]
        if j is None or (i, j) not in loaded:
            references.append(None)
            continue
        try:
            located = _primary_face(case, i, loaded[(i, j)], manual_box(child.photos[j]), cache)
            if located.encoding is None:
                raise PhotoError(loaded[(i, j)].rel, "no encoding could be computed for the child's face; give the "
                                 "child's face box by hand in the case file (face: {left, top, right, bottom})")
        except PhotoError as exc:
            fail("faces", (i, j), exc)
            references.append(None)
            continue
        references.append(located.encoding)
    out: list[ChildPhoto] = []
    for i, j in keys:
        if (i, j) not in wanted_set or (i, j) not in loaded:
            continue
        photo = children[i].photos[j]
        if photo.role == "primary" and references[i] is None:
            continue  # already reported above
        others = [r for k, r in enumerate(references) if k != i and r is not None]
        reference = None if photo.role == "age_progressed" else references[i]
        try:
            faces = locate_child(loaded[(i, j)], reference, manual_box(photo), cache=cache, allowed_encodings=others)
        except PhotoError as exc:
            fail("faces", (i, j), exc)
            continue
        out.append(ChildPhoto(i, j, photo, loaded[(i, j)], faces))
    return Identified(out, references)


def _primary_face(case: Case, i: int, primary: LoadedPhoto, manual: Box | None, cache: FaceCache) -> ChildFaces:
    """The child's face in the primary photo; with several faces there, a single-face additional photo of the
    same child (or one with a face box) tells which is the child; raises PhotoError."""
    from posters.photos.identify import locate_child

    try:
        return locate_child(primary, None, manual, cache=cache)
    except PhotoError as first:
        for j, other in enumerate(case.model.children[i].photos):
            if other.role != "additional":
                continue
            try:
                helper = locate_child(case_photo(case, i, j), None, manual_box(other), cache=cache)
                if helper.encoding is None:
                    continue
                return locate_child(primary, helper.encoding, manual, cache=cache)
            except PhotoError:
                continue
        raise first


def identify_companions(case: Case, cache: FaceCache, references: list[Any], *,
                        wanted: Collection[PhotoKey] | None = None, on_error: OnError | None = None) -> list[ChildPhoto]:
    """Locate each companion (an abductor, a companion) in their own photos; raises PhotoError unless on_error takes it.

    The face in a companion's own photo is theirs (there is no reference to match);
    anyone else is covered, except the children of the case. The result's child_index
    is the companion's index.
    """
    from posters.photos.identify import locate_child
    from posters.photos.loader import load_photo

    children = [r for r in references if r is not None]
    out: list[ChildPhoto] = []
    for i, companion in enumerate(case.model.companions):
        for j, photo in enumerate(companion.photos):
            if wanted is not None and (i, j) not in wanted:
                continue
            try:
                loaded = load_photo(case.photos, photo.file)
                faces = locate_child(loaded, None, manual_box(photo), cache=cache, allowed_encodings=children)
            except PhotoError as exc:
                if on_error is None:
                    raise PhotoError(photo.file, f"(companions[{i}].photos[{j}]) {exc.message.split(': ', 1)[-1]}") from None
                on_error("companion", (i, j), exc)
                continue
            out.append(ChildPhoto(i, j, photo, loaded, faces))
    return out
