"""Photo findings: every face and every line of text in a photo, what is done with it and why.

The reviewer's decisions come in as plain typed values (PhotoDecisions): keep or cover each
line of text the scanner did not flag, and cover boxes drawn by hand. Text the redaction
scanner flags is always covered; no decision can keep it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, Literal, Mapping, Sequence

from posters.photos.boxes import Box

# What a finding is, as the reviewer's picture labels it.
CHILD: Final = "child"
COMPANION: Final = "companion"  # the person a companion's (abductor's) own photo is of
SIBLING: Final = "sibling"
BYSTANDER: Final = "covered bystander"
REVIEWER_COVER: Final = "covered by reviewer"
TEXT_COVERED: Final = "covered text"
TEXT_TO_DECIDE: Final = "text to decide"
TEXT_KEPT: Final = "kept text"
Label = Literal["child", "companion", "sibling", "covered bystander", "covered by reviewer", "covered text",
                "text to decide", "kept text"]
COVERED_LABELS = (BYSTANDER, REVIEWER_COVER, TEXT_COVERED)

TextDecision = Literal["keep", "cover"]
# Around a line of text, as a fraction of the line's height on every side: OCR boxes hug the
# glyphs (and can clip ascenders), and a margin in proportion to a long line's width would
# cover far more of the photo than the text.
TEXT_COVER_MARGIN = 0.35


def text_cover(box: Box, size: tuple[int, int]) -> Box:
    """The area covered for a line of text read in `box`; never raises."""
    m = -(-box.height * TEXT_COVER_MARGIN // 1)
    return Box(int(box.left - m), int(box.top - m), int(box.right + m), int(box.bottom + m)).clipped(size)


@dataclass(frozen=True)
class ReviewerCover:
    """A cover a reviewer drew on one photo ('children[0].photos[1]'), with the reason."""

    photo: str
    box: Box
    reason: str = ""


@dataclass(frozen=True)
class PhotoDecisions:
    """A reviewer's decisions on photos: keep or cover per text finding id, and drawn covers."""

    text: Mapping[str, TextDecision] = field(default_factory=dict)
    covers: Sequence[ReviewerCover] = ()

    def covers_of(self, photo: str) -> list[ReviewerCover]:
        """The drawn covers of one photo ('children[0].photos[1]'); never raises."""
        return [c for c in self.covers if c.photo == photo]


NO_DECISIONS = PhotoDecisions()


def photo_decisions_from(log: Any) -> PhotoDecisions:
    """The photo decisions in a reviewer's decision log (posters.review's DecisionLog, or None); never raises.

    Its `photo_text` decisions name a region by the finding id given here (text_finding_id);
    its `face_cover` decisions are drawn covers.
    """
    if log is None:
        return NO_DECISIONS
    text: dict[str, TextDecision] = {}
    covers: list[ReviewerCover] = []
    for d in log.active():
        if getattr(d, "kind", None) == "photo_text":
            text[str(d.region)] = d.action
        elif getattr(d, "kind", None) == "face_cover":
            covers.append(ReviewerCover(str(d.photo), Box(*d.box.as_ltrb()), str(getattr(d, "reason", "") or "")))
    return PhotoDecisions(text=text, covers=tuple(covers))


@dataclass(frozen=True)
class PhotoFinding:
    """One face or line of text in a photo, its label, and why it is covered or kept."""

    kind: Literal["face", "text"]
    label: Label
    box: Box
    reason: str
    finding_id: str = ""
    text: str | None = None

    @property
    def covered(self) -> bool:
        return self.label in COVERED_LABELS

    @property
    def undecided(self) -> bool:
        return self.label == TEXT_TO_DECIDE

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data (for reviewers only: it holds the text read); never raises."""
        return {"kind": self.kind, "label": self.label, "box": list(self.box.as_ltrb()), "reason": self.reason,
                "id": self.finding_id, "text": self.text, "covered": self.covered}


def text_finding_id(photo_sha256: str, box: Box) -> str:
    """A stable id for a line of text: the photo's hash and the box, so a new photo needs new decisions; never raises."""
    return f"text-{photo_sha256[:16]}-{box.left}-{box.top}-{box.right}-{box.bottom}"


def text_findings(regions: Sequence[Any], photo_sha256: str, scanner: Any,
                  decisions: Mapping[str, TextDecision]) -> list[PhotoFinding]:
    """A finding per line read: flagged lines covered, others as the reviewer decided or undecided; never raises."""
    out = []
    for region in regions:
        fid = text_finding_id(photo_sha256, region.box)
        hits = scanner.find(region.text) if scanner is not None else []
        if hits:
            reasons = sorted({h.reason for h in hits})
            out.append(PhotoFinding("text", TEXT_COVERED, region.box,
                                    f"the scanner flags it ({', '.join(reasons)}); always covered", fid, region.text))
            continue
        decision = decisions.get(fid)
        if decision == "cover":
            out.append(PhotoFinding("text", TEXT_COVERED, region.box, "the reviewer chose to cover it", fid, region.text))
        elif decision == "keep":
            out.append(PhotoFinding("text", TEXT_KEPT, region.box, "the reviewer chose to keep it", fid, region.text))
        else:
            out.append(PhotoFinding("text", TEXT_TO_DECIDE, region.box,
                                    "legible text: a reviewer must keep or cover it", fid, region.text))
    return out
