"""What the redaction data files may hold, as pydantic models: a policy, an overlay, a
lexicon (and, in forms.py on the same base, the writing forms).

Strict (nothing is coerced: a version that YAML reads as a number must be quoted) and
closed (an unknown key is an error, never ignored), because a policy key misspelled and
silently dropped would publish or withhold the wrong thing. The models also give editors
a JSON Schema (``posters schema policy``, ``posters schema overlay``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (BaseModel, BeforeValidator, StringConstraints, WithJsonSchema, ConfigDict, Field, GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo,
                      field_validator, model_validator)
from pydantic_core import core_schema

# From least to most strict; an overlay may only move a field to the right.
TREATMENTS = ("keep", "name", "free_text", "short_text", "withhold")
Treatment = Literal["keep", "name", "free_text", "short_text", "withhold"]
VALUE_KINDS = ("text", "address", "name")
ValueKind = Literal["text", "address", "name"]
PUBLIC = "PUBLIC"
REQUIRED_REASONS = ("PUBLIC", "CONF-CARE", "CONF-TRAFFICKING", "CONF-MEDICAL",
                    "CONF-CONTACT", "CONF-LOCATION", "CONF-INTERNAL")


@dataclass(frozen=True)
class _Matches:
    """Annotated metadata: the string must match ``pattern``; the error says what to write."""

    pattern: str
    says: str
    description: str

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        regex = re.compile(self.pattern)

        def check(value: str) -> str:
            if not regex.fullmatch(value):
                raise ValueError(f"{value!r}: {self.says}")
            return value
        return core_schema.no_info_after_validator_function(check, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        out = handler(schema)
        out.update(pattern=f"^(?:{self.pattern})$", description=self.description)
        return out


FieldPath = Annotated[str, _Matches(r"\w+(\[\])?(\.\w+(\[\])?)*", "a field path looks like 'children[].clothing' "
                                    "(keys joined by dots, [] for any list item)", "a case field path, [] for any list item")]
ReasonCode = Annotated[str, _Matches(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)*", "a reason code looks like CONF-CARE (capitals and dashes)",
                                     "a reason code: PUBLIC or CONF-*")]
# Citations and one-line texts are stripped first: a YAML folded block (>) ends in a newline.
Citation = Annotated[str, StringConstraints(strip_whitespace=True), _Matches(r"\S[^\n]*", "a citation is one line of text",
                                   "one line: the rule or law the reason rests on")]
Name = Annotated[str, _Matches(r"[\w.-]+", "write a name without spaces (letters, digits, - . _)", "a name without spaces")]
Word = Annotated[str, _Matches(r"[^\sA-Z.]+", "write one lowercase word without a period", "one lowercase word, no period")]
Text = Annotated[str, StringConstraints(strip_whitespace=True), _Matches(r"\S[^\n]*", "write one line of text", "one line of text")]


def _null_is_default(cls: type[BaseModel], value: Any, info: ValidationInfo) -> Any:
    # "reasons:" with nothing under it reads as null in YAML: it means none, the default.
    if value is None and info.field_name is not None:
        return cls.model_fields[info.field_name].get_default(call_default_factory=True)
    return value


def no_repeats(values: list[str]) -> list[str]:
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise ValueError(f"{', '.join(repeated)} listed twice; list each once")
    return values


class Strict(BaseModel):
    """Closed and strict: an unknown key is an error, and no value is coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class FieldSpec(Strict):
    """What to do with the field(s) at one path."""

    treatment: Treatment
    rule: Annotated[Name, Field(description="the rule id every decision on this field names")]
    reason: ReasonCode | None = Field(None, description="PUBLIC (the default for published treatments) or CONF-*")
    values: ValueKind | None = Field(None, description="withheld fields only: their values become scanner terms")

    @model_validator(mode="after")
    def _consistent(self) -> "FieldSpec":
        withheld = self.treatment == "withhold"
        if not self.reason_code or (self.reason_code == PUBLIC) == withheld:
            raise ValueError("withheld fields need a CONF-* reason (reason: CONF-INTERNAL), published ones PUBLIC or none")
        if self.values is not None and not withheld:
            raise ValueError("'values' is for withheld fields (text, address or name): it feeds their values to the scanner")
        return self

    @property
    def reason_code(self) -> str:
        return self.reason or (PUBLIC if self.treatment != "withhold" else "")


class Circumstances(Strict):
    """The internal narrative (never published) and the one written for the public."""

    internal: FieldPath
    public: FieldPath
    # The one decision that withholds the internal narrative, whole.
    rule: Name = "W-CIRCUMSTANCES-INTERNAL"
    reason: ReasonCode = "CONF-INTERNAL"

    @model_validator(mode="after")
    def _siblings(self) -> "Circumstances":
        if self.internal.rpartition(".")[0] != self.public.rpartition(".")[0]:
            raise ValueError(f"{self.internal!r} and {self.public!r} must share a parent "
                             "(missing.circumstances and missing.public_circumstances)")
        return self


class PublicContacts(Strict):
    """The phone numbers and web addresses public text may carry."""

    phones: list[Text] = Field(default_factory=list, description="numbers printed on every poster (the hotline)")
    sites: list[Text] = Field(default_factory=list, description="hosts any page of which is allowed")
    from_case_phones: list[FieldPath] = Field(default_factory=list, description="case paths: the agency's number")
    from_case_urls: list[FieldPath] = Field(default_factory=list, description="case paths: the case's public_url")


class PolicyFile(Strict):
    """A base policy (redaction/policies/ncmec.yaml)."""

    policy: Name
    version: Text
    description: str = ""
    lexicons: list[Text] = Field(description="bundled lexicon names, or paths relative to the policy file")
    reasons: dict[ReasonCode, Citation]
    circumstances: Circumstances
    fields: dict[FieldPath, FieldSpec]
    public_contacts: PublicContacts = PublicContacts()
    public_anchors: list[FieldPath] = Field(default_factory=list,
                                            description="public fields whose words are never terms on their own")
    headline_fields: dict[FieldPath, Text] = Field(default_factory=dict,
                                                   description="field path -> what the poster shows when it is emptied")

    _null = field_validator("public_contacts", "public_anchors", "headline_fields", mode="before")(_null_is_default)

    @field_validator("lexicons")
    @classmethod
    def _some_lexicon(cls, names: list[str]) -> list[str]:
        if not names:
            raise ValueError("lists no lexicon; free text would go unchecked (write lexicons: [en, es])")
        return no_repeats(names)

    @model_validator(mode="after")
    def _reasons_defined(self) -> "PolicyFile":
        missing = [r for r in REQUIRED_REASONS if r not in self.reasons]
        if missing:
            raise ValueError(f"reasons lack {', '.join(missing)}; add their citations")
        undefined(self.fields, self.reasons)
        if self.circumstances.reason not in self.reasons or self.circumstances.reason == PUBLIC:
            raise ValueError(f"circumstances.reason {self.circumstances.reason!r} must be a CONF-* code defined under 'reasons'")
        return self


class TermSpec(Strict):
    """One lexicon term; a plain string is a term with the default flags."""

    term: Text
    whole_word: bool | None = Field(None, description="never inside another word (default: terms of 5 or fewer letters)")
    acronym: bool = Field(False, description="only when written in capitals (CASA, not casa)")
    capitalized: bool = Field(False, description="only when its first letter is a capital")


def _term_spec(value: Any) -> Any:
    return {"term": value} if isinstance(value, str) else value


# A lexicon term as written: "foster" or {term: DCS, acronym: true}.
TermEntry = Annotated[TermSpec, BeforeValidator(_term_spec),
                      WithJsonSchema({"anyOf": [{"type": "string"}, TermSpec.model_json_schema()]})]


class PatternSpec(Strict):
    """One confidential regular expression, run case-insensitively on the plain text."""

    id: Name
    regex: Text
    label: Text | None = None
    requires: Text | None = Field(None, description="a word the text must contain for the regex to run at all")

    @model_validator(mode="after")
    def _compiles(self) -> "PatternSpec":
        try:
            regex = re.compile(self.regex, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"pattern {self.id} does not compile ({exc}); fix the regular expression") from None
        if regex.search("") is not None:
            # A pattern that matches the empty string would match everywhere.
            raise ValueError(f"pattern {self.id} matches the empty string; make it require at least one character")
        return self


class Group(Strict):
    """The terms and patterns of one reason code."""

    terms: list[TermEntry] = Field(default_factory=list)
    patterns: list[PatternSpec] = Field(default_factory=list)

    _null = field_validator("terms", "patterns", mode="before")(_null_is_default)


Groups = Annotated[dict[ReasonCode, Group], Field(min_length=1, description="reason code -> its terms and patterns")]


class Agency(Strict):
    """One state's child-welfare agency: names in any case, acronyms as whole words, ambiguous ones in capitals only."""

    state: Text
    names: list[Text] = Field(default_factory=list)
    acronyms: list[Text] = Field(default_factory=list)
    ambiguous: list[Text] = Field(default_factory=list)


class LexiconFile(Strict):
    """A lexicon (redaction/lexicons/en.yaml ...): terms and patterns per reason code, agencies, term lists."""

    language: Name
    description: str = ""
    reasons: Groups | None = None
    agencies: list[Agency] = Field(default_factory=list)
    term_lists: dict[ReasonCode, list[Text]] = Field(default_factory=dict,
                                                     description="reason code -> text files of terms, one a line")

    @model_validator(mode="after")
    def _holds_something(self) -> "LexiconFile":
        if self.reasons is None and not self.agencies and not self.term_lists:
            raise ValueError("holds no terms: add 'reasons' (reason code -> terms and patterns), 'agencies' or 'term_lists'")
        return self


class OverlayFile(Strict):
    """An agency overlay: withholds more, adds reasons and terms, never loosens."""

    overlay: Name
    version: Text
    description: str = ""
    lexicons: list[Text] = Field(default_factory=list)
    reasons: dict[ReasonCode, Citation] = Field(default_factory=dict)
    lexicon: Groups | None = Field(None, description="inline lexicon terms: reason code -> {terms, patterns}")
    fields: dict[FieldPath, FieldSpec] = Field(default_factory=dict)

    _null = field_validator("lexicons", "reasons", "fields", mode="before")(_null_is_default)


def undefined(fields: dict[str, FieldSpec], reasons: Any) -> None:
    """Raises ValueError naming the first field whose reason has no citation; never raises otherwise."""
    for path, spec in fields.items():
        if spec.reason_code not in reasons:
            raise ValueError(f"fields[{path!r}]: reason {spec.reason_code!r} is not defined under 'reasons'")
