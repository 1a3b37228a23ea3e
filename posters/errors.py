"""Error types of the posters package.

Every error a user can cause derives from PostersError; the CLI turns it into
a message and an exit code in exactly one place, without a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError


class PostersError(Exception):
    """Base class of every error the posters package raises on purpose."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The message as the lines a person reads."""
        return self.message.splitlines() or [self.message]


def first_problem(exc: "ValidationError") -> str:
    """The first thing pydantic found wrong, as ``key.path: message`` (the message alone at the top level); never raises."""
    errors = exc.errors(include_url=False)
    if not errors:
        return str(exc)
    where = ".".join(str(p) for p in errors[0]["loc"])
    msg = str(errors[0]["msg"])
    return f"{where}: {msg}" if where else msg


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a case file: where it is and what was expected."""

    file: str
    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class CaseFileError(PostersError):
    """The case file cannot be read or does not match the schema."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the case file:"
        super().__init__("\n".join([head] + ["  " + p.render() for p in self.problems]))


class PhotoError(PostersError):
    """A photo cannot be used: unreadable, unsafe, or unfit to publish."""

    def __init__(self, photo: str, message: str) -> None:
        self.photo = photo
        super().__init__(f"{photo}: {message}")


class OutputError(PostersError):
    """The output folder cannot be written."""


class ReleaseRefused(PostersError):
    """The release workflow refused to approve or publish."""

    exit_code = 1


class RenderError(PostersError):
    """A poster could not be rendered correctly (it would not fit, or a template misbehaved)."""


class TemplateError(PostersError):
    """A template is unknown or its settings cannot be read."""


class UnknownLanguage(PostersError):
    """A language the posters do not ship (the message lists the ones they do)."""


class SocialError(PostersError):
    """A social image, caption or alt text cannot be made as asked."""


class PresetError(SocialError):
    """A presets file is unreadable or holds a bad setting (the message names the file and key)."""


class AuditError(PostersError):
    """The audit log cannot be read or written."""


class ReviewError(PostersError):
    """A reviewer's decision cannot be made as asked, or the stored decisions are damaged."""


class LeakFound(ReleaseRefused):
    """The leak scan found something in a finished artifact; nothing was published."""

    def __init__(self, findings: list[Any]) -> None:
        self.findings = list(findings)
        lines = [f"the leak scan found {len(findings)} problem{'s' if len(findings) != 1 else ''}; nothing was published:"]
        lines += [f"  - {f}" for f in findings[:30]]
        if len(findings) > 30:
            lines.append(f"  ... and {len(findings) - 30} more")
        lines.append("Something outside the public release reached an artifact (a template or caption?); fix it and publish again.")
        super().__init__("\n".join(lines))


class StoreRequired(PostersError):
    """A case loaded from text was given to a step that records something, without a store to record it in."""
