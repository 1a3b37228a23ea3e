"""Reporting and release rules as data: posters/data/rules.yaml, validated here (pydantic gives editors a JSON Schema).

Deadlines (which report, counted from which time, how many hours, under which law),
the case statuses that may be published or taken down, and the hotline. A broken
rules file stops everything with a message naming the key: rules are never guessed.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from posters.errors import PostersError, first_problem

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "rules.yaml"
CaseTimePath = Literal["case.learned_missing_at", "case.reported.law_enforcement_at",
                       "case.reported.ncic_entered_at", "case.reported.ncmec_at"]
Status = Literal["active", "recovered", "cancelled"]


class RulesError(PostersError):
    """The rules file is unreadable or holds a bad value (the message names the key)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Deadline(_Strict):
    """One report: done when `done` is set, due `hours` after `counted_from`."""

    report: Annotated[str, StringConstraints(min_length=1)]
    done: CaseTimePath
    counted_from: CaseTimePath
    hours: float = Field(gt=0, le=24 * 30)
    law: str = ""


class ReleaseRules(_Strict):
    publish_statuses: list[Status] = Field(min_length=1)
    takedown_statuses: list[Status] = Field(min_length=1)


class Hotline(_Strict):
    number: Annotated[str, StringConstraints(pattern=r"^[0-9][0-9-]{6,}$")]
    vanity: str


class Rules(_Strict):
    """The whole rules file, version 1."""

    schema_: Literal["posters/rules-v1"] = Field(alias="schema")
    deadlines: list[Deadline] = Field(min_length=1)
    release: ReleaseRules
    hotline: Hotline

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _known_starts(self) -> "Rules":
        done = {d.done for d in self.deadlines} | {"case.learned_missing_at"}
        for d in self.deadlines:
            if d.counted_from not in done:
                raise ValueError(f"deadline {d.report!r} is counted from {d.counted_from}, which no report sets")
        return self

    def deadline_after(self, deadline: Deadline) -> str:
        """How a deadline is put in words: '24 hours', or '2 hours of the report to law enforcement'; never raises."""
        start = next((d for d in self.deadlines if d.done == deadline.counted_from), None)
        hours = f"{deadline.hours:g} hours"
        return f"{hours} of the report to {start.report}" if start else hours


def load_rules(path: Path | None = None) -> Rules:
    """The rules (the bundled file unless `path` is given); raises RulesError naming the bad key."""
    return _load(path or RULES_FILE)


@lru_cache(maxsize=4)
def _load(path: Path) -> Rules:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Rules.model_validate(data)
    except OSError as exc:
        raise RulesError(f"the rules file {path} cannot be read ({exc.strerror or exc}); reinstall posters") from None
    except yaml.YAMLError as exc:
        raise RulesError(f"the rules file {path} is not valid YAML: {exc}") from None
    except ValidationError as exc:
        raise RulesError(f"the rules file {path}: {first_problem(exc)}") from None
