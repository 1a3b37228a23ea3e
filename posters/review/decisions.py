"""The reviewer's decisions: typed, each naming who, when (a UTC instant) and why.

Four kinds, one model each:

* ``restore``: publish a field or sentence the text scan withheld;
* ``withhold``: withhold a further field, sentence or span (exact text within a field);
* ``photo_text``: keep or cover a text region found in a photo (OCR, posters/photos);
* ``face_cover``: cover a box the reviewer drew on a photo.

A decision is never edited or deleted: ``undo`` marks it undone (who, when), so the
record of what was decided survives and ids are never reused. The active decisions
are part of the release hash, so any change invalidates an approval.

This module is pure data (no files): persistence lives in posters/review/casefolder.py,
the rules for making a decision in posters/review/deciding.py.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from ..case.schema import FaceBox

REVIEW_SCHEMA: Literal["posters/review-v1"] = "posters/review-v1"
KINDS = ("restore", "withhold", "photo_text", "face_cover")

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
# Every photo that may become public: a child's, or a companion's (an abductor's) own.
PhotoId = Annotated[str, StringConstraints(pattern=r"^(children|companions)\[\d+\]\.photos\[\d+\]$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reviewer(_Frozen):
    """Who decided: a display name, and the user id when a front end has accounts (the web app)."""

    name: Name
    user_id: str | None = None

    def label(self) -> str:
        """The name as a person reads it, with the user id when there is one; never raises."""
        return f"{self.name} ({self.user_id})" if self.user_id else self.name


class Box(FaceBox):
    """A rectangle in the photo's upright pixel coordinates: [left, right) x [top, bottom).

    The case file's face box, so a box means the same thing wherever it is written."""

    def as_ltrb(self) -> tuple[int, int, int, int]:
        """(left, top, right, bottom); never raises."""
        return (self.left, self.top, self.right, self.bottom)


class Undone(_Frozen):
    """Who took a decision back, when, and (optionally) why."""

    by: Reviewer
    at: dt.datetime
    reason: str | None = None


class _Decision(_Frozen):
    id: Annotated[str, StringConstraints(pattern=r"^R[1-9][0-9]*$")]
    by: Reviewer
    at: dt.datetime
    reason: Reason
    undone: Undone | None = None

    @field_validator("at")
    @classmethod
    def _utc(cls, v: dt.datetime) -> dt.datetime:
        return utc(v)

    @property
    def active(self) -> bool:
        return self.undone is None

    def who_when_why(self) -> str:
        """One line for the diff: 'R2 by T. Okonkwo, 2026-11-25T12:00:00+00:00: <reason>'; never raises."""
        return f"{self.id} by {self.by.label()}, {self.at.isoformat()}: {self.reason}"


class Restore(_Decision):
    """Publish what the text scan withheld: a short field whole, or one sentence of a free-text field."""

    kind: Literal["restore"] = "restore"
    path: str
    sentence: int | None = Field(default=None, ge=1)   # 1-based, as the diff shows "path#N"
    text: str | None = None                           # that sentence's text when decided
    withheld_as: str | None = None                    # the reason code the scan withheld it under

    def target(self) -> str:
        """The path as the diff shows it ('missing.public_circumstances#2'); never raises."""
        return f"{self.path}#{self.sentence}" if self.sentence else self.path


class Withhold(_Decision):
    """Withhold what the machine would publish: a field, one sentence, or every sentence holding a span."""

    kind: Literal["withhold"] = "withhold"
    path: str
    sentence: int | None = Field(default=None, ge=1)
    text: str | None = None   # the sentence's text when decided
    span: str | None = None   # exact text within the field

    @model_validator(mode="after")
    def _one_target(self) -> "Withhold":
        if self.sentence is not None and self.span is not None:
            raise ValueError("withhold a sentence or a span, not both")
        return self

    def target(self) -> str:
        """The path as the diff shows it, with the span when there is one; never raises."""
        if self.span is not None:
            return f"{self.path} (span “{self.span}”)"
        return f"{self.path}#{self.sentence}" if self.sentence else self.path


class PhotoText(_Decision):
    """Keep or cover a text region found in a photo (region ids come from the OCR step in posters/photos)."""

    kind: Literal["photo_text"] = "photo_text"
    photo: PhotoId
    region: Name
    box: Box
    action: Literal["keep", "cover"]

    def target(self) -> str:
        """'children[0].photos[1] text t3'; never raises."""
        return f"{self.photo} text {self.region}"


class FaceCover(_Decision):
    """Cover a box the reviewer drew on a photo (a face the detector missed)."""

    kind: Literal["face_cover"] = "face_cover"
    photo: PhotoId
    box: Box

    def target(self) -> str:
        """'children[0].photos[1] box 10,20,110,140'; never raises."""
        return f"{self.photo} box {','.join(str(v) for v in self.box.as_ltrb())}"


Decision = Annotated[Union[Restore, Withhold, PhotoText, FaceCover], Field(discriminator="kind")]


class DecisionLog(_Frozen):
    """Every decision made on one case, undone ones included, oldest first (review.json)."""

    schema_: Literal["posters/review-v1"] = Field(default=REVIEW_SCHEMA, alias="schema")
    decisions: tuple[Decision, ...] = ()

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _unique_ids(self) -> "DecisionLog":
        ids = [d.id for d in self.decisions]
        if len(ids) != len(set(ids)):
            raise ValueError("two decisions share an id")
        return self

    def active(self) -> tuple[Any, ...]:
        """The decisions in force (not undone), oldest first; never raises."""
        return tuple(d for d in self.decisions if d.active)

    def get(self, decision_id: str) -> Any | None:
        """The decision with this id (case-insensitive), or None; never raises."""
        return next((d for d in self.decisions if d.id.casefold() == decision_id.strip().casefold()), None)

    def next_id(self) -> str:
        """A fresh id: one more than the highest ever given (ids are never reused); never raises."""
        return f"R{max((int(d.id[1:]) for d in self.decisions), default=0) + 1}"

    def adding(self, decision: Any) -> "DecisionLog":
        """A new log with one decision more; never raises."""
        return self.model_copy(update={"decisions": self.decisions + (decision,)})

    def undoing(self, decision_id: str, undone: Undone) -> "DecisionLog":
        """A new log with that decision marked undone; never raises (the caller checks the id)."""
        return self.model_copy(update={"decisions": tuple(
            d.model_copy(update={"undone": undone}) if d.id == decision_id else d for d in self.decisions)})

    def photo_decisions(self, photo: str) -> tuple[Any, ...]:
        """Active photo_text and face_cover decisions on one photo ('children[0].photos[1]'); never raises."""
        return tuple(d for d in self.active() if d.kind in ("photo_text", "face_cover") and d.photo == photo)

    def hash_record(self) -> list[dict[str, Any]]:
        """The active decisions as JSON data: what the release hash covers; never raises."""
        return [d.model_dump(mode="json", exclude={"undone"}) for d in self.active()]


def utc(value: dt.datetime) -> dt.datetime:
    """A time as an aware UTC instant to the second (a naive time is taken as UTC); never raises."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).replace(microsecond=0)


def reviewer_of(who: "str | Reviewer") -> Reviewer:
    """A Reviewer from a name or a Reviewer; raises ValueError when the name is empty."""
    return who if isinstance(who, Reviewer) else Reviewer(name=" ".join(str(who).split()))
