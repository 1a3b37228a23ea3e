"""Error types of the redaction package.

Every error the package raises on purpose derives from RedactionError, so a
caller (the posters CLI) turns them into one message and exit code in one place.
Messages say what is wrong and how to fix it; they never quote a confidential
value, because error messages end up in logs and terminals.
"""
from __future__ import annotations


class RedactionError(Exception):
    """Base class: the release cannot be produced safely, so none is produced."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PolicyError(RedactionError):
    """The policy or an overlay is missing, unreadable, malformed or would loosen the rules."""


class LexiconError(RedactionError):
    """A lexicon is missing, unreadable, malformed, or holds a pattern that cannot run."""


class ImageMetadataError(RedactionError):
    """An image still carries metadata after cleaning (or was never cleaned)."""

    def __init__(self, path: str, remaining: list[str]) -> None:
        self.path = path
        self.remaining = list(remaining)
        listed = "; ".join(self.remaining)
        super().__init__(
            f"{path}: image metadata remains: {listed}. "
            "Re-encode it with redaction.clean_image() and publish only its output."
        )


class ImageFormatError(RedactionError):
    """An image is in a format the cleaner cannot read or write."""
