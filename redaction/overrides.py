"""A reviewer's corrections to the machine's redaction, as plain data.

The posters package keeps the reviewer's decisions (who, when, why) and hands
redact() only what it needs to apply them: which field or sentence to restore,
which field, sentence or span to withhold. Each override carries the id of the
decision it comes from, so every redaction Decision it changes names it.

What a restore may never do is decided here, in the layer that publishes:
a restore only undoes what the *text scan* withheld. A field the policy itself
withholds (a withhold rule, or a field the policy does not name) and the
internal narrative are never restored, whatever the caller passes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .errors import RedactionError

RESTORE = "restore"
WITHHOLD = "withhold"
REVIEW_RESTORE_RULE = "REVIEW-RESTORE"
REVIEW_WITHHOLD_RULE = "REVIEW-WITHHOLD"
REVIEW_WITHHOLD_REASON = "CONF-REVIEW"


@dataclass(frozen=True)
class Override:
    """One field-level correction: restore or withhold a field, a sentence (by its text) or a span."""

    id: str
    action: str                  # "restore" | "withhold"
    path: str                    # a concrete path: "children[0].clothing"
    sentence: str | None = None  # the sentence's text, as the diff shows it
    span: str | None = None      # withhold only: exact text within the field
    note: str = ""               # who, when and why, for the reviewer's diff

    def __post_init__(self) -> None:
        if self.action not in (RESTORE, WITHHOLD):
            raise RedactionError(f"override {self.id}: action must be 'restore' or 'withhold'")
        if self.action == RESTORE and self.span is not None:
            raise RedactionError(f"override {self.id}: a span can be withheld, not restored; "
                                 "restore the sentence or the field")
        if self.sentence is not None and self.span is not None:
            raise RedactionError(f"override {self.id}: give a sentence or a span, not both")
        if not self.path or "#" in self.path:
            raise RedactionError(f"override {self.id}: path {self.path!r} must name a field "
                                 "('children[0].clothing'); give the sentence separately")


@dataclass(frozen=True)
class Overrides:
    """Every override of one release; empty means the machine's redaction stands as it is."""

    items: tuple[Override, ...] = ()
    _by_path: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for item in self.items:
            self._by_path.setdefault(item.path, []).append(item)

    def at(self, path: str) -> list[Override]:
        """The overrides naming exactly this path; never raises."""
        return list(self._by_path.get(path, ()))

    def withholds_field(self, path: str) -> Override | None:
        """The override that withholds this whole field (no sentence, no span), if any; never raises."""
        return next((o for o in self.at(path) if o.action == WITHHOLD and o.sentence is None
                     and o.span is None), None)

    def restores_field(self, path: str) -> Override | None:
        """The override that restores this whole (short) field, if any; never raises."""
        return next((o for o in self.at(path) if o.action == RESTORE and o.sentence is None), None)


def same_text(a: str, b: str) -> bool:
    """Whether two texts are the same sentence as a reviewer reads it (spacing and case aside); never raises."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def contains_text(text: str, span: str) -> bool:
    """Whether ``span`` occurs in ``text``, spacing and case aside; never raises."""
    needle = " ".join(span.split()).casefold()
    return bool(needle) and needle in " ".join(text.split()).casefold()
